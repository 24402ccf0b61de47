package io.efsdr.readiness;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.SsmParameters;
import io.efsdr.gitops.HandOverChange;
import io.efsdr.gitops.HandOverLedger;
import io.efsdr.gitops.Lever;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Target;
import io.efsdr.testing.InMemorySsm;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a failover, every readiness run reports the workloads handed over from GitOps and the Git change to make. */
class ReadinessChecksHandOverTest {
    private final DrPlan plan = Plans.plan();
    private final InMemorySsm ssm = new InMemorySsm();
    private final HandOverLedger ledger = HandOverLedger.inMemory();
    private final ReadinessChecks checks = new ReadinessChecks(
            null,
            null,
            null,
            null,
            null,
            null,
            new ActiveRegion(new SsmParameters(ssm::client, DR.region()), "/efs-dr/active-region", new TestClock(T0)),
            new TestClock(T0),
            io.efsdr.plan.TrafficCheck.NONE,
            ledger);

    @Test
    void handOver_whenTheLedgerHoldsLevers_warnsWithTheWorkloadsAndTheGitChange() {
        ssm.values().put("/efs-dr/active-region", DR.region());
        ledger.recordHandedOver(List.of(new HandOverChange(
                "failover-1",
                HandOverChange.Taker.FAILOVER,
                Target.DR,
                DR.clusterName(),
                DR.region(),
                Lever.FLUX_RECONCILE_DISABLED,
                "Deployment",
                "shop",
                "web",
                "/apis/apps/v1/namespaces/shop/deployments/web",
                "Kustomization flux-system/apps",
                "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps",
                List.of("shop/Deployment/web"),
                null,
                T0)));

        CheckResult result = checks.handOver(plan, CheckResult.ok(ReadinessChecks.ACTIVE_REGION, "us-west-2 serves"));

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertTrue(result.detail().contains("shop/Deployment/web"), result.detail()),
                () -> assertTrue(
                        result.detail().contains("Git change: in the Git source of Kustomization"), result.detail()));
    }

    @Test
    void handOver_whenNothingIsHandedOver_leavesTheCheckAsItIs() {
        CheckResult ok = CheckResult.ok(ReadinessChecks.ACTIVE_REGION, "primary serves");

        assertSame(ok, checks.handOver(plan, ok));
    }
}
