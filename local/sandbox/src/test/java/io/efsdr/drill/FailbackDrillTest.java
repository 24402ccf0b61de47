package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failback workflow, executed for real (statemachine/failback.asl.json, real handlers, the
 * sandbox). The invariant check must stay clean through every one of these.
 */
class FailbackDrillTest {
    private static final String PRIMARY = "us-east-1";
    private static final String DR = "us-west-2";
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String DR_FS = "fs-0fedcba9876543210";

    @Test
    void failback_whenDrIsActive_returnsToThePrimaryAndReprotects() {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\"}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            DrillReport.RegionView primary = report.fin().regions().get(PRIMARY);
            DrillReport.RegionView dr = report.fin().regions().get(DR);
            assertTrue(primary.fileSystem().writable());
            assertFalse(dr.fileSystem().writable(), "the DR file system is a replication destination again");
            assertEquals(
                    new DrillReport.ReplicationView(PRIMARY_FS, DR_FS, "ENABLED"),
                    dr.fileSystem().replication());
            primary.workloads()
                    .forEach(w -> assertTrue(w.replicas() > 0 && w.replicas() == w.readyReplicas(), w.name()));
            dr.workloads().forEach(w -> assertEquals(0, w.replicas(), "pilot light: DR back at standby"));
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(complete.contains("Writes stopped (DR writers stopped to primary ready):"), complete);
            assertTrue(complete.contains("runs in us-east-1 again"), complete);
        }
    }

    @Test
    void failback_afterARegionDownFailover_deletesTheStaleRecordFirst() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"primaryReachable\": false}")) {
            assertEquals("SUCCEEDED", h.failover().status(), h.printed());
            h.sandbox.primaryRegionRecovers(false);
            assertTrue(
                    h.sandbox.aws().efs().replication(PRIMARY, PRIMARY_FS).isPresent(),
                    "stale record left by LOCAL_CONFIGURATION_ONLY");
            h.runGuard();
            assertTrue(
                    h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS),
                    "the split-brain guard fenced the returned primary");

            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(complete.contains("deleted the stale record of replication"), complete);
            assertFalse(h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS), "the failback removed the write fence");
            assertEquals(
                    new DrillReport.ReplicationView(PRIMARY_FS, DR_FS, "ENABLED"),
                    report.fin().regions().get(DR).fileSystem().replication());
        }
    }

    @Test
    void failback_whenPrimaryWorkloadsAreFoundRunning_scalesThemDownFirst() {
        try (DrillHarness h = new DrillHarness("{\"primaryReachable\": false}")) {
            assertEquals("SUCCEEDED", h.failover().status(), h.printed());
            h.sandbox.primaryRegionRecovers(true);
            assertTrue(h.sandbox.primaryCluster().runningReplicas() > 0);
            DrillReport refused = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));
            assertEquals(
                    "Check Failback Preconditions",
                    refused.failedState(),
                    "refused while the fence is pending: " + h.printed());
            // An operator who clears the pending fence by hand (the guard never ran): the failback still stops them
            // first.
            h.sandbox
                    .aws()
                    .ssm()
                    .put(DR, "/efs-dr/active-region-fence", "{\"workloads\":\"NONE\",\"fileSystem\":\"NONE\"}");

            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    "the failback itself never lets both write: " + report.invariantViolations());
            String complete = report.notifications()
                    .get(report.notifications().size() - 1)
                    .message();
            assertTrue(complete.contains("were found running and were scaled down first"), complete);
            Instant firstPrimaryStop = firstScaleCall(h.sandbox.primaryCluster().calls(), report);
            Instant reverse = h.sandbox.aws().calls().of("elasticfilesystem", "CreateReplicationConfiguration").stream()
                    .filter(AwsCall::succeeded)
                    .map(AwsCall::at)
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    firstPrimaryStop.isBefore(reverse), "primary stopped before its file system became a destination");
        }
    }

    private static Instant firstScaleCall(List<ApiCall> calls, DrillReport report) {
        return calls.stream()
                .filter(c -> c.mutating() && c.path().endsWith("/scale"))
                .map(ApiCall::at)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scale call on the primary: " + report.steps()));
    }

    @Test
    void failback_whenTheSyncIsSlow_deletesTheReplicationOnlyAfterASyncLaterThanTheQuiesce() {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\", \"replicationLagSeconds\": 600}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            Instant lastDrStop = h.sandbox.drCluster().calls().stream()
                    .filter(c -> c.mutating() && c.path().endsWith("/scale"))
                    .map(ApiCall::at)
                    .max(Instant::compareTo)
                    .orElseThrow();
            Instant delete = h.sandbox.aws().calls().of("elasticfilesystem", "DeleteReplicationConfiguration").stream()
                    .filter(c -> c.succeeded() && c.region().equals(PRIMARY))
                    .map(AwsCall::at)
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    Duration.between(lastDrStop, delete).compareTo(Duration.ofSeconds(600)) >= 0,
                    "the DR -> primary replication was deleted "
                            + Duration.between(lastDrStop, delete).toSeconds()
                            + " s after the DR writers stopped, before a sync 600 s behind could have covered them");
            DrillReport.Step finalSync = report.steps().stream()
                    .filter(s -> s.name().equals("Check Final Sync"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(finalSync.entries() > 10, "the wait loop held: " + finalSync);
            assertTrue(report.invariantViolations().isEmpty());
        }
    }

    @Test
    void failback_whenPromotingThePrimaryNeverWorks_failsSaysWritesAreStoppedAndARerunCompletes() {
        String scenario = """
        {"activeSide": "dr", "faults": [{"service": "elasticfilesystem", "operation": "DeleteReplicationConfiguration",
          "error": "5xx", "region": "us-east-1"}]}
        """;
        try (DrillHarness h = new DrillHarness(scenario)) {
            DrillReport failed = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("FAILED", failed.status());
            assertEquals("Promote Primary File System", failed.failedState());
            String notice = failed.notifications()
                    .get(failed.notifications().size() - 1)
                    .message();
            assertTrue(notice.contains("WRITES ARE STOPPED"), notice);
            assertTrue(failed.invariantViolations().isEmpty());
            failed.fin().regions().get(PRIMARY).workloads().forEach(w -> assertEquals(0, w.replicas()));

            h.sandbox.faults().clear();
            DrillReport rerun = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test: re-run"));

            assertEquals("SUCCEEDED", rerun.status(), h.printed());
            assertTrue(rerun.invariantViolations().isEmpty());
            assertEquals(
                    new DrillReport.ReplicationView(PRIMARY_FS, DR_FS, "ENABLED"),
                    rerun.fin().regions().get(DR).fileSystem().replication());
        }
    }

    @Test
    void failback_whenThePrimaryIsStillActive_isRefusedBeforeAnyChange() {
        try (DrillHarness h = new DrillHarness("{}")) {
            h.sandbox.aws().calls().clear();
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("FAILED", report.status());
            assertEquals("Check Failback Preconditions", report.failedState());
            assertTrue(report.error().contains("fail over first"), report.error());
            assertTrue(h.sandbox.aws().calls().successfulMutations().isEmpty());
            assertTrue(h.sandbox.primaryCluster().calls().stream().noneMatch(ApiCall::mutating));
        }
    }

    @Test
    void failback_whenThePrimaryRegionIsStillDown_isRefusedBeforeAnyChange() {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\", \"primaryReachable\": false}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("FAILED", report.status());
            assertEquals("Check Failback Preconditions", report.failedState());
            assertTrue(report.error().contains("does not answer"), report.error());
            assertTrue(h.sandbox.aws().calls().successfulMutations().isEmpty());
        }
    }

    @Test
    void failback_whenDryRun_changesNothing() {
        try (DrillHarness h = new DrillHarness("{\"activeSide\": \"dr\", \"dryRun\": true}")) {
            DrillReport report = h.run("failback", Drill.input(h.sandbox.scenario(), "drill test"));

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(
                    h.sandbox.aws().calls().successfulMutations().isEmpty(),
                    h.sandbox.aws().calls().successfulMutations().toString());
            for (var cluster : List.of(h.sandbox.primaryCluster(), h.sandbox.drCluster())) {
                assertTrue(cluster.calls().stream().noneMatch(ApiCall::mutating), cluster.clusterName());
            }
        }
    }

    @Test
    void cycle_twiceInARow_returnsTheWorldToWhereItStarted() {
        try (DrillHarness h = new DrillHarness(
                "{\"workloads\": [{\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"web\", "
                        + "\"activeReplicas\": 3, \"standbyReplicas\": 1}, {\"namespace\": \"shop\", "
                        + "\"kind\": \"StatefulSet\", \"name\": \"db\", "
                        + "\"activeReplicas\": 1, \"standbyReplicas\": 0}]}")) {
            DrillReport.Final start = Drill.finalWorld(h.sandbox).withoutTimes();

            for (int round = 1; round <= 2; round++) {
                DrillReport cycle = h.drill.cycle(h.sandbox);

                assertEquals("SUCCEEDED", cycle.status(), "round " + round + ": " + h.printed());
                assertTrue(
                        cycle.invariantViolations().isEmpty(),
                        cycle.invariantViolations().toString());
                assertEquals(
                        start.regions(),
                        cycle.fin().withoutTimes().regions(),
                        "round " + round + " did not return the world to where it started");
            }
        }
    }
}
