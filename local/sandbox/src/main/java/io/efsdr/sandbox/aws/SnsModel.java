package io.efsdr.sandbox.aws;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every SNS notification published, in order, and the topics the sandbox created (what ListTopics
 * lists). A publish to any topic ARN is accepted and recorded. Thread-safe.
 */
public final class SnsModel {
    /** A topic: its ARN and region. */
    public record Topic(String region, String name) {
        public String arn() {
            return "arn:aws:sns:" + region + ":" + EfsModel.ACCOUNT + ":" + name;
        }
    }

    private final Clock clock;
    private final List<SnsPublish> published = new CopyOnWriteArrayList<>();
    private final Map<String, Topic> topics = new ConcurrentSkipListMap<>();

    SnsModel(Clock clock) {
        this.clock = clock;
    }

    /** Creates a topic, as the template does; creating it again changes nothing. */
    public Topic createTopic(String region, String name) {
        Topic topic = new Topic(region, name);
        topics.putIfAbsent(topic.arn(), topic);
        return topic;
    }

    /** The topics of one region, in ARN order. */
    List<Topic> topics(String region) {
        return topics.values().stream().filter(t -> t.region().equals(region)).toList();
    }

    Optional<Topic> topic(String arn) {
        return Optional.ofNullable(arn == null ? null : topics.get(arn));
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
