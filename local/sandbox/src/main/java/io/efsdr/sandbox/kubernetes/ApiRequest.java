package io.efsdr.sandbox.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request resolved against the served API: {@code resource} is null when the path names no served
 * resource; {@code verb} is the Kubernetes verb ({@code list} for a GET of a collection).
 */
record ApiRequest(
        String method,
        String path,
        Map<String, String> query,
        String group,
        String resource,
        String namespace,
        String name,
        String subresource,
        String verb) {

    static ApiRequest parse(String method, String path, String rawQuery) {
        Map<String, String> query = parseQuery(rawQuery);
        String[] segments = path.replaceAll("^/+|/+$", "").split("/+");
        String groupVersion = null;
        int next;
        if (segments.length >= 2 && segments[0].equals("api") && segments[1].equals("v1")) {
            groupVersion = "v1";
            next = 2;
        } else if (segments.length >= 3 && segments[0].equals("apis")) {
            groupVersion = segments[1] + "/" + segments[2];
            next = 3;
        } else {
            return unresolved(method, path, query);
        }
        String namespace = null;
        if (segments.length > next + 2 && segments[next].equals("namespaces")) {
            namespace = segments[next + 1];
            next += 2;
        }
        if (segments.length <= next || segments.length > next + 3) {
            return unresolved(method, path, query);
        }
        String resource = segments[next];
        String name = segments.length > next + 1 ? segments[next + 1] : null;
        String subresource = segments.length > next + 2 ? segments[next + 2] : null;
        ApiResources.Resource served = ApiResources.find(groupVersion, resource).orElse(null);
        boolean namespaced = served != null && served.namespaced();
        boolean resolved = served != null
                && (namespace == null || namespaced)
                && (namespace != null || name == null || !namespaced)
                && (subresource == null || (subresource.equals("scale") && served.scale()))
                && (!resource.equals("selfsubjectaccessreviews") || name == null);
        if (!resolved) {
            return unresolved(method, path, query);
        }
        String group = served.group();
        String verb = verb(method, name);
        if (verb.equals("list") && isTrue(query.get("watch"))) {
            verb = "watch";
        }
        return new ApiRequest(method, path, query, group, resource, namespace, name, subresource, verb);
    }

    /** The same request as a list (what a watch looks at). */
    ApiRequest asList() {
        return new ApiRequest(method, path, query, group, resource, namespace, name, subresource, "list");
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("true") || value.equals("1"));
    }

    /** The fault-plan operation: verb, colon, subresource or resource. */
    String operation() {
        String target = subresource != null ? subresource : resource != null ? resource : "unknown";
        return verb + ":" + target;
    }

    /** The RBAC resource, e.g. {@code deployments/scale}. */
    String rbacResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    boolean mutating() {
        return switch (verb) {
            case "create", "update", "patch", "delete" -> !"selfsubjectaccessreviews".equals(resource);
            default -> false;
        };
    }

    private static ApiRequest unresolved(String method, String path, Map<String, String> query) {
        return new ApiRequest(method, path, query, null, null, null, null, null, verb(method, "x"));
    }

    private static String verb(String method, String name) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                query.putIfAbsent(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                query.putIfAbsent(key, value);
            }
        }
        return query;
    }
}
