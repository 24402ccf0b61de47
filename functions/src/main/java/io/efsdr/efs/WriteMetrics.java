package io.efsdr.efs;

import java.time.Instant;
import java.util.List;

/**
 * The EFS metrics that show whether a file system was written to: {@code DataWriteIOBytes} and
 * {@code ClientConnections} (namespace {@code AWS/EFS}, dimension {@code FileSystemId}, statistic
 * {@code Sum}, 1-minute periods: EFS user guide, "Amazon CloudWatch metrics for Amazon EFS").
 */
public interface WriteMetrics {
    /** The metrics' period: EFS sends its metrics to CloudWatch at 1-minute periods. */
    int PERIOD_SECONDS = 60;

    /**
     * One call for the 60 s periods of both metrics between {@code start} (inclusive) and {@code end}
     * (exclusive), both on whole minutes. A period missing from the answer has no datapoint.
     *
     * @throws RuntimeException when the call fails (unreachable, throttled, denied, unreadable)
     */
    Periods read(String region, String fileSystemId, Instant start, Instant end);

    /** The value of one period, timestamped with the period's start (CloudWatch's convention). */
    record Datapoint(Instant periodStart, double value) {}

    /** What one call returned for each metric. */
    record Periods(List<Datapoint> writeBytes, List<Datapoint> connections) {
        public Periods {
            writeBytes = List.copyOf(writeBytes);
            connections = List.copyOf(connections);
        }
    }
}
