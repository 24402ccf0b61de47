package io.efsdr.efs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the primary file system's CloudWatch metrics said about the time since its writers stopped,
 * read in the promote step just before the replication is deleted. Independent evidence: a writer
 * outside the plan (a CronJob in another namespace, an EC2 instance, a Lambda function) shows up
 * there although no pod of the plan runs. Only periods that START at or after the writers' stop
 * count, since a period that began before it holds the plan's own last writes; so the first
 * seconds after the stop, up to the next whole minute, are never judged. CloudWatch publishes a
 * period minutes after it ends: a period not yet published has no datapoint, and no datapoint is
 * no evidence, never a proof.
 *
 * @param since the writers' stop the periods are counted from; null when not checked
 * @param from the first period start asked for (the stop rounded up to a whole minute)
 * @param to the end asked for (exclusive)
 * @param periodsRead datapoints of {@code DataWriteIOBytes} for periods that started at or after the stop
 * @param periodsWithWrites how many of them are above zero
 * @param bytesWritten their sum
 * @param firstWritePeriod the start of the first period with writes; null when none
 * @param maxConnections the largest {@code ClientConnections} sum of a counted period (connections are
 *     no proof of writes: a mount refused writes by the fence still connects)
 */
public record MetricEvidence(
        MetricEvidenceOutcome outcome,
        Instant since,
        Instant from,
        Instant to,
        int periodsRead,
        int periodsWithWrites,
        double bytesWritten,
        Instant firstWritePeriod,
        int maxConnections,
        String summary) {

    public static MetricEvidence notChecked(String why) {
        return new MetricEvidence(MetricEvidenceOutcome.NOT_CHECKED, null, null, null, 0, 0, 0, null, 0, why);
    }

    /** The first period start that counts: the stop itself when on a whole minute, else the next minute. */
    public static Instant firstPeriod(Instant writersStoppedAt) {
        Instant minute = writersStoppedAt.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(writersStoppedAt) ? minute : minute.plus(1, ChronoUnit.MINUTES);
    }

    /** The end to ask for: now rounded up to a whole minute (periods not yet over are not published). */
    public static Instant lastPeriodEnd(Instant now) {
        return firstPeriod(now);
    }

    /** The call failed: no evidence. */
    public static MetricEvidence unavailable(Instant since, Instant from, Instant to, String why) {
        return new MetricEvidence(
                MetricEvidenceOutcome.UNAVAILABLE,
                since,
                from,
                to,
                0,
                0,
                0,
                null,
                0,
                "CloudWatch could not be read (" + why + "): no evidence either way; the proof rests on the "
                        + "primary's pods alone");
    }

    /** The evidence rule: what the periods that started at or after {@code since} say. */
    public static MetricEvidence judge(
            String fileSystemId, Instant since, Instant from, Instant to, WriteMetrics.Periods periods) {
        List<WriteMetrics.Datapoint> counted = periods.writeBytes().stream()
                .filter(d -> !d.periodStart().isBefore(since) && d.periodStart().isBefore(to))
                .toList();
        int connections = (int) Math.round(periods.connections().stream()
                .filter(d -> !d.periodStart().isBefore(since) && d.periodStart().isBefore(to))
                .mapToDouble(WriteMetrics.Datapoint::value)
                .max()
                .orElse(0));
        List<WriteMetrics.Datapoint> writes =
                counted.stream().filter(d -> d.value() > 0).toList();
        double bytes =
                writes.stream().mapToDouble(WriteMetrics.Datapoint::value).sum();
        Instant first = writes.stream()
                .map(WriteMetrics.Datapoint::periodStart)
                .min(Instant::compareTo)
                .orElse(null);
        String asked = "DataWriteIOBytes of " + fileSystemId + " in 60 s periods from " + from + " to " + to;
        if (!writes.isEmpty()) {
            return new MetricEvidence(
                    MetricEvidenceOutcome.WRITES_SEEN,
                    since,
                    from,
                    to,
                    counted.size(),
                    writes.size(),
                    bytes,
                    first,
                    connections,
                    "CloudWatch shows writes after the writers' stop " + since + ": " + Math.round(bytes)
                            + " bytes in " + writes.size() + " of " + counted.size() + " period(s), the first from "
                            + first + " (" + asked + "; up to " + connections
                            + " client connection(s)): something outside the plan writes, so the final sync "
                            + "proves nothing");
        }
        if (!counted.isEmpty()) {
            return new MetricEvidence(
                    MetricEvidenceOutcome.NONE_SEEN,
                    since,
                    from,
                    to,
                    counted.size(),
                    0,
                    0,
                    null,
                    connections,
                    "CloudWatch shows no write in " + counted.size() + " period(s) after the writers' stop (" + asked
                            + "); not a proof: periods not yet published are not seen");
        }
        long published = Duration.between(from, to).toSeconds();
        return new MetricEvidence(
                MetricEvidenceOutcome.NO_DATA,
                since,
                from,
                to,
                0,
                0,
                0,
                null,
                connections,
                "CloudWatch gave no datapoint for the " + Math.max(0, published / WriteMetrics.PERIOD_SECONDS)
                        + " whole period(s) since the writers' stop (" + asked
                        + "; EFS metrics are published minutes late): no evidence either way; the proof rests on "
                        + "the primary's pods alone");
    }

    /** Whether this is evidence against the final-sync proof. */
    public boolean writesSeen() {
        return outcome == MetricEvidenceOutcome.WRITES_SEEN;
    }
}
