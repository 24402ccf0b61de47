package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.VirtualClock;
import io.efsdr.sandbox.truth.Spans;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's {@code AWS/EFS} metrics, computed from the sandbox's own records ({@link
 * EfsMetricSource}), as EFS sends them: one datapoint per file system ({@code FileSystemId}
 * dimension) and minute (EFS user guide, "Amazon CloudWatch metrics for Amazon EFS": "Amazon EFS
 * metric data is automatically sent to CloudWatch at 1-minute periods"), each minute readable only
 * {@code publishDelay} after it ended (CloudWatch publishes a service's metrics minutes late; the
 * delay is the scenario's {@code metricDelaySeconds}, pessimistic by default). Served:
 *
 * <ul>
 *   <li>{@code DataWriteIOBytes}: the bytes written in the minute, {@value #WRITE_BYTES_PER_SECOND}
 *       bytes per second of accepted writes; a datapoint for every minute in which the file system had
 *       a client connection or a write (0 when none was written);
 *   <li>{@code ClientConnections}: the connections open during the minute ("one connection per
 *       mounted Amazon EC2 instance": here one per pod and per connection of a writer outside the
 *       plan, refused writes or not); a datapoint only for minutes with one.
 * </ul>
 *
 * Any other namespace, metric or dimension has no datapoint, as CloudWatch answers for a metric it
 * never received.
 */
public final class CloudWatchModel {
    /** The modelled write rate of an accepted writer: what makes DataWriteIOBytes non-zero. */
    public static final long WRITE_BYTES_PER_SECOND = 4096;

    static final String NAMESPACE = "AWS/EFS";
    static final long MINUTE_MILLIS = 60_000;

    private final VirtualClock clock;
    private volatile EfsMetricSource source = EfsMetricSource.NONE;
    private volatile Duration publishDelay = Duration.ofSeconds(180);

    CloudWatchModel(VirtualClock clock) {
        this.clock = clock;
    }

    public void setSource(EfsMetricSource source) {
        this.source = source;
    }

    /** How long after a minute ends its datapoint can be read (scenario {@code metricDelaySeconds}). */
    public void setPublishDelay(Duration delay) {
        this.publishDelay = delay;
    }

    /** One datapoint: the period's start and its statistic. */
    public record Datapoint(Instant periodStart, double value) {}

    /**
     * The datapoints of one metric in {@code [start, end)}, {@code period} seconds each (a multiple of 60),
     * periods aligned on {@code start}; a period whose minutes are none of them published yet, or which
     * has no minute with a value, has no datapoint.
     */
    public List<Datapoint> datapoints(
            String region,
            String namespace,
            String metricName,
            Map<String, String> dimensions,
            String stat,
            long period,
            Instant start,
            Instant end) {
        List<Datapoint> points = new ArrayList<>();
        String fileSystemId = dimensions.get("FileSystemId");
        if (!NAMESPACE.equals(namespace) || fileSystemId == null || dimensions.size() != 1) {
            return points;
        }
        boolean writes = metricName.equals("DataWriteIOBytes");
        if (!writes && !metricName.equals("ClientConnections")) {
            return points;
        }
        Instant now = clock.instant();
        long publishedUntil = now.minus(publishDelay).toEpochMilli();
        Spans written = source.writes(region, fileSystemId, now);
        List<Spans.Span> connections = source.connections(region, fileSystemId, now);
        for (long from = start.toEpochMilli(); from < end.toEpochMilli(); from += period * 1000) {
            List<Double> minutes = new ArrayList<>();
            for (long minute = from; minute < from + period * 1000; minute += MINUTE_MILLIS) {
                long to = minute + MINUTE_MILLIS;
                if (to > publishedUntil) {
                    break;
                }
                long open = 0;
                for (Spans.Span c : connections) {
                    if (c.from() < to && c.to() > minute) {
                        open++;
                    }
                }
                long writtenMillis = written.intersect(Spans.of(minute, to)).totalMillis();
                if (writes && (open > 0 || writtenMillis > 0)) {
                    minutes.add(writtenMillis * WRITE_BYTES_PER_SECOND / 1000.0);
                } else if (!writes && open > 0) {
                    minutes.add((double) open);
                }
            }
            if (!minutes.isEmpty()) {
                points.add(new Datapoint(Instant.ofEpochMilli(from), statistic(stat, minutes)));
            }
        }
        return points;
    }

    /** A statistic over the period's one-minute values (CloudWatch "Statistics definitions"). */
    private static double statistic(String stat, List<Double> minutes) {
        return switch (stat) {
            case "Sum" -> minutes.stream().mapToDouble(Double::doubleValue).sum();
            case "Average" ->
                minutes.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            case "Maximum" ->
                minutes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            case "Minimum" ->
                minutes.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            case "SampleCount" -> minutes.size();
            default ->
                throw new ServiceError(
                        400,
                        "InvalidParameterValue",
                        "The statistic " + stat
                                + " is not served by the sandbox (Sum, Average, Maximum, Minimum, SampleCount)");
        };
    }
}
