package io.efsdr.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The shared readers of plan fields: each reports its problem by the field's path and returns
 * null or a default.
 */
final class PlanFields {
    static final Pattern CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
    static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,10}");
    static final Set<String> KNOWN_REGIONS = knownRegions();

    private PlanFields() {}

    static boolean isObject(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(path, "is missing");
            return false;
        }
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + describe(node));
            return false;
        }
        return true;
    }

    static void unknownFields(JsonNode node, String path, Set<String> known, Problems problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(
                        path + "." + name,
                        "is not a known field (known: "
                                + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    static String requiredText(JsonNode node, String field, String path, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(path, "is missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(path, "must be a string, not " + describe(value));
            return null;
        }
        if (value.asText().isBlank()) {
            problems.add(path, "must not be empty");
            return null;
        }
        return value.asText();
    }

    static String text(JsonNode node, String field, String path, Problems problems, Pattern pattern, String expected) {
        String value = requiredText(node, field, path, problems);
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(path, "'" + abbreviate(value) + "' is not " + expected);
            return null;
        }
        return value;
    }

    static Optional<String> optionalText(JsonNode node, String field, String parent, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(
                    parent + "." + field,
                    "must be a string (StorageClass parameters are strings), not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    static String numericId(JsonNode node, String field, String parent, Problems problems) {
        String value = optionalText(node, field, parent, problems).orElse(null);
        if (value != null && !NUMERIC_ID.matcher(value).matches()) {
            problems.add(parent + "." + field, "must be a number written as a string, such as \"1000\"");
            return null;
        }
        return value;
    }

    static long longValue(
            JsonNode node, String field, String path, long defaultValue, long min, long max, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue < min) {
                problems.add(path, "is missing");
            }
            return defaultValue;
        }
        if (!value.isIntegralNumber()) {
            problems.add(path, "must be a whole number, not " + describe(value));
            return defaultValue;
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            problems.add(path, "must be between " + min + " and " + max + ", not " + abbreviate(value.asText()));
            return defaultValue;
        }
        return value.asLong();
    }

    static String describe(JsonNode value) {
        JsonNodeType type = value.getNodeType();
        return switch (type) {
            case STRING -> "the string \"" + abbreviate(value.asText()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> "the boolean " + value.asText();
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase();
        };
    }

    static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }

    private static Set<String> knownRegions() {
        Set<String> regions = new HashSet<>();
        for (Region region : Region.regions()) {
            if (!region.isGlobalRegion()) {
                regions.add(region.id());
            }
        }
        return Set.copyOf(regions);
    }
}
