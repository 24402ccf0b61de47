package io.efsdr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Scenario.SiteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The strict readers of scenario fields: every object's fields checked against the known ones, each
 * value's type and range checked, a bad value refused naming its full path.
 */
final class ScenarioFields {
    private ScenarioFields() {}

    /**
     * Refuses an object that is not one, or that has a field not in {@code known}, naming the
     * field's full path and the known fields: a misspelt field must fail the drill, never be a
     * no-op. Every object the parser reads calls it with the fields it reads; a new field is added
     * to that call beside the code that reads it. (Free maps, {@code storageClassParameters},
     * {@code labels}, {@code annotations}, are not checked; {@code plan} is checked by the plan's
     * own validator.)
     */
    static void requireKnown(JsonNode node, String path, String... known) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be a JSON object, not " + node);
        }
        List<String> fields = List.of(known);
        node.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                throw new IllegalArgumentException(
                        path + "." + name + ": is not a known field (known: " + String.join(", ", fields) + ")");
            }
        });
    }

    /** The field {@code field} of {@code node} as a JSON list; absent or null is empty. */
    static JsonNode list(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Json.MAPPER.createArrayNode();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(path + ": must be a list, not " + value);
        }
        return value;
    }

    /** A string field of the object at {@code path}; absent or null is {@code fallback}. */
    static String text(JsonNode node, String field, String fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + ": must be a string, not " + value);
        }
        return value.asText();
    }

    /** A true/false field of the object at {@code path}; absent or null is {@code fallback}. */
    static boolean bool(JsonNode node, String field, boolean fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(path + "." + field + ": must be true or false, not " + value);
        }
        return value.asBoolean();
    }

    /** A whole-number field of the object at {@code path}, at least {@code min}; absent or null is {@code fallback}. */
    static Integer whole(JsonNode node, String field, Integer fallback, int min, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min) {
            throw new IllegalArgumentException(path + "." + field + ": must be a whole number"
                    + (min == Integer.MIN_VALUE ? "" : " >= " + min) + ", not " + value);
        }
        return value.asInt();
    }

    /**
     * A fault's {@code runs}: a non-empty list of distinct whole numbers >= 1 (the runs of a drill's
     * sequence it is limited to); absent or null is null, every run.
     */
    static List<Integer> runs(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException(
                    path + ": must be a non-empty list of run numbers (1 is the sequence's first run), not " + value);
        }
        List<Integer> runs = new ArrayList<>();
        for (JsonNode run : value) {
            if (!run.isIntegralNumber() || !run.canConvertToInt() || run.asInt() < 1) {
                throw new IllegalArgumentException(path + ": each run number must be a whole number >= 1, not " + run);
            }
            if (runs.contains(run.asInt())) {
                throw new IllegalArgumentException(path + ": run " + run.asInt() + " is listed twice");
            }
            runs.add(run.asInt());
        }
        return List.copyOf(runs);
    }

    static long nonNegative(JsonNode node, String field, long fallback, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new IllegalArgumentException(path + ": must be a whole number of seconds >= 0, not " + value);
        }
        return value.asLong();
    }

    /** A JSON object of strings as a map; absent is empty. */
    static Map<String, String> strings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(field + ": must be an object of strings");
        }
        Map<String, String> values = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(field + "." + e.getKey() + ": must be a string");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return Map.copyOf(values);
    }

    static SiteSpec site(JsonNode node, SiteSpec fallback, String path) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        requireKnown(node, path, "region", "clusterName", "fileSystemId");
        return new SiteSpec(
                text(node, "region", fallback.region(), path),
                text(node, "clusterName", fallback.clusterName(), path),
                text(node, "fileSystemId", fallback.fileSystemId(), path));
    }
}
