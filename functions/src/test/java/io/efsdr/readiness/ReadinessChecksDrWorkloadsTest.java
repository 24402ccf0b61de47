package io.efsdr.readiness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.kubernetes.WorkloadVolumes;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.PlanValidator;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessChecksDrWorkloadsTest {
    private static final DrPlan PLAN = new PlanValidator().parse("""
      {
        "application": "shop",
        "primary": {"region": "us-east-1", "clusterName": "shop-primary", "fileSystemId": "fs-0123456789abcdef0"},
        "dr": {"region": "us-west-2", "clusterName": "shop-dr", "fileSystemId": "fs-0fedcba9876543210"},
        "storageClass": {"name": "efs-sc", "uid": "1000", "gid": "1000"},
        "workloads": {"items": [{"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 3}]},
        "rpoSeconds": 900
      }
      """);
    private static final Workload WEB = new Workload("shop", WorkloadKind.Deployment, "web", 3, 0);
    private static final Instant LAST_SYNC = Instant.parse("2026-11-25T02:59:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    @Test
    void drWorkloads_whenAClaimIsNewerThanTheLastSync_expectWarnNamingItWithItsAge() {
        WorkloadVolumes web = new WorkloadVolumes(
                WEB,
                0,
                2,
                List.of(),
                Map.of(
                        "shop/web-uploads", Instant.parse("2026-10-01T00:00:00Z"),
                        "shop/web-cache", Instant.parse("2026-11-25T02:59:30Z")));

        CheckResult result = WorkloadFindings.drWorkloads(PLAN, List.of(WEB), List.of(web), LAST_SYNC, NOW);

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertTrue(
                        result.detail().contains("shop/web-cache (created 2026-11-25T02:59:30Z, 30 s ago)"),
                        result.detail()),
                () -> assertTrue(result.detail().contains("no data in DR"), result.detail()),
                () -> assertFalse(result.detail().contains("shop/web-uploads"), result.detail()));
    }

    @Test
    void drWorkloads_whenEveryClaimIsOlderThanTheLastSync_expectOk() {
        WorkloadVolumes web = new WorkloadVolumes(
                WEB, 0, 1, List.of(), Map.of("shop/web-uploads", Instant.parse("2026-10-01T00:00:00Z")));

        assertEquals(
                CheckStatus.OK,
                WorkloadFindings.drWorkloads(PLAN, List.of(WEB), List.of(web), LAST_SYNC, NOW)
                        .status());
    }

    @Test
    void drWorkloads_whenNoSyncIsKnown_expectNoClaimFlagged() {
        WorkloadVolumes web = new WorkloadVolumes(
                WEB, 0, 1, List.of(), Map.of("shop/web-cache", Instant.parse("2026-11-25T02:59:30Z")));

        assertEquals(
                CheckStatus.OK,
                WorkloadFindings.drWorkloads(PLAN, List.of(WEB), List.of(web), null, NOW)
                        .status());
    }

    @Test
    void drWorkloads_whenAWorkloadIsOffStandbyAndAClaimIsNew_expectFailNamingBoth() {
        WorkloadVolumes web = new WorkloadVolumes(
                WEB, 2, 1, List.of(), Map.of("shop/web-cache", Instant.parse("2026-11-25T02:59:30Z")));

        CheckResult result = WorkloadFindings.drWorkloads(PLAN, List.of(WEB), List.of(web), LAST_SYNC, NOW);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().contains("runs 2 replicas"), result.detail()),
                () -> assertTrue(result.detail().contains("shop/web-cache"), result.detail()));
    }

    @Test
    void withControllers_whenAControllerCanScaleAWorkloadBack_warnsNamingItAndTheFix() {
        CheckResult ok = CheckResult.ok(ReadinessChecks.DR_WORKLOADS, "all fine");

        CheckResult result = WorkloadFindings.withControllers(
                ok,
                List.of("shop-dr shop/Deployment/web: Argo CD application shop "
                        + "tracks it; fix: add ignoreDifferences"));

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertTrue(result.detail().contains("Argo CD application shop"), result.detail()),
                () -> assertTrue(result.detail().contains("ignoreDifferences"), result.detail()));
    }

    @Test
    void withControllers_whenAlreadyFailing_staysFailAndKeepsTheProblem() {
        CheckResult failing = CheckResult.fail(ReadinessChecks.DR_WORKLOADS, "1 problem(s)");

        CheckResult result = WorkloadFindings.withControllers(failing, List.of("shop-dr shop/Deployment/web: HPA"));

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().startsWith("1 problem(s). 1 workload(s)"), result.detail()));
    }

    @Test
    void withControllers_whenNoneFound_keepsTheResult() {
        CheckResult ok = CheckResult.ok(ReadinessChecks.DR_WORKLOADS, "all fine");

        assertEquals(ok, WorkloadFindings.withControllers(ok, List.of()));
    }

    private static final Workload WARM = new Workload("shop", WorkloadKind.Deployment, "web", 3, 1);

    @Test
    void drWorkloads_whenDrIsWritableWithoutReplicationAndTheWarmStandbyIsHeldAtZero_expectWarnSayingWhy() {
        WorkloadVolumes web = new WorkloadVolumes(WARM, 0, 1, List.of());

        CheckResult result = WorkloadFindings.drWorkloads(PLAN, List.of(WARM), List.of(web), null, NOW, true);

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertTrue(
                        result.detail()
                                .contains("shop/Deployment/web held at 0 instead of standby 1: DR file system writable"
                                        + " without replication"),
                        result.detail()));
    }

    @Test
    void drWorkloads_whenDrIsWritableWithoutReplicationAndTheWarmStandbyRuns_expectFailTwoRegionsCanWrite() {
        WorkloadVolumes web = new WorkloadVolumes(WARM, 1, 1, List.of());

        CheckResult result = WorkloadFindings.drWorkloads(PLAN, List.of(WARM), List.of(web), null, NOW, true);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().contains("two regions can write"), result.detail()));
    }
}
