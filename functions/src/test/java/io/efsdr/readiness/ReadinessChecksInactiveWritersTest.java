package io.efsdr.readiness;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.kubernetes.WorkloadVolumes;
import io.efsdr.notify.sns.Notification;
import io.efsdr.testing.Plans;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both file systems writable: writers in the region that is not active are a split brain, not a warning. */
class ReadinessChecksInactiveWritersTest {
    private static final String SOURCE = "/efs-dr/active-region records us-west-2";

    @Test
    void bothWritable_whenWorkloadsRunInTheInactiveRegion_failsWithAnAlertNamingThem() {
        List<WorkloadVolumes> primary =
                List.of(new WorkloadVolumes(WEB, 3, 1, List.of()), new WorkloadVolumes(DB, 0, 1, List.of()));

        CheckResult result = WorkloadFindings.bothWritable(SOURCE, DR, PRIMARY, primary);

        assertAll(
                () -> assertEquals(CheckStatus.FAIL, result.status()),
                () -> assertEquals("writers in the inactive region us-east-1 (us-west-2 is active)", result.alert()),
                () -> assertTrue(result.detail().contains("shop/Deployment/web (3 replicas)"), result.detail()),
                () -> assertTrue(!result.detail().contains("db"), result.detail()));
    }

    @Test
    void bothWritable_whenNothingRunsInTheInactiveRegion_warnsThatThePairIsNotReplicating() {
        CheckResult result =
                WorkloadFindings.bothWritable(SOURCE, DR, PRIMARY, List.of(new WorkloadVolumes(WEB, 0, 1, List.of())));

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertNull(result.alert()),
                () -> assertTrue(result.detail().contains("not replicating"), result.detail()));
    }

    @Test
    void bothWritable_whenTheInactiveClusterCannotBeRead_warnsSayingSo() {
        CheckResult result = WorkloadFindings.bothWritable(SOURCE, DR, PRIMARY, null);

        assertAll(
                () -> assertEquals(CheckStatus.WARN, result.status()),
                () -> assertTrue(result.detail().contains("could not be read"), result.detail()));
    }

    @Test
    void compose_whenACheckRaisesTheWritersAlert_usesItsOwnSubjectAndLeadsWithWhatToDo() {
        CheckResult writers =
                WorkloadFindings.bothWritable(SOURCE, DR, PRIMARY, List.of(new WorkloadVolumes(WEB, 3, 1, List.of())));
        ReadinessFindings findings = new ReadinessFindings(
                Plans.plan(), List.of(CheckResult.ok(ReadinessChecks.REPLICATION, "fine"), writers));
        ReadinessSnapshot current = ReadinessSnapshot.of(findings, T0);

        Notification notification = ReadinessNotification.compose(
                findings, current, null, current.changesSince(null), "schedule", "/efs-dr/active-region");

        assertAll(
                () -> assertEquals(
                        "DR READINESS: writers in the inactive region us-east-1 (us-west-2 is active) - shop",
                        notification.subject()),
                () -> assertTrue(
                        notification.body().startsWith("ALERT: writers in the inactive region"), notification.body()));
    }

    @Test
    void compose_withoutAnAlert_keepsTheUsualSubject() {
        ReadinessFindings findings =
                new ReadinessFindings(Plans.plan(), List.of(CheckResult.fail(ReadinessChecks.REPLICATION, "late")));
        ReadinessSnapshot current = ReadinessSnapshot.of(findings, T0);

        Notification notification = ReadinessNotification.compose(
                findings, current, null, current.changesSince(null), "schedule", "/efs-dr/active-region");

        assertTrue(notification.subject().startsWith("shop DR readiness FAIL"), notification.subject());
    }
}
