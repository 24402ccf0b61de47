package io.efsdr.gitops;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.GitOpsPlan;
import io.efsdr.plan.Site;
import io.efsdr.plan.Target;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-over sets the narrowest lever per controller, records the value before, and is idempotent. */
class HandOverTest {
    private final GitOpsWorld world = new GitOpsWorld();
    private final HandOverLedger ledger = HandOverLedger.inMemory();
    private final TestClock clock = new TestClock(T0);
    private final HandOver handOver = new HandOver(world.clusters, ledger, clock);
    private final DrPlan plan = Plans.plan();

    private static final String FLUX_ANNOTATION = "kustomize.toolkit.fluxcd.io/reconcile";
    private static final String ARGO_ANNOTATION = "argocd.argoproj.io/skip-reconcile";

    @Test
    void handOver_whenFluxManagesDrAndArgoCdThePrimary_setsEachLeverAndRecordsTheValueBefore() {
        world.fluxKustomization(DR, WEB, "apps").fluxKustomization(DR, DB, "apps");
        world.argoCd(PRIMARY, WEB, "shop", PRIMARY).argoCd(PRIMARY, DB, "shop", PRIMARY);

        HandOverResult result = handOver.handOver(plan, Plans.run("failover"));

        String app = GitOpsKind.APPLICATION.path("argocd", "shop");
        assertAll(
                () -> assertEquals(HandOverOutcome.HANDED_OVER, result.outcome()),
                () -> assertEquals(
                        "disabled",
                        world.object(DR, GitOpsWorld.path(WEB))
                                .path("metadata")
                                .path("annotations")
                                .path(FLUX_ANNOTATION)
                                .asText()),
                () -> assertEquals(
                        "disabled",
                        world.object(DR, GitOpsWorld.path(DB))
                                .path("metadata")
                                .path("annotations")
                                .path(FLUX_ANNOTATION)
                                .asText()),
                () -> assertEquals(
                        "true",
                        world.object(PRIMARY, app)
                                .path("metadata")
                                .path("annotations")
                                .path(ARGO_ANNOTATION)
                                .asText()),
                () -> assertEquals(3, result.changes().size(), result.summary()),
                () -> assertEquals(3, ledger.handedOver().size()),
                () -> assertTrue(ledger.handedOver().stream().allMatch(c -> c.before() == null)),
                () -> assertEquals(
                        List.of("shop/Deployment/web", "shop/StatefulSet/db"),
                        ledger.handedOver().stream()
                                .filter(c -> c.lever() == Lever.ARGO_CD_SKIP_RECONCILE)
                                .findFirst()
                                .orElseThrow()
                                .workloads()),
                () -> assertTrue(result.summary().contains("alpha feature of Argo CD since 2.7"), result.summary()),
                () -> assertTrue(result.primaryReached()));
    }

    @Test
    void handOver_whenRetriedAfterTheLeversWereSet_keepsTheFirstValueBeforeAndPatchesNothing() {
        world.fluxKustomization(DR, WEB, "apps").helmRelease(DR, DB, "db", false);
        handOver.handOver(plan, Plans.run("failover"));
        List<HandOverChange> first = ledger.handedOver();
        int writes = world.cluster(DR).writes().size();

        HandOverResult retry = handOver.handOver(plan, Plans.run("failover"));

        assertAll(
                () -> assertEquals(first, ledger.handedOver()),
                () -> assertEquals(writes, world.cluster(DR).writes().size()),
                () -> assertEquals(2, retry.changes().size()),
                () -> assertEquals(
                        "false",
                        ledger.handedOver().stream()
                                .filter(c -> c.lever() == Lever.HELM_RELEASE_SUSPENDED)
                                .findFirst()
                                .orElseThrow()
                                .before()),
                () -> assertTrue(world.object(DR, GitOpsKind.HELM_RELEASE.path("shop", "db"))
                        .path("spec")
                        .path("suspend")
                        .asBoolean()));
    }

    @Test
    void handOver_whenTheApplicationAlreadyIgnoresReplicas_changesNothing() {
        world.argoCd(DR, WEB, "shop", DR);
        var app = world.object(DR, GitOpsKind.APPLICATION.path("argocd", "shop"));
        var spec = app.putObject("spec");
        spec.putArray("ignoreDifferences")
                .addObject()
                .put("group", "apps")
                .put("kind", "Deployment")
                .putArray("jsonPointers")
                .add("/spec/replicas");
        spec.putObject("syncPolicy").putArray("syncOptions").add("RespectIgnoreDifferences=true");

        HandOverResult result = handOver.handOver(Plans.plan(List.of(WEB)), Plans.run("failover"));

        assertAll(
                () -> assertEquals(HandOverOutcome.NONE_NEEDED, result.outcome()),
                () -> assertEquals(List.of(), world.cluster(DR).writes()),
                () -> assertTrue(result.summary().contains("already ignores /spec/replicas"), result.summary()));
    }

