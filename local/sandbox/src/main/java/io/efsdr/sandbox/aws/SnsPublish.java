package io.efsdr.sandbox.aws;

import java.time.Instant;

/** One SNS Publish received; {@code subject} may be null. */
public record SnsPublish(
        String region, String topicArn, String subject, String message, String messageId, Instant at) {}
