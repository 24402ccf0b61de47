package io.efsdr.sandbox.aws;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every SNS notification published, in order. Any topic ARN is accepted. Thread-safe. */
public final class SnsModel {
    private final Clock clock;
    private final List<SnsPublish> published = new CopyOnWriteArrayList<>();

    SnsModel(Clock clock) {
        this.clock = clock;
    }

    SnsPublish publish(String region, String topicArn, String subject, String message) {
        SnsPublish entry = new SnsPublish(
                region, topicArn, subject, message, UUID.randomUUID().toString(), clock.instant());
        published.add(entry);
        return entry;
    }

    /** Every publish so far. */
    public List<SnsPublish> published() {
        return List.copyOf(published);
    }
}
