package io.efsdr.guard;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.config.SsmParameters;
import io.efsdr.efs.FakeEfs;
import io.efsdr.efs.WriteFence;
import io.efsdr.gitops.HandOver;
import io.efsdr.gitops.HandOverChange;
import io.efsdr.gitops.Lever;
import io.efsdr.kubernetes.FakeCluster;
import io.efsdr.kubernetes.FakeClusters;
import io.efsdr.kubernetes.ReadinessChecker;
import io.efsdr.kubernetes.WorkloadScaler;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Target;
import io.efsdr.testing.InMemorySsm;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * After a region-down failover, the guard hands the returned primary's workloads over from GitOps
 * before it stops them, and records it in the fence record, which outlives the fence for the failback.
 */
class PrimaryGuardHandOverTest {
    private final DrPlan plan = Plans.plan(List.of(WEB));
    private final TestClock clock = new TestClock(T0);
    private final InMemorySsm ssm = new InMemorySsm();
    private final FenceRecord record =
            new FenceRecord(new SsmParameters(ssm::client, DR.region()), "/efs-dr/active-region-fence");
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster primary = clusters.of(PRIMARY);
    private final PrimaryGuardTest.RecordingSchedule schedule = new PrimaryGuardTest.RecordingSchedule();
    private final PrimaryGuard guard = new PrimaryGuard(
            record,
            () -> Optional.of(DR.region()),
            () -> plan,
            p -> p.workloads().list(),
            new WorkloadScaler(clusters, clock),
            new ReadinessChecker(clusters, clock),
            new WriteFence(new FakeEfs().fileSystem(PRIMARY).fileSystem(DR)),
            schedule,
            n -> {},
            clock,
            new HandOver(clusters, record, clock));

    private static final String WEB_PATH = "/apis/apps/v1/namespaces/shop/deployments/web";

    @Test
    void run_whenThePrimaryAnswersAgain_handsItsWorkloadsOverBeforeStoppingThem() {
        record.write(FenceState.pending(T0, "failover-1"));
        primary.workload(WEB, 3);
        ObjectNode metadata = (ObjectNode) primary.object(WEB_PATH).get("metadata");
        metadata.putObject("labels")
                .put("kustomize.toolkit.fluxcd.io/name", "apps")
                .put("kustomize.toolkit.fluxcd.io/namespace", "flux-system");
        ObjectNode kustomization = Json.MAPPER.createObjectNode().put("kind", "Kustomization");
        kustomization.putObject("metadata").put("name", "apps").put("namespace", "flux-system");
        primary.put("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps", kustomization);

        guard.run(false);

        List<String> writes = primary.writes();
        FenceState state = record.read();
        HandOverChange change = state.handedOver().getFirst();
        assertAll(
                () -> assertTrue(writes.getFirst().startsWith("PATCH " + WEB_PATH + " "), writes.toString()),
                () -> assertTrue(writes.getFirst().contains("\"kustomize.toolkit.fluxcd.io/reconcile\":\"disabled\"")),
                () -> assertEquals("PATCH " + WEB_PATH + "/scale replicas=0", writes.get(1)),
                () -> assertEquals(1, state.handedOver().size()),
                () -> assertEquals(Lever.FLUX_RECONCILE_DISABLED, change.lever()),
                () -> assertEquals(HandOverChange.Taker.GUARD, change.by()),
                () -> assertEquals("failover-1", change.execution()),
                () -> assertEquals(Target.PRIMARY, change.target()));
    }

    @Test
    void handedOver_whenTheFenceIsArmedWatchedAndCleared_outlivesIt() {
        HandOverChange change = new HandOverChange(
                "failover-1",
                HandOverChange.Taker.FAILOVER,
                Target.DR,
                DR.clusterName(),
                DR.region(),
                Lever.FLUX_RECONCILE_DISABLED,
                "Deployment",
                "shop",
                "web",
                WEB_PATH,
                "Kustomization flux-system/apps",
                "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps",
                List.of(WEB.id()),
                null,
                T0);
        record.recordHandedOver(List.of(change));
        DeferredFencing fencing = new DeferredFencing(record, schedule, null, clock);

        fencing.watch(plan, Plans.run("failover"), Target.DR);

        assertAll(() -> assertTrue(record.read().watch()), () -> assertEquals(List.of(change), record.handedOver()));
    }
}
