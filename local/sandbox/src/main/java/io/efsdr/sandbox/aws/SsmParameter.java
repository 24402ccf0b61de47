package io.efsdr.sandbox.aws;

import java.time.Instant;

/** One SSM parameter version as stored, with its tier ({@code Standard} or {@code Advanced}). */
public record SsmParameter(
        String region, String name, String type, String value, long version, Instant lastModified, String tier) {

    public String arn() {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return "arn:aws:ssm:" + region + ":" + EfsModel.ACCOUNT + ":parameter/" + path;
    }
}
