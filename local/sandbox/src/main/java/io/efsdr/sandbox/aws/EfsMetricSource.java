package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.truth.Spans;
import java.time.Instant;
import java.util.List;

/**
 * What the CloudWatch stand-in publishes for a file system, taken from the sandbox's own records
 * (the ones its ground truth judges by), never from what the handlers report.
 */
public interface EfsMetricSource {
    /** When the file system accepted writes until {@code now}; empty for a file system not in {@code region}. */
    Spans writes(String region, String fileSystemId, Instant now);

    /** Each client connection (mount) of the file system until {@code now}, one span per connection. */
    List<Spans.Span> connections(String region, String fileSystemId, Instant now);

    EfsMetricSource NONE = new EfsMetricSource() {
        @Override
        public Spans writes(String region, String fileSystemId, Instant now) {
            return Spans.EMPTY;
        }

        @Override
        public List<Spans.Span> connections(String region, String fileSystemId, Instant now) {
            return List.of();
        }
    };
}
