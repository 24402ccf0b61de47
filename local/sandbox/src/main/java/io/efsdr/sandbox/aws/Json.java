package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/** JSON helpers shared by the JSON protocols. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; an empty body reads as an empty object; bad JSON is a 400. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return object();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            throw new ServiceError(400, "SerializationException", "request body is not JSON");
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AWS JSON protocols send timestamps as epoch seconds with a fraction. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** REST-JSON answer (EFS, EKS). */
    static AwsResponse restJson(int status, JsonNode body) {
        return AwsResponse.of(status, "application/json", write(body));
    }

    /**
     * REST-JSON error: the SDK takes the code from {@code x-amzn-ErrorType}; the body carries it too
     * under {@code codeField} (EFS: {@code ErrorCode}) with the message.
     */
    static AwsResponse restJsonError(ServiceError error, String codeField) {
        ObjectNode body = object();
        if (codeField != null) {
            body.put(codeField, error.code());
        }
        body.put(codeField != null ? "Message" : "message", error.getMessage());
        return restJson(error.status(), body).withHeader("x-amzn-ErrorType", error.code());
    }

    /** AWS JSON 1.0/1.1 answer (SSM, Step Functions). */
    static AwsResponse awsJson(String version, JsonNode body) {
        return AwsResponse.of(200, "application/x-amz-json-" + version, write(body));
    }

    /**
     * AWS JSON 1.0/1.1 error: {@code __type} and {@code message} in the body and the code in {@code
     * x-amzn-ErrorType} too (Smithy "AWS JSON 1.1 protocol", operation error serialization; botocore {@code
     * BaseJSONParser._do_error_parse} reads the body's {@code __type}).
     */
    static AwsResponse awsJsonError(String version, ServiceError error) {
        ObjectNode body = object();
        body.put("__type", error.code());
        body.put("message", error.getMessage());
        return AwsResponse.of(error.status(), "application/x-amz-json-" + version, write(body))
                .withHeader("x-amzn-ErrorType", error.code());
    }
}
