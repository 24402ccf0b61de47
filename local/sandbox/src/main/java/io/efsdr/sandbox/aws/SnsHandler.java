package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;

import java.util.List;
import java.util.Map;

/**
 * SNS over the AWS query protocol (form-encoded POST, XML answers): what both the functions' SDK
 * client (AWS SDK for Java v2 2.57.8, {@code AwsQueryProtocolFactory}) and the aws CLI (botocore
 * {@code data/sns/2010-03-31/service-2.json}, protocol {@code query}) send. Served, after the Amazon
 * SNS API Reference: Publish; ListTopics ({@code Topics/member/TopicArn}); GetTopicAttributes
 * ({@code Attributes/entry/key,value}); ListSubscriptionsByTopic and ListSubscriptions (no
 * subscriptions are modeled: empty lists). An unknown topic is {@code NotFound} (404).
 */
final class SnsHandler extends QueryService {
    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    /** SNS API Reference, ListTopics and ListSubscriptions: up to 100 a page. */
    private static final int PAGE = 100;

    private final SnsModel model;

    SnsHandler(SnsModel model) {
        super(
                "sns",
                "SNS",
                NS,
                new FaultAnswers(
                        new ServiceError(400, "Throttling", "Rate exceeded"),
                        new ServiceError(500, "InternalError", "Internal error (injected)")));
        this.model = model;
        // Publish changes none of the DR world (a notification, as an audit object in S3): a read.
        operations(
                op("Publish", READ, this::publish),
                op("ListTopics", READ, this::listTopics),
                op("GetTopicAttributes", READ, this::getTopicAttributes),
                op("ListSubscriptionsByTopic", READ, (request, params) -> {
                    topic(params);
                    return "<Subscriptions/>";
                }),
                op("ListSubscriptions", READ, (request, params) -> "<Subscriptions/>"));
    }

    private String listTopics(AwsRequest request, Map<String, String> params) {
        List<SnsModel.Topic> topics = model.topics(request.region());
        Page page = Page.of(topics.size(), null, params.get("NextToken"), PAGE);
        StringBuilder xml = new StringBuilder("<Topics>");
        topics.subList(page.from(), page.to())
                .forEach(t -> xml.append("<member>")
                        .append(Xml.element("TopicArn", t.arn()))
                        .append("</member>"));
        xml.append("</Topics>");
        if (page.nextToken() != null) {
            xml.append(Xml.element("NextToken", page.nextToken()));
        }
        return xml.toString();
    }

    private String getTopicAttributes(AwsRequest request, Map<String, String> params) {
        SnsModel.Topic topic = topic(params);
        // SNS API Reference, GetTopicAttributes: the attributes every topic has.
        Map<String, String> attributes = Map.of(
                "TopicArn", topic.arn(),
                "Owner", EfsModel.ACCOUNT,
                "DisplayName", "",
                "SubscriptionsConfirmed", "0",
                "SubscriptionsPending", "0",
                "SubscriptionsDeleted", "0");
        StringBuilder xml = new StringBuilder("<Attributes>");
        attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> xml.append("<entry>")
                        .append(Xml.element("key", e.getKey()))
                        .append(Xml.element("value", e.getValue()))
                        .append("</entry>"));
        return xml.append("</Attributes>").toString();
    }

    private String publish(AwsRequest request, Map<String, String> params) {
        String topicArn = params.get("TopicArn");
        String message = params.get("Message");
        if (topicArn == null || message == null) {
            throw new ServiceError(400, "InvalidParameter", "TopicArn and Message are required");
        }
        SnsPublish published = model.publish(request.region(), topicArn, params.get("Subject"), message);
        return Xml.element("MessageId", published.messageId());
    }

    private SnsModel.Topic topic(Map<String, String> params) {
        String arn = params.get("TopicArn");
        return model.topic(arn).orElseThrow(() -> new ServiceError(404, "NotFound", "Topic does not exist"));
    }
}
