package io.efsdr.kubernetes;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Workload;
import io.efsdr.testing.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What counts as ready, and what counts as stopped: no pod that may still write, terminating and
 * Unknown ones included, ended ones not.
 */
class ReadinessCheckerTest {
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster cluster = clusters.of(DR);
    private final TestClock clock = new TestClock(T0);
    private final ReadinessChecker checker = new ReadinessChecker(clusters, clock);

    private ReadinessCheck check(List<Workload> workloads, ReplicaLevel level, ReadinessCheck previous) {
        return checker.check(DR, workloads, level, 4, 600, false, previous);
    }

    /** A wait for zero counts a stop once it held for the settle time: two polls. */
    private ReadinessCheck settled(List<Workload> workloads) {
        ReadinessCheck first = check(workloads, ReplicaLevel.ZERO, null);
        assertFalse(first.ready(), first.summary());
        clock.advanceSeconds(first.nextPollSeconds());
        return check(workloads, ReplicaLevel.ZERO, first);
    }

    @Test
    void check_forZero_whenFirstSeenStopped_waitsTheSettleTimeBeforeCountingIt() {
        cluster.workload(WEB, 0);

        ReadinessCheck first = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(first.ready()),
                () -> assertEquals(T0, first.zeroSince()),
                () -> assertEquals(ReadinessChecker.SETTLE_SECONDS, first.nextPollSeconds()),
                () -> assertTrue(first.summary().contains("re-checking"), first.summary()));
    }

    @Test
    void check_forZero_whenTheStopHeld_theWritersStoppedWhenFirstSeenStopped() {
        cluster.workload(WEB, 0).workload(DB, 0);

        ReadinessCheck check = settled(List.of(WEB, DB));

        assertAll(
                () -> assertTrue(check.ready(), check.summary()),
                () -> assertEquals(T0, check.writersStoppedAt(), "the first poll that saw no pod"),
                () -> assertTrue(check.finishedAt().isAfter(T0)));
    }

    @Test
    void check_forZero_whenAWorkloadWasScaledUpAndDownBetweenPolls_holdsAgainFromTheLaterPoll() {
        cluster.workload(WEB, 0).workload(DB, 0);
        ReadinessCheck first = check(List.of(WEB, DB), ReplicaLevel.ZERO, null);
        cluster.specChanged(DB);
        clock.advanceSeconds(first.nextPollSeconds());

        ReadinessCheck second = check(List.of(WEB, DB), ReplicaLevel.ZERO, first);
        clock.advanceSeconds(second.nextPollSeconds());
        ReadinessCheck third = check(List.of(WEB, DB), ReplicaLevel.ZERO, second);

        assertAll(
                () -> assertFalse(second.ready(), "a writer may have run in between: " + second.summary()),
                () -> assertEquals(second.finishedAt(), second.zeroSince()),
                () -> assertTrue(third.ready(), third.summary()),
                () -> assertEquals(second.finishedAt(), third.writersStoppedAt()));
    }

    @Test
    void check_forActive_writersStoppedAtIsTheEndOfThePoll() {
        cluster.workload(WEB, 3);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ACTIVE, null);

        assertEquals(check.finishedAt(), check.writersStoppedAt());
    }

    @Test
    void check_forZero_whenAControllerScaledTheWorkloadBackDuringTheSettle_failsNamingIt() {
        cluster.workload(WEB, 0);
        ReadinessCheck first = check(List.of(WEB), ReplicaLevel.ZERO, null);
        cluster.workload(WEB, 3, 0, 0);
        cluster.annotate(WEB, "argocd.argoproj.io/tracking-id", "shop-web:apps/Deployment:shop/web");
        clock.advanceSeconds(first.nextPollSeconds());

        UnsafeStateException failure =
                assertThrows(UnsafeStateException.class, () -> check(List.of(WEB), ReplicaLevel.ZERO, first));

        assertAll(
                () -> assertTrue(
                        failure.getMessage().contains("shop/Deployment/web (spec.replicas 3)"), failure.getMessage()),
                () -> assertTrue(failure.getMessage().contains("Argo CD application shop-web"), failure.getMessage()),
                () -> assertTrue(failure.getMessage().contains("ignoreDifferences"), failure.getMessage()));
    }

    @Test
    void check_forZero_whenScaledBackBeforeTheFirstPollByAnAutoscaler_failsAtOnce() {
        cluster.workload(WEB, 1, 1, 1);
        cluster.autoscaler(
                "/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects", "web-queue", WEB, "minReplicaCount", 1);

        UnsafeStateException failure =
                assertThrows(UnsafeStateException.class, () -> check(List.of(WEB), ReplicaLevel.ZERO, null));

        assertTrue(failure.getMessage().contains("KEDA ScaledObject shop/web-queue"), failure.getMessage());
    }

    @Test
    void check_forZero_whenTheSpecIsAboveZeroWithNoControllerFound_keepsWaiting() {
        cluster.workload(WEB, 2, 2, 2);

        assertFalse(check(List.of(WEB), ReplicaLevel.ZERO, null).ready());
    }

    private WorkloadReadiness only(ReadinessCheck check) {
        return check.workloads().get(0);
    }

    @Test
    void check_forZero_whenNoPodIsLeft_isStopped() {
        cluster.workload(WEB, 0);

        ReadinessCheck check = settled(List.of(WEB));

        assertAll(
                () -> assertTrue(check.ready()),
                () -> assertEquals(0, only(check).podsLeft()));
    }

    @Test
    void check_forZero_whenATerminatingPodIsLeft_isNotStopped() {
        cluster.workload(WEB, 0).pod(WEB, "web-1", true);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(1, only(check).podsLeft()),
                () -> assertTrue(check.summary().contains("terminating ones included"), check.summary()));
    }

    @Test
    void check_forZero_whenOnlyEndedPodsAreLeft_isStopped() {
        cluster.workload(WEB, 0).pod(WEB, "web-evicted", false, "Failed").pod(WEB, "web-done", false, "Succeeded");

        ReadinessCheck check = settled(List.of(WEB));

        assertAll(
                () -> assertTrue(check.ready(), check.summary()),
                () -> assertEquals(0, only(check).podsLeft()));
    }

    @Test
    void check_forZero_whenAPodInPhaseUnknownIsLeft_isNotStopped() {
        cluster.workload(WEB, 0).pod(WEB, "web-1", false, "Unknown");

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(null, check.zeroSince(), "never seen stopped"),
                () -> assertEquals(1, only(check).podsLeft()));
    }

    @Test
    void check_forZero_whenAPodIsStuckTerminatingOnANotReadyNode_isNotStopped() {
        cluster.workload(WEB, 0).pod(WEB, "web-1", true, "Unknown").pod(WEB, "web-2", true, "Running");

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(2, only(check).podsLeft()));
    }

    @Test
    void check_forZero_countsEveryPodOfTheWorkloadOnly() {
        cluster.workload(WEB, 0)
                .workload(DB, 0)
                .pod(WEB, "web-1", true)
                .pod(WEB, "web-2", false)
                .pod(DB, "db-0", true);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertEquals(2, only(check).podsLeft());
    }

    @Test
    void check_forZero_whenTheStatusStillCountsReplicas_isNotStoppedWithoutListingPods() {
        cluster.workload(WEB, 0, 2, 2);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(2, only(check).podsLeft()));
    }

    @Test
    void check_forZero_whenTheSpecIsNotYetZero_isNotStopped() {
        cluster.workload(WEB, 1, 0, 0);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ZERO, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(1, only(check).podsLeft()));
    }

    @Test
    void check_forZero_whenTheControllerHasNotObservedTheChange_isNotStopped() {
        cluster.workload(WEB, 0);
        ((ObjectNode) cluster.object(Paths.workload(WEB)).path("metadata")).put("generation", 2);

        assertFalse(check(List.of(WEB), ReplicaLevel.ZERO, null).ready());
    }

    @Test
    void check_forZero_whenTheWorkloadIsGone_isStopped() {
        assertTrue(settled(List.of(WEB)).ready());
    }

    @Test
    void check_forZero_whenTheSelectorIsEmpty_refusesToCountTheNamespace() {
        cluster.workload(WEB, 0);
        ((ObjectNode) cluster.object(Paths.workload(WEB)).path("spec")).putObject("selector");

        assertThrows(UnsafeStateException.class, () -> check(List.of(WEB), ReplicaLevel.ZERO, null));
    }

    @Test
    void check_forActive_whenEveryReplicaRunsAndIsReady_isReady() {
        cluster.workload(WEB, 3).workload(DB, 2);

        ReadinessCheck check = check(List.of(WEB, DB), ReplicaLevel.ACTIVE, null);

        assertAll(
                () -> assertTrue(check.ready()),
                () -> assertEquals(2, check.readyCount()),
                () -> assertEquals(2, check.total()));
    }

    @Test
    void check_forActive_whenAReplicaIsNotReady_waits() {
        cluster.workload(WEB, 3, 3, 2);

        ReadinessCheck check = check(List.of(WEB), ReplicaLevel.ACTIVE, null);

        assertAll(
                () -> assertFalse(check.ready()),
                () -> assertEquals(0, check.readyCount()),
                () -> assertTrue(check.summary().contains("2/3 ready"), check.summary()));
    }

    @Test
    void check_forActive_whenMoreReplicasRunThanWanted_waits() {
        cluster.workload(WEB, 3, 4, 4);

        assertFalse(check(List.of(WEB), ReplicaLevel.ACTIVE, null).ready());
    }

    @Test
    void check_forActive_whenTheSpecDiffers_waits() {
        cluster.workload(WEB, 2, 3, 3);

        assertFalse(check(List.of(WEB), ReplicaLevel.ACTIVE, null).ready());
    }

    @Test
    void check_forActive_whenTheControllerHasNotObservedTheChange_waits() {
        cluster.workload(WEB, 3);
        ((ObjectNode) cluster.object(Paths.workload(WEB)).path("status")).put("observedGeneration", 0);

        assertFalse(check(List.of(WEB), ReplicaLevel.ACTIVE, null).ready());
    }

    @Test
    void check_forActive_whenTheWorkloadIsMissing_waits() {
        assertFalse(check(List.of(WEB), ReplicaLevel.ACTIVE, null).ready());
    }

    @Test
    void check_forStandby_usesTheStandbyReplicas() {
        cluster.workload(WEB, 1).workload(DB, 0);

        assertTrue(check(List.of(WEB, DB), ReplicaLevel.STANDBY, null).ready());
    }

    @Test
    void check_listsTheWorkloadsThatAreNotReadyFirst() {
        cluster.workload(WEB, 3).workload(DB, 2, 2, 1);

        ReadinessCheck check = check(List.of(WEB, DB), ReplicaLevel.ACTIVE, null);

        assertEquals(
                List.of(DB.id(), WEB.id()),
                check.workloads().stream().map(WorkloadReadiness::workload).toList());
    }

    @Test
    void check_pastTheBound_failsNamingTheWorkloadsNotReady() {
        cluster.workload(WEB, 0).pod(WEB, "web-1", true);
        ReadinessCheck first = check(List.of(WEB), ReplicaLevel.ZERO, null);
        clock.advanceSeconds(600);
        ReadinessCheck atBound = check(List.of(WEB), ReplicaLevel.ZERO, first);
        clock.advanceSeconds(1);

        StepTimeoutException e =
                assertThrows(StepTimeoutException.class, () -> check(List.of(WEB), ReplicaLevel.ZERO, atBound));

        assertAll(
                () -> assertEquals(2, atBound.polls()),
                () -> assertTrue(e.getMessage().contains(WEB.id()), e.getMessage()));
    }

    @Test
    void check_pastTheBoundWhenReady_isReady() {
        cluster.workload(WEB, 0);
        ReadinessCheck first = check(List.of(WEB), ReplicaLevel.ZERO, null);
        clock.advanceSeconds(700);

        assertTrue(check(List.of(WEB), ReplicaLevel.ZERO, first).ready());
    }

    @Test
    void check_whenDryRun_readsNothing() {
        cluster.failing(new IllegalStateException("must not be called"));

        ReadinessCheck check = checker.check(DR, List.of(WEB), ReplicaLevel.ZERO, 4, 600, true, null);

        assertAll(() -> assertTrue(check.ready()), () -> assertEquals(0, cluster.reads()));
    }
}
