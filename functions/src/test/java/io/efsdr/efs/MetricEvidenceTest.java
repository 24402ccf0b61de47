package io.efsdr.efs;

import static io.efsdr.testing.Plans.DR_REGION;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.PRIMARY_REGION;
import static io.efsdr.testing.Plans.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.DependencyUnavailableException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.StopRecheck;
import io.efsdr.plan.Target;
import io.efsdr.testing.Plans;
import io.efsdr.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CloudWatch evidence rule and what the promote step does with it. */
class MetricEvidenceTest {
    private static final Instant STOP = T0.plusSeconds(30);
    private static final Instant FROM = T0.plusSeconds(60);
    private static final Instant TO = T0.plusSeconds(600);
    private static final String FS = PRIMARY.fileSystemId();

    private static WriteMetrics.Periods writes(WriteMetrics.Datapoint... points) {
        return new WriteMetrics.Periods(List.of(points), List.of());
    }

    private static WriteMetrics.Datapoint at(Instant start, double value) {
        return new WriteMetrics.Datapoint(start, value);
    }

    @Test
    void firstPeriod_whenTheStopIsInsideAMinute_isTheNextWholeMinute() {
        assertEquals(FROM, MetricEvidence.firstPeriod(STOP));
        assertEquals(FROM, MetricEvidence.firstPeriod(FROM));
    }

    @Test
    void judge_whenAPeriodStartingAtTheStopHasWrites_writesSeen() {
        MetricEvidence evidence = MetricEvidence.judge(FS, FROM, FROM, TO, writes(at(FROM, 4096)));

        assertEquals(MetricEvidenceOutcome.WRITES_SEEN, evidence.outcome());
        assertEquals(1, evidence.periodsWithWrites());
        assertEquals(FROM, evidence.firstWritePeriod());
        assertTrue(evidence.writesSeen());
    }

    @Test
    void judge_whenOnlyAPeriodStartedBeforeTheStopHasWrites_itDoesNotCount() {
        MetricEvidence evidence = MetricEvidence.judge(
                FS, STOP, FROM, TO, writes(at(T0, 1_000_000), at(FROM, 0), at(FROM.plusSeconds(60), 0)));

        assertEquals(MetricEvidenceOutcome.NONE_SEEN, evidence.outcome());
        assertEquals(2, evidence.periodsRead());
        assertFalse(evidence.writesSeen());
    }

    @Test
    void judge_whenNoDatapoint_noDataIsNoEvidence() {
        MetricEvidence evidence = MetricEvidence.judge(FS, STOP, FROM, TO, writes(at(T0, 10)));

        assertEquals(MetricEvidenceOutcome.NO_DATA, evidence.outcome());
        assertTrue(evidence.summary().contains("no evidence"), evidence.summary());
        assertFalse(evidence.writesSeen());
    }

    /** A stop that holds: nothing changed, no pod that can write. */
    private static final StopRecheck HELD = (site, workloads, concurrency, fingerprint, since, fence) ->
            new StopRecheck.Evidence(false, 0, "no change");

