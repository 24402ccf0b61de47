package io.efsdr.sandbox.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A received request, reduced to what the handlers read.
 *
 * @param region region from the SigV4 credential scope
 * @param method HTTP method
 * @param path decoded request path
 * @param query decoded query parameters (last value wins)
 * @param headers request headers, names in lower case (first value)
 * @param body raw request body
 */
record AwsRequest(
        String region,
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses {@code a=b&c=d} with URL decoding; absent or empty text gives an empty map. */
    static Map<String, String> parseForm(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(key), decode(value));
        }
        return out;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
