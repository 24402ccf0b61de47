package io.efsdr.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to send.
 *
 * @param status HTTP status
 * @param contentType content type, or {@code null} when there is no body
 * @param headers extra headers
 * @param body body bytes; empty for none
 */
record AwsResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static AwsResponse of(int status, String contentType, String body) {
        return new AwsResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    static AwsResponse empty(int status) {
        return new AwsResponse(status, null, Map.of(), new byte[0]);
    }

    AwsResponse withHeader(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.put(name, value);
        return new AwsResponse(status, contentType, Map.copyOf(merged), body);
    }
}