    private final DrPlan plan = Plans.plan();
    private final TestClock clock = new TestClock(T0.plusSeconds(400));
    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY).fileSystem(Plans.DR, "REPLICATING");
    private final SyncCheck synced = new SyncCheck(
            true, "ENABLED", STOP.plusSeconds(200), 10L, STOP, 3, TO, "synced", STOP, STOP.plusSeconds(210), false);

    /** A sync later than the stop and than the fence's propagation (STOP + 180): the proof holds on the pods. */
    private PromotionResult promote(WriteMetrics metrics) {
        efs.replicating(PRIMARY, Plans.DR, "ENABLED", STOP.plusSeconds(200));
        return new Promotion(efs, clock, HELD, metrics)
                .promote(plan, Plans.run("failover"), Target.DR, STOP, synced, "fp", false, STOP.plusSeconds(180));
    }

    @Test
    void promote_whenCloudWatchShowsWritesSinceTheStop_withholdsTheDeleteAndTheWindowIsUnproven() {
        List<String> asked = new ArrayList<>();
        PromotionResult result = promote((region, fs, start, end) -> {
            asked.add(region + " " + fs + " " + start + " " + end);
            return writes(at(FROM.plusSeconds(60), 8192));
        });

        assertEquals(List.of(PRIMARY_REGION + " " + FS + " " + FROM + " " + T0.plusSeconds(420)), asked);
        assertEquals(PromotionAction.WITHHELD, result.action());
        assertEquals(PrimaryRecheckOutcome.UNPROVEN, result.recheck());
        assertEquals(MetricEvidenceOutcome.WRITES_SEEN, result.metricEvidence().outcome());
        assertFalse(result.dataLossProven());
        assertTrue(result.unprovenSync().unprovenBecause().contains("CloudWatch shows writes"));
        assertEquals(List.of(), efs.writes(), "nothing deleted");
    }

    @Test
    void promote_whenCloudWatchFails_noEvidenceAndTheProofRestsOnThePods() {
        PromotionResult result = promote((region, fs, start, end) -> {
            throw new DependencyUnavailableException("Throttling (HTTP 400)");
        });

        assertEquals(PromotionAction.DELETED, result.action());
        assertEquals(MetricEvidenceOutcome.UNAVAILABLE, result.metricEvidence().outcome());
        assertTrue(result.dataLossProven());
        assertTrue(result.summary().contains("no evidence either way"), result.summary());
        assertEquals(1, efs.writes().size());
        assertTrue(efs.writes().getFirst().startsWith("delete " + DR_REGION));
    }

    @Test
    void promote_whenNoPeriodIsPublishedYet_deletesAndSaysThereWasNoEvidence() {
        PromotionResult result = promote((region, fs, start, end) -> writes());

        assertEquals(PromotionAction.DELETED, result.action());
        assertEquals(MetricEvidenceOutcome.NO_DATA, result.metricEvidence().outcome());
        assertTrue(result.dataLossProven());
    }

    @Test
    void promote_inADryRun_neverReadsCloudWatch() {
        efs.replicating(PRIMARY, Plans.DR, "ENABLED", STOP.plusSeconds(90));
        PromotionResult result = new Promotion(efs, clock, HELD, (region, fs, start, end) -> {
                    throw new AssertionError("read in a dry run");
                })
                .promote(plan, Plans.dryRun("failover"), Target.DR, STOP, synced, "fp", false, null);

        assertEquals(MetricEvidenceOutcome.NOT_CHECKED, result.metricEvidence().outcome());
    }

    @Test
    void form_asksBothMetricsInOneCallInOneMinutePeriodsOldestFirst() {
        String form = CloudWatchWriteMetrics.form(FS, FROM, TO);

        assertTrue(form.startsWith("Action=GetMetricData&Version=2010-08-01&"), form);
        assertTrue(form.contains("ScanBy=TimestampAscending"), form);
        assertTrue(form.contains("MetricDataQueries.member.1.MetricStat.Metric.MetricName=DataWriteIOBytes"), form);
        assertTrue(form.contains("MetricDataQueries.member.2.MetricStat.Metric.MetricName=ClientConnections"), form);
        assertTrue(form.contains("MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FEFS"), form);
        assertTrue(form.contains("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=FileSystemId"));
        assertTrue(form.contains("MetricDataQueries.member.2.MetricStat.Period=60"), form);
        assertTrue(form.contains("MetricDataQueries.member.2.MetricStat.Stat=Sum"), form);
    }

    @Test
    void periods_readsTheQueryAnswerById() {
        String xml = "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<GetMetricDataResult><MetricDataResults>"
                + "<member><Id>writes</Id><Label>DataWriteIOBytes</Label><Timestamps><member>" + FROM
                + "</member></Timestamps><Values><member>4096.0</member></Values><StatusCode>Complete</StatusCode>"
                + "</member><member><Id>connections</Id><Timestamps/><Values/><StatusCode>Complete</StatusCode>"
                + "</member></MetricDataResults><Messages/></GetMetricDataResult></GetMetricDataResponse>";

        WriteMetrics.Periods periods =
                CloudWatchWriteMetrics.periods(CloudWatchWriteMetrics.parse(xml.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(at(FROM, 4096)), periods.writeBytes());
        assertEquals(List.of(), periods.connections());
    }
}
