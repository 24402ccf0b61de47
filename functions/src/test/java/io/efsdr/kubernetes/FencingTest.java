package io.efsdr.kubernetes;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.error.PermissionDeniedException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Fencing stops the old primary's writers, and skips only when the primary region itself does not answer. */
class FencingTest {
    private final DrPlan plan = Plans.plan();
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster primary = clusters.of(PRIMARY);
    private final AtomicBoolean regionAnswers = new AtomicBoolean(true);
    private final TestClock clock = new TestClock(T0);
    private final Fencing fencing = new Fencing(
            new WorkloadScaler(clusters, clock),
            site -> {
                assertEquals(PRIMARY, site);
                return regionAnswers.get();
            },
            clock);

    static String outcome(Object value) {
        return String.valueOf(value);
    }

    @Test
    void fence_whenThePrimaryRuns_scalesEveryWorkloadToZero() {
        primary.workload(WEB, 3).workload(DB, 2);

        FenceResult result = fencing.fence(plan, Plans.run("failover"));

        assertAll(
                () -> assertEquals("FENCED", outcome(result.outcome())),
                () -> assertTrue(result.primaryReachable()),
                () -> assertEquals(2, result.scale().scaled()),
                () -> assertEquals(
                        List.of(
                                "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale replicas=0",
                                "PATCH /apis/apps/v1/namespaces/shop/statefulsets/db/scale replicas=0"),
                        primary.writes().stream().sorted().toList()));
    }

    @Test
    void fence_whenEverythingIsAlreadyAtZero_writesNothing() {
        primary.workload(WEB, 0).workload(DB, 0);

        FenceResult result = fencing.fence(plan, Plans.run("failover"));

        assertAll(
                () -> assertEquals("ALREADY_STOPPED", outcome(result.outcome())),
                () -> assertEquals(List.of(), primary.writes()));
    }

    @Test
    void fence_whenAPlanWorkloadIsMissing_stopsTheOthersAndGoesOn() {
        primary.workload(WEB, 3);

        FenceResult result = fencing.fence(plan, Plans.run("failover"));

        assertAll(
                () -> assertEquals("FENCED", outcome(result.outcome())),
                () -> assertEquals(List.of(DB.id()), result.scale().missing()));
    }

    @Test
    void fence_whenDryRun_writesNothing() {
        primary.workload(WEB, 3).workload(DB, 2);

        FenceResult result = fencing.fence(plan, Plans.dryRun("failover"));

        assertAll(
                () -> assertEquals("DRY_RUN", outcome(result.outcome())),
                () -> assertEquals(List.of(), primary.writes()));
    }

    @Test
    void fence_whenTheClusterAndTheRegionAreDown_skips() {
        primary.failing(new DependencyUnavailableException("connection refused"));
        regionAnswers.set(false);

        FenceResult result = fencing.fence(plan, Plans.run("failover"));

        assertAll(
                () -> assertEquals("SKIPPED_UNREACHABLE", outcome(result.outcome())),
                () -> assertFalse(result.primaryReachable()),
                () -> assertNull(result.scale()));
    }

    @Test
    void fence_whenTheClusterIsDownButTheRegionAnswers_failsAsTransient() {
        primary.failing(new DependencyUnavailableException("connection refused"));

        DependencyUnavailableException e =
                assertThrows(DependencyUnavailableException.class, () -> fencing.fence(plan, Plans.run("failover")));

        assertTrue(e.getMessage().contains("answers"), e.getMessage());
    }

    @Test
    void fence_whenAccessIsDeniedAndTheRegionAnswers_refuses() {
        primary.failing(new PermissionDeniedException("forbidden"));

        assertThrows(UnsafeStateException.class, () -> fencing.fence(plan, Plans.run("failover")));
    }

    @Test
    void fence_whenARequestIsRejectedAndTheRegionAnswers_refuses() {
        primary.failing(new UnsafeStateException("rejected (422)"));

        assertThrows(UnsafeStateException.class, () -> fencing.fence(plan, Plans.run("failover")));
    }

    @Test
    void fence_whenAccessIsDeniedAndTheRegionIsDown_skips() {
        primary.failing(new PermissionDeniedException("forbidden"));
        regionAnswers.set(false);

        assertEquals(
                "SKIPPED_UNREACHABLE",
                outcome(fencing.fence(plan, Plans.run("failover")).outcome()));
    }

    @Test
    void fence_whenTheClusterDoesNotAnswerInTime_skipsOnlyWithTheRegionDown() {
        primary.hanging();
        regionAnswers.set(false);

        FenceResult result = fencing.fence(plan, Plans.run("failover"));

        regionAnswers.set(true);
        assertAll(
                () -> assertEquals("SKIPPED_UNREACHABLE", outcome(result.outcome())),
                () -> assertThrows(
                        DependencyUnavailableException.class, () -> fencing.fence(plan, Plans.run("failover"))));
    }

    @Test
    void fence_whenSomethingUnexpectedFails_passesItOn() {
        IllegalArgumentException bug = new IllegalArgumentException("bug");
        primary.failing(bug);
        regionAnswers.set(false);

        assertSame(bug, assertThrows(IllegalArgumentException.class, () -> fencing.fence(plan, Plans.run("failover"))));
    }
}
