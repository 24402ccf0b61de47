package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failover workflow, executed for real: statemachine/failover.asl.json in the ASL engine,
 * every Task done by the real handler, against the two-region sandbox.
 */
class FailoverDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";

    @Test
    void failover_whenWorldIsHealthy_promotesScalesUpAndNotifies() {
        try (DrillHarness h = new DrillHarness("{}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            DrillReport.RegionView dr = report.fin().regions().get(DR);
            assertTrue(dr.fileSystem().writable());
            assertNull(dr.fileSystem().replication());
            assertEquals("fs-0fedcba9876543210", dr.storageClass().parameters().get("fileSystemId"));
            dr.workloads().forEach(w -> assertEquals(w.replicas(), w.readyReplicas(), w.name()));
            assertTrue(dr.workloads().stream().allMatch(w -> w.replicas() > 0));
            report.fin()
                    .regions()
                    .get(PRIMARY)
                    .workloads()
                    .forEach(w -> assertEquals(0, w.replicas(), "primary fenced"));
            assertEquals(
                    0L,
                    report.dataLossWindowSeconds(),
                    "graceful: a sync past the primary's stop proves nothing was lost");
            assertEquals(Boolean.TRUE, report.dataLossProven());
            assertNotNull(report.rtoSeconds());
            assertTrue(
                    report.rtoSeconds() >= 60 + 30 + 60,
                    "RTO includes the 30 s pod grace, the 60 s final sync and the 60 s " + "promotion: "
                            + report.rtoSeconds());
            List<String> subjects = report.notifications().stream()
                    .map(DrillReport.NotificationView::subject)
                    .toList();
            assertEquals(2, subjects.size(), subjects.toString());
            assertTrue(subjects.get(0).contains("started"));
            assertTrue(subjects.get(1).contains("complete"));
            assertTrue(
                    report.notifications().get(1).message().contains("Data-loss window: 0 s, proven"),
                    report.notifications().get(1).message());
        }
    }

    @Test
    void failover_inWarmStandby_refusesTheStandbyWritesUntilPromotion() {
        String scenario = """
        {"workloads": [{"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 3, \
        "standbyReplicas": 1}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            assertTrue(
                    h.sandbox.aws().efs().refusedWrites("fs-0fedcba9876543210") > 0,
                    "the standby pod's writes hit a read-only file system");
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            assertEquals(3, report.fin().regions().get(DR).workloads().get(0).readyReplicas());
        }
    }

    @Test
    void failover_whenPrimaryRegionIsDown_skipsFencingAndDeletesOnlyTheLocalConfiguration() {
        try (DrillHarness h = new DrillHarness("{\"primaryReachable\": false}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(report.invariantViolations().isEmpty());
            assertTrue(h.sandbox.aws().efs().isWritable("fs-0fedcba9876543210"));
            assertTrue(
                    h.sandbox
                            .aws()
                            .efs()
                            .replication(PRIMARY, "fs-0123456789abcdef0")
                            .isPresent(),
                    "the primary side keeps its record of the replication for failback to clean up");
            assertTrue(h.sandbox
                    .aws()
                    .efs()
                    .replication(DR, "fs-0123456789abcdef0")
                    .isEmpty());
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(complete.contains("fencing skipped: primary unreachable"), complete);
            assertTrue(complete.contains("LOCAL_CONFIGURATION_ONLY"), complete);
        }
    }

    @Test
    void failover_whenDrStorageClassIsMissing_createsIt() {
        try (DrillHarness h = new DrillHarness("{\"storageClassPresent\": false}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            var storageClass = h.sandbox.drCluster().storageClass("efs-sc").orElseThrow();
            assertEquals("fs-0fedcba9876543210", storageClass.parameters().get("fileSystemId"));
            assertEquals("efs-ap", storageClass.parameters().get("provisioningMode"));
            assertEquals("false", storageClass.parameters().get("ensureUniqueDirectory"));
        }
    }

    @Test
    void failover_whenDrStorageClassPointsAtTheWrongFileSystem_recreatesItAndSaysSo() {
        String scenario = """
        {"storageClassParameters": {"provisioningMode": "efs-ap", "fileSystemId": "fs-0123456789abcdef0",
          "directoryPerms": "700", "uid": "1000", "gid": "1000", "basePath": "/dynamic_provisioning",
          "subPathPattern": "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory": "false", "reuseAccessPoint": \
        "false"}}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            String uidBefore =
                    h.sandbox.drCluster().storageClass("efs-sc").orElseThrow().uid();
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            var storageClass = h.sandbox.drCluster().storageClass("efs-sc").orElseThrow();
            assertEquals("fs-0fedcba9876543210", storageClass.parameters().get("fileSystemId"));
            assertFalse(uidBefore.equals(storageClass.uid()), "deleted and re-created, not patched");
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(complete.contains("re-created StorageClass efs-sc"), complete);
            assertTrue(complete.contains("fs-0123456789abcdef0 -> fs-0fedcba9876543210"), complete);
        }
    }

    @Test
    void failover_whenAnEfsCallIsThrottledTwice_succeedsOnRetry() {
        String scenario = """
        {"faults": [{"service": "elasticfilesystem", "operation": "DeleteReplicationConfiguration", "error": \
        "throttling", "times": 2}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(2, h.sandbox.faults().injectedCount("elasticfilesystem", "DeleteReplicationConfiguration"));
            long deletes = h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                    .filter(AwsCall::succeeded)
                    .count();
            assertEquals(1, deletes);
        }
    }

    @Test
    void failover_whenScalingNeverWorks_failsNotifiesTheStepAndChangesNothingAfterIt() {
        String scenario = """
        {"faults": [{"service": "kubernetes", "operation": "patch:scale", "error": "5xx", "region": "us-west-2"}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("FAILED", report.status());
            assertEquals("Scale DR Workloads", report.failedState());
            assertTrue(report.error().contains("DependencyUnavailableException"), report.error());
            DrillReport.NotificationView last =
                    report.notifications().get(report.notifications().size() - 1);
            assertTrue(last.subject().contains("FAILED at Scale DR Workloads"), last.subject());
            assertTrue(last.message().contains("IS ALREADY PROMOTED"), last.message());
            report.fin().regions().get(DR).workloads().forEach(w -> assertEquals(0, w.replicas(), w.name()));
            assertTrue(report.invariantViolations().isEmpty());
            assertTrue(
                    report.steps().stream().noneMatch(s -> s.name().equals("Check Readiness")),
                    "nothing ran after the failed step");
        }
    }

    @Test
    void failover_whenTheApiServerAnswersConflictAndTooManyRequests_retriesUntilEveryWorkloadIsScaled() {
        String scenario = """
        {"workloadCount": 12, "faults": [
          {"service": "kubernetes", "operation": "patch:scale", "error": "conflict", "times": 3, "region": "us-west-2"},
          {"service": "kubernetes", "operation": "patch:scale", "error": "throttling", "times": 3, "region": \
        "us-west-2"}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertEquals(12, report.fin().regions().get(DR).workloads().size());
            report.fin()
                    .regions()
                    .get(DR)
                    .workloads()
                    .forEach(w -> assertTrue(w.replicas() > 0 && w.replicas() == w.readyReplicas(), w.name()));
            assertEquals(3, h.sandbox.faults().injectedCount("kubernetes", "patch:scale") - 3);
            assertTrue(
                    h.sandbox.drCluster().maxConcurrentRequests() <= 10 + 1,
                    "at most the plan's 10 calls in flight: "
                            + h.sandbox.drCluster().maxConcurrentRequests());
        }
    }

    @Test
    void failover_whenDryRun_changesNothing() {
        try (DrillHarness h = new DrillHarness("{\"dryRun\": true}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    h.sandbox.aws().calls().successfulMutations().isEmpty(),
                    h.sandbox.aws().calls().successfulMutations().toString());
            for (var cluster : List.of(h.sandbox.primaryCluster(), h.sandbox.drCluster())) {
                List<ApiCall> writes =
                        cluster.calls().stream().filter(ApiCall::mutating).toList();
                assertTrue(writes.isEmpty(), cluster.clusterName() + " got writes: " + writes);
            }
            assertFalse(h.sandbox.aws().efs().isWritable("fs-0fedcba9876543210"));
            assertTrue(report.notifications().stream().allMatch(n -> n.subject().startsWith("[DRY RUN]")));
        }
    }

    @Test
    void failover_rerunAfterAFailure_completesToTheSameFinalStateAsAHealthyRun() {
        String scenario = """
        {"faults": [{"service": "kubernetes", "operation": "patch:scale", "error": "5xx", "region": "us-west-2"}]}
        """;
        DrillReport.RegionView healthyDr;
        try (DrillHarness healthy = new DrillHarness("{}")) {
            healthyDr = healthy.failover().fin().regions().get(DR);
        }
        try (DrillHarness h = new DrillHarness(scenario)) {
            assertEquals("FAILED", h.failover().status());
            h.sandbox.faults().clear();

            DrillReport rerun = h.failover();

            assertEquals("SUCCEEDED", rerun.status(), h.printed());
            DrillReport.RegionView dr = rerun.fin().regions().get(DR);
            assertEquals(healthyDr.fileSystem(), dr.fileSystem());
            assertEquals(healthyDr.storageClass(), dr.storageClass());
            assertEquals(healthyDr.withoutTimes().workloads(), dr.withoutTimes().workloads());
            assertTrue(rerun.invariantViolations().isEmpty());
        }
    }

    @Test
    void failover_whenTheHandlerRuntimeCrashesAfterPromoting_retriesTheStepIdempotently() throws Exception {
        try (DrillHarness h = new DrillHarness("{}")) {
            DrillReport report =
                    h.runWithHost("failover", host -> host.crashAfterHandler("PromoteFileSystemFunction", 1));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            DrillReport.Step promote = report.steps().stream()
                    .filter(s -> s.name().equals("Promote DR File System"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(1, promote.retries());
            long deletes = h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                    .filter(AwsCall::succeeded)
                    .count();
            assertEquals(1, deletes, "the retry found the deletion under way and did not delete again");
        }
    }
}
