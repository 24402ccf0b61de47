package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an EFS file system policy the way the sandbox needs: does it deny
 * {@code elasticfilesystem:ClientWrite} to every principal? An explicit deny wins over any allow
 * (IAM policy evaluation logic), so one unconditional Deny statement with principal {@code *} (or
 * {@code {"AWS": "*"}}) and an action matching ClientWrite ({@code elasticfilesystem:ClientWrite},
 * {@code elasticfilesystem:*} or {@code *}) fences every client's writes. Conditional statements
 * are not evaluated: they do not count as a fence.
 */
final class WritePolicy {
    private WritePolicy() {}

    static boolean isJsonObject(String policy) {
        try {
            return Json.MAPPER.readTree(policy).isObject();
        } catch (Exception e) {
            return false;
        }
    }

    static boolean deniesClientWriteToEveryone(String policy) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(policy);
        } catch (Exception e) {
            return false;
        }
        JsonNode statements = root.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        for (JsonNode statement : list) {
            if ("Deny".equals(statement.path("Effect").asText())
                    && statement.path("Condition").isMissingNode()
                    && everyone(statement.path("Principal"))
                    && writes(statement.path("Action"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean everyone(JsonNode principal) {
        return "*".equals(principal.asText())
                || "*".equals(principal.path("AWS").asText())
                || (principal.path("AWS").isArray()
                        && principal.path("AWS").toString().contains("\"*\""));
    }

    private static boolean writes(JsonNode action) {
        List<String> actions = new ArrayList<>();
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions.stream()
                .anyMatch(a -> a.equals("*")
                        || a.equalsIgnoreCase("elasticfilesystem:*")
                        || a.equalsIgnoreCase("elasticfilesystem:ClientWrite"));
    }
}
