package io.efsdr.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The narrowest switch each GitOps controller documents for "leave this object's replicas alone",
 * read from and written to the object it lives on with a JSON merge patch (RFC 7386: a null removes
 * the field).
 *
 * <ul>
 *   <li>{@link #FLUX_RECONCILE_DISABLED}: the annotation {@code kustomize.toolkit.fluxcd.io/reconcile:
 *       disabled} on the in-cluster workload; kustomize-controller then neither applies nor prunes it
 *       (Flux docs, "Kustomization", section "Controlling the apply behavior of resources";
 *       fluxcd/kustomize-controller#484). The Kustomization keeps reconciling everything else.
 *   <li>{@link #HELM_RELEASE_SUSPENDED}: {@code spec.suspend: true} on the HelmRelease (Flux docs,
 *       "Helm Releases", section "Suspend"): helm-controller stops reconciling the release.
 *   <li>{@link #ARGO_CD_SKIP_RECONCILE}: the annotation {@code argocd.argoproj.io/skip-reconcile:
 *       "true"} on the Application (Argo CD docs, "Skip Application Reconcile"; an alpha feature
 *       since Argo CD 2.7): the application controller leaves the Application, and so its resources,
 *       alone.
 * </ul>
 */
public enum Lever {
    FLUX_RECONCILE_DISABLED("metadata.annotations[kustomize.toolkit.fluxcd.io/reconcile]", "disabled"),
    HELM_RELEASE_SUSPENDED("spec.suspend", "true"),
    ARGO_CD_SKIP_RECONCILE("metadata.annotations[argocd.argoproj.io/skip-reconcile]", "true");

    static final String FLUX_RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";
    static final String ARGO_CD_SKIP = "argocd.argoproj.io/skip-reconcile";

    private final String field;
    private final String value;

    Lever(String field, String value) {
        this.field = field;
        this.value = value;
    }

    /** The field the lever sets, for reports. */
    public String field() {
        return field;
    }

    /** The value the hand-over sets. */
    public String value() {
        return value;
    }

    /** The lever's current value on {@code object}, as text; null when the field is absent. */
    public String read(JsonNode object) {
        JsonNode node = switch (this) {
            case FLUX_RECONCILE_DISABLED ->
                object.path("metadata").path("annotations").path(FLUX_RECONCILE);
            case ARGO_CD_SKIP_RECONCILE ->
                object.path("metadata").path("annotations").path(ARGO_CD_SKIP);
            case HELM_RELEASE_SUSPENDED -> object.path("spec").path("suspend");
        };
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** The merge patch that sets the lever to {@code text} (null: removes the field). */
    public JsonNode patch(String text) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        switch (this) {
            case FLUX_RECONCILE_DISABLED -> annotation(body, FLUX_RECONCILE, text);
            case ARGO_CD_SKIP_RECONCILE -> annotation(body, ARGO_CD_SKIP, text);
            case HELM_RELEASE_SUSPENDED -> {
                ObjectNode spec = body.putObject("spec");
                if (text == null) {
                    spec.putNull("suspend");
                } else {
                    spec.put("suspend", Boolean.parseBoolean(text));
                }
            }
        }
        return body;
    }

    private static void annotation(ObjectNode body, String key, String text) {
        ObjectNode annotations = body.putObject("metadata").putObject("annotations");
        if (text == null) {
            annotations.putNull(key);
        } else {
            annotations.put(key, text);
        }
    }
}
