package io.efsdr.notify.sns;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;

/** Publishes notifications to the operators' SNS topic. */
public final class Notifier {
    private static final int MAX_SUBJECT = 100;
    private final AwsClients clients;
    private final String region;
    private final String topicArn;

    public Notifier(AwsClients clients, String region, String topicArn) {
        this.clients = clients;
        this.region = region;
        this.topicArn = topicArn;
    }

    /** Publishes and returns the SNS message id. Subjects are cut to SNS's 100-character limit. */
    public String publish(Notification notification) {
        String subject = notification.subject().length() <= MAX_SUBJECT
                ? notification.subject()
                : notification.subject().substring(0, MAX_SUBJECT - 3) + "...";
        String clean = subject.replaceAll("[\\r\\n]", " ");
        return AwsCalls.call(
                "SNS Publish to " + topicArn,
                () -> clients.sns(region)
                        .publish(r -> r.topicArn(topicArn).subject(clean).message(notification.body()))
                        .messageId());
    }
}
