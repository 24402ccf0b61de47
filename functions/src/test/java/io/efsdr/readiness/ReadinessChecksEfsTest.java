package io.efsdr.readiness;

import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.DR_REGION;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.PRIMARY_REGION;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.efs.FakeEfs;
import io.efsdr.plan.DrPlan;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import org.junit.jupiter.api.Test;

/** The readiness checks that read EFS only: replication freshness and the access-point quota. */
class ReadinessChecksEfsTest {
    private final DrPlan plan = Plans.plan();
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(DR, "REPLICATING");
    private final ReadinessChecks checks =
            new ReadinessChecks(null, efs, null, null, null, null, null, new TestClock(T0));

    @Test
    void replication_whenEnabledWithinTheRpo_isOk() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(900));

        assertEquals(CheckStatus.OK, checks.replication(plan).status());
    }

    @Test
    void replication_whenTheLastSyncIsOlderThanTheRpo_fails() {
        efs.replicating(PRIMARY, DR, "ENABLED", T0.minusSeconds(901));

        assertEquals(CheckStatus.FAIL, checks.replication(plan).status());
    }

    @Test
    void replication_whenEnabledWithoutAnySync_fails() {
        efs.replicating(PRIMARY, DR, "ENABLED", null);

        assertEquals(CheckStatus.FAIL, checks.replication(plan).status());
    }

    @Test
    void replication_whenNotEnabled_failsNamingTheStatus() {
        efs.replicating(PRIMARY, DR, "PAUSED", T0);

        CheckResult result = checks.replication(plan);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().contains("PAUSED"), result.detail()));
    }

    @Test
    void replication_whenOnlyTheOtherDirectionIsRecorded_failsNamingIt() {
        efs.replicating(DR, PRIMARY, "ENABLED", T0);

        CheckResult result = checks.replication(plan);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().contains("found instead"), result.detail()));
    }

    @Test
    void accessPoints_warnFromEightyPercentAndFailAtTheQuota() {
        efs.accessPoints(PRIMARY, 7_999).accessPoints(DR, 10);
        CheckStatus below = checks.accessPoints(plan).status();
        efs.accessPoints(DR, 8_000);
        CheckStatus warning = checks.accessPoints(plan).status();
        efs.accessPoints(PRIMARY, 10_000);
        CheckStatus full = checks.accessPoints(plan).status();

        assertAll(
                () -> assertEquals(CheckStatus.OK, below),
                () -> assertEquals(CheckStatus.WARN, warning),
                () -> assertEquals(CheckStatus.FAIL, full));
    }

    @Test
    void accessPoints_whenARegionDoesNotAnswer_fails() {
        efs.unreachable(PRIMARY_REGION);

        CheckResult result = checks.accessPoints(plan);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertTrue(result.detail().contains("could not count"), result.detail()));
    }

    @Test
    void accessPoints_whenOneRegionFailsAndTheOtherWarns_failsOverall() {
        efs.accessPoints(PRIMARY, 9_000).unreachable(DR_REGION);

        assertEquals(CheckStatus.FAIL, checks.accessPoints(plan).status());
    }
}
