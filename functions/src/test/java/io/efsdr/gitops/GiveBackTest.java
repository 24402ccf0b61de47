package io.efsdr.gitops;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.WorkflowLimits;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The give-back restores exactly the value before, only where ours still holds, then waits for sync. */
class GiveBackTest {
    private final GitOpsWorld world = new GitOpsWorld();
    private final HandOverLedger ledger = HandOverLedger.inMemory();
    private final TestClock clock = new TestClock(T0);
    private final HandOver handOver = new HandOver(world.clusters, ledger, clock);
    private final GiveBack giveBack = new GiveBack(world.clusters, ledger, clock);
    private final DrPlan plan = Plans.plan(List.of(WEB));
    private final RunContext failover = Plans.run("failover");
    private final RunContext failback = new RunContext("failback-1", "failback", "test", false, T0, null);

    private static final String FLUX_ANNOTATION = "kustomize.toolkit.fluxcd.io/reconcile";
    private static final String ARGO_ANNOTATION = "argocd.argoproj.io/skip-reconcile";

    private String annotation(ObjectNode object, String key) {
        return object.path("metadata").path("annotations").path(key).asText(null);
    }

    @Test
    void giveBack_afterAFailover_restoresEveryValueBeforeAndEmptiesTheLedger() {
        world.fluxKustomization(DR, WEB, "apps").argoCd(PRIMARY, WEB, "shop", PRIMARY);
        ObjectNode app = world.object(PRIMARY, GitOpsKind.APPLICATION.path("argocd", "shop"));
        ((ObjectNode) app.path("metadata")).putObject("annotations").put(ARGO_ANNOTATION, "false");
        handOver.handOver(plan, failover);

        GiveBackResult result = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, false, null, 0);

        assertAll(
                () -> assertTrue(result.done(), result.summary()),
                () -> assertTrue(result.inSync()),
                () -> assertEquals(2, result.givenBack().size()),
                () -> assertEquals(List.of(), ledger.handedOver()),
                () -> assertFalse(world.object(DR, GitOpsWorld.path(WEB))
                        .path("metadata")
                        .path("annotations")
                        .has(FLUX_ANNOTATION)),
                () -> assertEquals("false", annotation(app, ARGO_ANNOTATION)));
    }

    @Test
    void giveBack_whenAPersonChangedTheValueSince_leavesItAndReportsIt() {
        world.fluxKustomization(DR, WEB, "apps");
        handOver.handOver(plan, failover);
        ObjectNode web = world.object(DR, GitOpsWorld.path(WEB));
        ((ObjectNode) web.path("metadata").path("annotations")).put(FLUX_ANNOTATION, "enabled");

        GiveBackResult result = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, false, null, 0);

        assertAll(
                () -> assertEquals("enabled", annotation(web, FLUX_ANNOTATION)),
                () -> assertEquals(List.of(), result.givenBack()),
                () -> assertTrue(result.summary().contains("changed since the hand-over"), result.summary()),
                () -> assertEquals(List.of(), ledger.handedOver()));
    }

    @Test
    void giveBack_withRunScope_restoresOnlyWhatThisExecutionTook() {
        world.fluxKustomization(DR, WEB, "apps");
        handOver.handOver(plan, failover);
        RunContext other = new RunContext("failover-2", "failover", "test", false, T0, null);

        GiveBackResult result = giveBack.giveBack(plan, other, GiveBack.Scope.RUN, false, false, null, 0);

        assertAll(
                () -> assertTrue(result.done()),
                () -> assertEquals(List.of(), result.givenBack()),
                () -> assertEquals(1, ledger.handedOver().size()),
                () -> assertEquals("disabled", annotation(world.object(DR, GitOpsWorld.path(WEB)), FLUX_ANNOTATION)));
    }

    @Test
    void giveBack_whenAControllerIsNotInSync_pollsUntilItIsOrTheBoundPasses() {
        world.fluxKustomization(DR, WEB, "apps");
        handOver.handOver(plan, failover);
        ObjectNode kustomization = world.object(DR, GitOpsKind.KUSTOMIZATION.path("flux-system", "apps"));
        GitOpsWorld.ready(kustomization, "False");

        GiveBackResult first = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, false, null, 0);
        clock.advanceSeconds(60);
        GiveBackResult second = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, false, first, 0);
        clock.advanceSeconds(WorkflowLimits.GITOPS_SYNC_SECONDS);
        GiveBackResult last = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, false, second, 0);

        assertAll(
                () -> assertFalse(first.done(), first.summary()),
                () -> assertEquals(1, first.givenBack().size()),
                () -> assertFalse(second.done()),
                () -> assertEquals(1, second.givenBack().size()),
                () -> assertTrue(last.done()),
                () -> assertTrue(last.gaveUp(), last.summary()));
    }

    @Test
    void giveBack_whenDrIsUnprotected_keepsDrHandedOver() {
        world.fluxKustomization(DR, WEB, "apps");
        handOver.handOver(plan, failover);

        GiveBackResult result = giveBack.giveBack(plan, failback, GiveBack.Scope.ALL, true, true, null, 0);

        assertAll(
                () -> assertEquals(1, ledger.handedOver().size()),
                () -> assertEquals("disabled", annotation(world.object(DR, GitOpsWorld.path(WEB)), FLUX_ANNOTATION)),
                () -> assertTrue(result.summary().contains("DR is not protected"), result.summary()));
    }

    @Test
    void giveBack_whenDryRun_changesNothing() {
        world.fluxKustomization(DR, WEB, "apps");
        handOver.handOver(plan, failover);
        int writes = world.cluster(DR).writes().size();

        GiveBackResult result = giveBack.giveBack(
                plan,
                new RunContext("failback-1", "failback", "test", true, T0, null),
                GiveBack.Scope.ALL,
                true,
                false,
                null,
                0);

        assertAll(
                () -> assertTrue(result.summary().startsWith("dry run: would give back"), result.summary()),
                () -> assertEquals(writes, world.cluster(DR).writes().size()),
                () -> assertEquals(1, ledger.handedOver().size()));
    }
}