    @Test
    void handOver_whenIgnoreDifferencesLacksRespectIgnoreDifferences_skipsTheApplication() {
        world.argoCd(DR, WEB, "shop", DR);
        var app = world.object(DR, GitOpsKind.APPLICATION.path("argocd", "shop"));
        app.putObject("spec")
                .putArray("ignoreDifferences")
                .addObject()
                .put("group", "apps")
                .put("kind", "Deployment")
                .putArray("jsonPointers")
                .add("/spec/replicas");

        handOver.handOver(Plans.plan(List.of(WEB)), Plans.run("failover"));

        assertEquals(
                "true",
                app.path("metadata").path("annotations").path(ARGO_ANNOTATION).asText());
    }

    @Test
    void handOver_whenThePrimaryDoesNotAnswer_handsDrOverAndSaysTheGuardWillDoThePrimary() {
        world.fluxKustomization(DR, WEB, "apps").fluxKustomization(PRIMARY, WEB, "apps");
        world.cluster(PRIMARY).failing(new DependencyUnavailableException("primary down"));

        HandOverResult result = handOver.handOver(Plans.plan(List.of(WEB)), Plans.run("failover"));

        assertAll(
                () -> assertFalse(result.primaryReached()),
                () -> assertEquals(1, ledger.handedOver().size()),
                () -> assertEquals(Target.DR, ledger.handedOver().getFirst().target()),
                () -> assertTrue(result.summary().contains("split-brain guard hands them over"), result.summary()));
    }

    @Test
    void handOver_whenDryRun_saysWhatItWouldSetAndChangesNothing() {
        world.fluxKustomization(DR, WEB, "apps");

        HandOverResult result = handOver.handOver(Plans.plan(List.of(WEB)), Plans.dryRun("failover"));

        assertAll(
                () -> assertEquals(HandOverOutcome.DRY_RUN, result.outcome()),
                () -> assertEquals(List.of(), world.cluster(DR).writes()),
                () -> assertEquals(List.of(), ledger.handedOver()),
                () -> assertTrue(result.summary().startsWith("dry run: would hand over"), result.summary()));
    }

    @Test
    void handOver_whenThePlanTurnsItOff_changesNothing() {
        world.fluxKustomization(DR, WEB, "apps");

        HandOverResult result = handOver.handOver(
                Plans.plan(List.of(WEB)).withGitOps(new GitOpsPlan(false, null)), Plans.run("failover"));

        assertAll(
                () -> assertEquals(HandOverOutcome.DISABLED, result.outcome()),
                () -> assertEquals(List.of(), world.cluster(DR).writes()));
    }

    @Test
    void handOver_whenArgoCdLivesInAManagementCluster_patchesTheApplicationThere() {
        Site management = new Site("us-west-2", "mgmt", null);
        world.argoCd(DR, WEB, "shop-dr", management);

        handOver.handOver(
                Plans.plan(List.of(WEB))
                        .withGitOps(new GitOpsPlan(true, new GitOpsPlan.ArgoCd("mgmt", "us-west-2", null))),
                Plans.run("failover"));

        HandOverChange change = ledger.handedOver().getFirst();
        assertAll(
                () -> assertEquals("mgmt", change.clusterName()),
                () -> assertEquals(Target.DR, change.target()),
                () -> assertNull(change.before()),
                () -> assertEquals(
                        "true",
                        world.object(management, GitOpsKind.APPLICATION.path("argocd", "shop-dr"))
                                .path("metadata")
                                .path("annotations")
                                .path(ARGO_ANNOTATION)
                                .asText()));
    }

    @Test
    void handOver_whenSomeoneElseAlreadySetTheLever_leavesItAndRecordsNothingToGiveBack() {
        world.fluxKustomization(DR, WEB, "apps");
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        world.object(DR, GitOpsWorld.path(WEB)).path("metadata").path("annotations"))
                .put(FLUX_ANNOTATION, "disabled");

        HandOverResult result = handOver.handOver(Plans.plan(List.of(WEB)), Plans.run("failover"));

        assertAll(
                () -> assertEquals(List.of(), ledger.handedOver()),
                () -> assertTrue(result.summary().contains("not set by this tool"), result.summary()));
    }

    @Test
    void handOver_whenItsRecordCannotBeWritten_failsWithThatErrorAndSetsNoLever() {
        world.fluxKustomization(DR, WEB, "apps").fluxKustomization(PRIMARY, WEB, "apps");
        HandOverLedger unwritable = new HandOverLedger() {
            @Override
            public List<HandOverChange> handedOver() {
                return List.of();
            }

            @Override
            public void recordHandedOver(List<HandOverChange> changes) {
                throw new DependencyUnavailableException("SSM PutParameter could not reach AWS");
            }
        };

        DependencyUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                DependencyUnavailableException.class,
                () -> new HandOver(world.clusters, unwritable, clock)
                        .handOver(Plans.plan(List.of(WEB)), Plans.run("failover")));

        // Not "the primary does not answer": the run must not go on with the primary's Flux unhanded.
        assertAll(
                () -> assertTrue(e.getMessage().contains("SSM PutParameter"), e.getMessage()),
                () -> assertTrue(
                        world.object(DR, GitOpsWorld.path(WEB))
                                .path("metadata")
                                .path("annotations")
                                .path(FLUX_ANNOTATION)
                                .isMissingNode(),
                        "no lever set before its record is kept"));
    }
}
