package io.efsdr.sandbox.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitOpsControllersTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Workload web() {
        return new Workload(
                WorkloadKind.DEPLOYMENT,
                "shop",
                "web",
                "uid",
                T0,
                2,
                Map.of("app", "web"),
                Map.of(),
                List.of(),
                List.of(),
                "bcdf245678",
                "rs-uid",
                1);
    }

    /** Scales the workload to 0 at {@code at} and returns when the controller puts it back. */
    private static Instant stopAndHeal(GitOpsControllers controllers, Workload w, Instant at) {
        controllers.scaled(w, 0, at, null);
        assertNull(controllers.nextDue(at.minusMillis(1)), "nothing is due before the scale");
        GitOpsControllers.Due due = controllers.nextDue(at.plus(Duration.ofDays(1)));
        controllers.done(due);
        controllers.scaled(w, due.replicas(), due.at(), due.tracking());
        assertEquals(2, due.replicas());
        return due.at();
    }

    @Test
    void argoCd_whenAStopIsUndoneAgainAndAgain_healsAfterTheFirstDelayThenBacksOff2sTimes3ToTheKUpTo300s() {
        GitOpsControllers controllers = new GitOpsControllers();
        controllers.add(new GitOpsControllers.Spec("argocd", "*", 5, false, 330));
        Workload w = web();
        controllers.seeded(w, 2);

        Instant heal0 = stopAndHeal(controllers, w, T0);
        assertEquals(T0.plusSeconds(5), heal0, "heal 0 comes revertAfterSeconds after the scale");
        Instant previous = heal0;
        long[] backoffs = {2, 6, 18, 54, 162, 300, 300};
        for (long backoff : backoffs) {
            Instant heal = stopAndHeal(controllers, w, previous.plusSeconds(1));
            assertEquals(previous.plusSeconds(backoff), heal, "heal after " + previous);
            previous = heal;
        }
        Instant afterCooldown = previous.plusSeconds(330);
        assertEquals(
                afterCooldown.plusSeconds(5),
                stopAndHeal(controllers, w, afterCooldown),
                "330 s in sync reset the count: heal 0 again");
        assertEquals(9, controllers.journal().size(), "every heal is journaled");
    }

    @Test
    void argoCd_whenTheScaleComesAfterTheBackoffHasPassed_healsAtOnce() {
        GitOpsControllers controllers = new GitOpsControllers();
        controllers.add(new GitOpsControllers.Spec("argocd", "shop/Deployment/web", 5, false, 330));
        Workload w = web();
        controllers.seeded(w, 2);
        Instant heal0 = stopAndHeal(controllers, w, T0);
        Instant late = heal0.plusSeconds(100);
        assertEquals(late, stopAndHeal(controllers, w, late));
    }

    @Test
    void flux_revertsAnIntervalAfterTheFirstScaleThenOnItsIntervalCadence() {
        GitOpsControllers controllers = new GitOpsControllers();
        controllers.add(new GitOpsControllers.Spec("flux", "*", 300, false, 0));
        Workload w = web();
        controllers.seeded(w, 2);
        Instant first = stopAndHeal(controllers, w, T0);
        assertEquals(T0.plusSeconds(300), first);
        assertEquals(T0.plusSeconds(600), stopAndHeal(controllers, w, T0.plusSeconds(450)));
        assertEquals(T0.plusSeconds(1200), stopAndHeal(controllers, w, T0.plusSeconds(901)));
    }

    @Test
    void ignoresReplicas_neverReverts() {
        GitOpsControllers controllers = new GitOpsControllers();
        controllers.add(new GitOpsControllers.Spec("argocd", "*", 5, true, 330));
        Workload w = web();
        controllers.seeded(w, 2);
        controllers.scaled(w, 0, T0, null);
        assertNull(controllers.nextDue(T0.plus(Duration.ofDays(1))));
    }
}
