package io.efsdr.sandbox.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Region and service from a SigV4 {@code Authorization} header's credential scope. */
public record CredentialScope(String region, String service) {
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");

    /** The scope in {@code authorization}, or null when it carries none. */
    public static CredentialScope parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? new CredentialScope(m.group(1), m.group(2)) : null;
    }
}
