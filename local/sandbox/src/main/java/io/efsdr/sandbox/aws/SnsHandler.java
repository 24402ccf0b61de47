package io.efsdr.sandbox.aws;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SNS over the AWS query protocol (form-encoded POST, XML answers): what both the functions' SDK
 * client (AWS SDK for Java v2 2.57.8, {@code AwsQueryProtocolFactory}) and the aws CLI (botocore
 * {@code data/sns/2010-03-31/service-2.json}, protocol {@code query}) send. Served, after the Amazon
 * SNS API Reference: Publish; ListTopics ({@code Topics/member/TopicArn}); GetTopicAttributes
 * ({@code Attributes/entry/key,value}); ListSubscriptionsByTopic and ListSubscriptions (no
 * subscriptions are modeled: empty lists). An unknown topic is {@code NotFound} (404).
 */
final class SnsHandler implements ServiceHandler {
    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final Set<String> OPERATIONS =
            Set.of("Publish", "ListTopics", "GetTopicAttributes", "ListSubscriptionsByTopic", "ListSubscriptions");
    /** SNS API Reference, ListTopics and ListSubscriptions: up to 100 a page. */
    private static final int PAGE = 100;

    private final SnsModel model;

    SnsHandler(SnsModel model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "sns";
    }

    @Override
    public String operation(AwsRequest request) {
        String action = WireProtocol.queryParameters(request).get("Action");
        return OPERATIONS.contains(action) ? action : "Unknown";
    }

    @Override
    public boolean isMutating(String operation) {
        return false;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        Map<String, String> params = WireProtocol.queryParameters(request);
        return switch (operation) {
            case "Publish" -> publish(request, params);
            case "ListTopics" -> {
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
                yield Xml.queryResult(NS, operation, xml.toString());
            }
            case "GetTopicAttributes" -> {
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
                yield Xml.queryResult(NS, operation, xml.append("</Attributes>").toString());
            }
            case "ListSubscriptionsByTopic" -> {
                topic(params);
                yield Xml.queryResult(NS, operation, "<Subscriptions/>");
            }
            case "ListSubscriptions" -> Xml.queryResult(NS, operation, "<Subscriptions/>");
            default -> throw notServed("SNS", request);
        };
    }

    private AwsResponse publish(AwsRequest request, Map<String, String> params) {
        String topicArn = params.get("TopicArn");
        String message = params.get("Message");
        if (topicArn == null || message == null) {
            throw new ServiceError(400, "InvalidParameter", "TopicArn and Message are required");
        }
        SnsPublish published = model.publish(request.region(), topicArn, params.get("Subject"), message);
        return Xml.queryResult(NS, "Publish", Xml.element("MessageId", published.messageId()));
    }

    private SnsModel.Topic topic(Map<String, String> params) {
        String arn = params.get("TopicArn");
        return model.topic(arn).orElseThrow(() -> new ServiceError(404, "NotFound", "Topic does not exist"));
    }

    @Override
    public AwsResponse render(ServiceError error) {
        return Xml.queryError(NS, error);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(400, "Throttling", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalError", "Internal error (injected)");
    }
}
