package io.efsdr.sandbox.aws;

import java.util.UUID;

/**
 * XML helpers for the AWS query protocol (SNS, STS, and the error answer of any query service).
 *
 * <p>Wire shapes after botocore's {@code QueryParser} ({@code botocore/parsers.py}) and the AWS
 * API references' "Common Errors": a result is {@code <{Op}Response xmlns=..><{Op}Result>..</{Op}Result>
 * <ResponseMetadata><RequestId>..</RequestId></ResponseMetadata></{Op}Response>}; an error is
 * {@code <ErrorResponse><Error><Type>Sender|Receiver</Type><Code>..</Code><Message>..</Message></Error>
 * <RequestId>..</RequestId></ErrorResponse>} with the HTTP status. EC2's own query dialect answers
 * {@code <Response><Errors><Error>..</Error></Errors><RequestID>..</RequestID></Response>}
 * (botocore {@code EC2QueryParser}).
 */
final class Xml {
    private Xml() {}

    static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    /** {@code <name>text</name>}, the text escaped. */
    static String element(String name, Object text) {
        return "<" + name + ">" + escape(String.valueOf(text)) + "</" + name + ">";
    }

    /** A query-protocol success answer wrapping {@code resultXml} in {@code <{operation}Result>}. */
    static AwsResponse queryResult(String namespace, String operation, String resultXml) {
        String xml = "<" + operation + "Response xmlns=\"" + namespace + "\"><" + operation + "Result>" + resultXml
                + "</" + operation + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + operation + "Response>";
        return AwsResponse.of(200, "text/xml", xml);
    }

    /** A query-protocol error ({@code ErrorResponse}); {@code namespace} may be null. */
    static AwsResponse queryError(String namespace, ServiceError error) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        String xmlns = namespace == null ? "" : " xmlns=\"" + namespace + "\"";
        String xml = "<ErrorResponse" + xmlns + "><Error>" + element("Type", type) + element("Code", error.code())
                + element("Message", error.getMessage()) + "</Error>" + element("RequestId", UUID.randomUUID())
                + "</ErrorResponse>";
        return AwsResponse.of(error.status(), "text/xml", xml);
    }

    /** An EC2 query-dialect error. */
    static AwsResponse ec2Error(ServiceError error) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                + element("Code", error.code()) + element("Message", error.getMessage()) + "</Error></Errors>"
                + element("RequestID", UUID.randomUUID()) + "</Response>";
        return AwsResponse.of(error.status(), "text/xml", xml);
    }

    /** A REST-XML error as S3 and Route 53 answer it: {@code <Error><Code>..</Code><Message>..</Message>}. */
    static AwsResponse restXmlError(ServiceError error) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>" + element("Code", error.code())
                + element("Message", error.getMessage()) + element("RequestId", UUID.randomUUID()) + "</Error>";
        return AwsResponse.of(error.status(), "application/xml", xml);
    }
}
