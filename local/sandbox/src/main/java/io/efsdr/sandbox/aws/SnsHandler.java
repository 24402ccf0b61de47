package io.efsdr.sandbox.aws;

import java.util.Map;
import java.util.UUID;

/** SNS Publish over the AWS query protocol: form-encoded POST, XML answers. */
final class SnsHandler implements ServiceHandler {
    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";

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
        String action = params(request).get("Action");
        return "Publish".equals(action) ? action : "Unknown";
    }

    @Override
    public boolean isMutating(String operation) {
        return false;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        Map<String, String> params = params(request);
        if (!operation.equals("Publish")) {
            throw new ServiceError(400, "InvalidAction", "Unsupported action " + params.get("Action"));
        }
        String topicArn = params.get("TopicArn");
        String message = params.get("Message");
        if (topicArn == null || message == null) {
            throw new ServiceError(400, "InvalidParameter", "TopicArn and Message are required");
        }
        SnsPublish published = model.publish(request.region(), topicArn, params.get("Subject"), message);
        String xml = "<PublishResponse xmlns=\""
                + NS
                + "\"><PublishResult><MessageId>"
                + published.messageId()
                + "</MessageId></PublishResult><ResponseMetadata><RequestId>"
                + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></PublishResponse>";
        return AwsResponse.of(200, "text/xml", xml);
    }

    @Override
    public AwsResponse render(ServiceError error) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        String xml = "<ErrorResponse xmlns=\""
                + NS
                + "\"><Error><Type>"
                + type
                + "</Type><Code>"
                + escape(error.code())
                + "</Code><Message>"
                + escape(error.getMessage())
                + "</Message></Error><RequestId>"
                + UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
        return AwsResponse.of(error.status(), "text/xml", xml);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(400, "Throttling", "Rate exceeded");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalError", "Internal error (injected)");
    }

    private static Map<String, String> params(AwsRequest request) {
        Map<String, String> params = AwsRequest.parseForm(request.bodyText());
        params.putAll(request.query());
        return params;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
