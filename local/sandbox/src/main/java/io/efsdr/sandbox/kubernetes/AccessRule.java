package io.efsdr.sandbox.kubernetes;

/**
 * One allowed verb on one resource, as RBAC would grant it; {@code *} matches anything.
 *
 * @param verb {@code get}, {@code list}, {@code create}, {@code update}, {@code patch}, {@code
 *     delete} or {@code *}
 * @param resource the plural resource, with {@code /subresource} when there is one, e.g. {@code
 *     deployments/scale}, or {@code *}
 */
public record AccessRule(String verb, String resource) {
    /** A rule allowing everything. */
    public static final AccessRule ALL = new AccessRule("*", "*");

    boolean allows(String requestVerb, String requestResource) {
        return (verb.equals("*") || verb.equals(requestVerb))
                && (resource.equals("*") || resource.equals(requestResource));
    }
}
