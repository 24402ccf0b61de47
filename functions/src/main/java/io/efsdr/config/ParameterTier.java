package io.efsdr.config;

import java.nio.charset.StandardCharsets;

/**
 * The SSM Parameter Store tiers and the largest value each holds (AWS Systems Manager user guide,
 * "Managing parameter tiers"; API reference, PutParameter: "Standard parameters have a value limit
 * of 4 KB. Advanced parameters have a value limit of 8 KB.").
 */
public enum ParameterTier {
    STANDARD("Standard", 4096),
    ADVANCED("Advanced", 8192);

    private final String displayName;
    private final int maxBytes;

    ParameterTier(String displayName, int maxBytes) {
        this.displayName = displayName;
        this.maxBytes = maxBytes;
    }

    public String displayName() {
        return displayName;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The UTF-8 size of a parameter value. */
    public static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The smallest tier that holds {@code value}, or null when none does. SSM refuses to store a
     * value over its tier's limit, so a stored value larger than the Standard limit is Advanced.
     */
    public static ParameterTier holding(String value) {
        int size = bytes(value);
        for (ParameterTier tier : values()) {
            if (size <= tier.maxBytes) {
                return tier;
            }
        }
        return null;
    }
}
