package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failure answered as a Kubernetes {@code Status} object. */
final class ApiException extends Exception {
    private final int code;
    private final String reason;
    private final ObjectNode details;

    ApiException(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    ApiException(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    int code() {
        return code;
    }

    ObjectNode toStatus() {
        return status(code, reason, getMessage(), details);
    }

    static ObjectNode status(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message);
        if (reason != null) {
            status.put("reason", reason);
        }
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return status;
    }

    static ObjectNode details(String name, String group, String kind) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            details.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", kind);
        return details;
    }

    static ApiException notFound(String qualifiedResource, String group, String resource, String name) {
        return new ApiException(
                404, "NotFound", qualifiedResource + " \"" + name + "\" not found", details(name, group, resource));
    }

    static ApiException conflict(String qualifiedResource, String group, String resource, String name) {
        return new ApiException(
                409,
                "Conflict",
                "Operation cannot be fulfilled on "
                        + qualifiedResource
                        + " \""
                        + name
                        + "\": the object has been modified; please apply your changes to the latest version"
                        + " and try again",
                details(name, group, resource));
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }
}
