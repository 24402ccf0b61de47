package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.Site;
import io.efsdr.plan.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds the controllers that can bring a workload's replicas back after it was scaled: GitOps
 * tools that track the object (read from its labels and annotations), an owner that reconciles it,
 * and the autoscalers (HPA, KEDA ScaledObject) whose {@code scaleTargetRef} names it. Read-only:
 * one GET per workload plus one list of HPAs and one of ScaledObjects per namespace; a cluster
 * without the KEDA CRD answers 404 for its list, which means none.
 *
 * <p>Sources for what each one does:
 * <ul>
 *   <li>Argo CD, "Resource Tracking": an application's resources carry the annotation
 *       {@code argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>} (annotation
 *       tracking, the default since 3.0) or the label {@code app.kubernetes.io/instance: <app>}
 *       (label tracking, the older default; the key is {@code application.instanceLabelKey}).
 *       "Automated Sync Policy": with {@code selfHeal: true} a change made in the cluster, such as
 *       {@code spec.replicas}, is reverted; "Diffing Customization": {@code ignoreDifferences} with
 *       {@code jsonPointers: [/spec/replicas]} leaves it alone.
 *   <li>Flux, kustomize-controller and helm-controller: applied objects are labelled
 *       {@code kustomize.toolkit.fluxcd.io/name}/{@code namespace} or
 *       {@code helm.toolkit.fluxcd.io/name}/{@code namespace}; every reconcile re-applies
 *       {@code spec.replicas} from the source until {@code flux suspend} stops it.
 *   <li>Kubernetes, "Horizontal Pod Autoscaling": {@code minReplicas} defaults to 1. A target whose
 *       replicas were set to 0 is left alone ("Implicit maintenance-mode deactivation": the HPA
 *       stops adjusting it until someone scales it up or changes the minimum), so an HPA does not
 *       undo a scale to 0, but it holds any standby above 0 at its minimum and moves the active
 *       replicas between its bounds.
 *   <li>KEDA, "Scaling Deployments" and "Pause autoscaling": KEDA scales the target between 0 and
 *       1 itself, to {@code minReplicaCount} at least, and up from 0 when a trigger is active; the
 *       annotation {@code autoscaling.keda.sh/paused-replicas: "0"} holds it at 0.
 * </ul>
 */
public final class ScalingControllers {
    static final String ARGO_CD_TRACKING = "argocd.argoproj.io/tracking-id";
    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    static final String FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/";
    static final String FLUX_HELM_RELEASE = "helm.toolkit.fluxcd.io/";
    static final String KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";
    static final String KEDA_PAUSED = "autoscaling.keda.sh/paused";

    private final KubernetesClusters connections;

    public ScalingControllers(KubernetesClusters connections) {
        this.connections = connections;
    }

    /**
     * The controllers found on each of {@code workloads} in {@code site}'s cluster, by workload id; only those with
     * any.
     */
    public Map<String, List<ScalingController>> find(Site site, List<Workload> workloads, int concurrency) {
        KubernetesApi client = connections.client(site);
        List<String> namespaces =
                workloads.stream().map(Workload::namespace).distinct().sorted().toList();
        Map<String, Autoscalers> autoscalers = new TreeMap<>();
        Parallel.map(namespaces, concurrency, namespace -> Map.entry(namespace, Autoscalers.read(client, namespace)))
                .forEach(e -> autoscalers.put(e.getKey(), e.getValue()));
        List<Map.Entry<String, List<ScalingController>>> found = Parallel.map(
                workloads,
                concurrency,
                w -> Map.entry(
                        w.id(), on(w, client.get(Paths.workload(w)).orElse(null), autoscalers.get(w.namespace()))));
        Map<String, List<ScalingController>> byWorkload = new LinkedHashMap<>();
        found.stream().filter(e -> !e.getValue().isEmpty()).forEach(e -> byWorkload.put(e.getKey(), e.getValue()));
        return byWorkload;
    }

    /** The controllers found on one workload, reading what it needs (for a failure message). */
    public static List<ScalingController> of(KubernetesApi client, Workload workload) {
        return on(
                workload,
                client.get(Paths.workload(workload)).orElse(null),
                Autoscalers.read(client, workload.namespace()));
    }

    private static List<ScalingController> on(Workload workload, JsonNode object, Autoscalers autoscalers) {
        List<ScalingController> found = new ArrayList<>(object == null ? List.of() : fromMetadata(object));
        found.addAll(autoscalers.targeting(workload));
        return List.copyOf(found);
    }

    /** GitOps tracking and owners, from the workload's own metadata. */
    static List<ScalingController> fromMetadata(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        JsonNode labels = metadata.path("labels");
        JsonNode annotations = metadata.path("annotations");
        List<ScalingController> found = new ArrayList<>();
        String tracking = annotations.path(ARGO_CD_TRACKING).asText("");
        String instance = labels.path(INSTANCE_LABEL).asText("");
        if (!tracking.isEmpty() || !instance.isEmpty()) {
            String application = !tracking.isEmpty() ? tracking.split(":", 2)[0] : instance;
            String how = !tracking.isEmpty()
                    ? "annotation " + ARGO_CD_TRACKING + "=" + tracking
                    : "label " + INSTANCE_LABEL + "=" + instance + " (Argo CD label tracking; Helm sets it too)";
            found.add(new ScalingController(
                    ScalingController.Kind.ARGO_CD,
                    application,
                    "Argo CD application " + application + " tracks it (" + how
                            + "); with automated sync and selfHeal it " + "restores spec.replicas from Git",
                    "add ignoreDifferences with jsonPointers [/spec/replicas] for this "
                            + object.path("kind").asText("workload") + " to application " + application
                            + ", or turn its selfHeal off"));
        }
        fluxOwner(labels, FLUX_KUSTOMIZATION)
                .ifPresent(owner -> found.add(new ScalingController(
                        ScalingController.Kind.FLUX_KUSTOMIZATION,
                        owner,
                        "Flux Kustomization " + owner + " applies it (labels " + FLUX_KUSTOMIZATION
                                + "name/namespace); every " + "reconcile re-applies spec.replicas",
                        "flux suspend kustomization " + suspendArguments(owner)
                                + " before a failover or failback (resume after)")));
        fluxOwner(labels, FLUX_HELM_RELEASE)
                .ifPresent(owner -> found.add(new ScalingController(
                        ScalingController.Kind.FLUX_HELM_RELEASE,
                        owner,
                        "Flux HelmRelease " + owner + " applies it (labels " + FLUX_HELM_RELEASE
                                + "name/namespace); every reconcile " + "re-applies spec.replicas",
                        "flux suspend helmrelease " + suspendArguments(owner)
                                + " before a failover or failback (resume after)")));
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                String name =
                        owner.path("kind").asText() + "/" + owner.path("name").asText();
                found.add(new ScalingController(
                        ScalingController.Kind.OWNER,
                        name,
                        "owned by " + name + " (" + owner.path("apiVersion").asText()
                                + "), whose controller may reset spec.replicas",
                        "make " + name + " leave the replicas alone, or protect " + name
                                + " itself instead of the workload"));
            }
        }
        return found;
    }

    /** {@code name -n namespace} from {@code namespace/name}. */
    private static String suspendArguments(String owner) {
        String[] parts = owner.split("/", 2);
        return parts[1] + " -n " + parts[0];
    }

    /** {@code namespace/name} of the Flux object whose labels with {@code prefix} are on the workload. */
    private static Optional<String> fluxOwner(JsonNode labels, String prefix) {
        String name = labels.path(prefix + "name").asText("");
        String namespace = labels.path(prefix + "namespace").asText("");
        return name.isEmpty()
                ? Optional.empty()
                : Optional.of((namespace.isEmpty() ? "flux-system" : namespace) + "/" + name);
    }

    /** The HPAs and ScaledObjects of one namespace. */
    record Autoscalers(List<JsonNode> horizontalPodAutoscalers, List<JsonNode> scaledObjects) {
        static Autoscalers read(KubernetesApi client, String namespace) {
            return new Autoscalers(
                    items(client, Paths.horizontalPodAutoscalers(namespace)),
                    items(client, Paths.scaledObjects(namespace)));
        }

        /** A GET of the collection: a 404 (the API or the CRD is not installed) means none. */
        private static List<JsonNode> items(KubernetesApi client, String path) {
            List<JsonNode> items = new ArrayList<>();
            client.get(path).ifPresent(list -> list.path("items").forEach(items::add));
            return items;
        }

        List<ScalingController> targeting(Workload workload) {
            List<ScalingController> found = new ArrayList<>();
            for (JsonNode hpa : horizontalPodAutoscalers) {
                if (targets(hpa, workload, null)) {
                    String name = workload.namespace() + "/"
                            + hpa.path("metadata").path("name").asText();
                    int min = hpa.path("spec").path("minReplicas").asInt(1);
                    if (min > 0) {
                        found.add(new ScalingController(
                                ScalingController.Kind.HORIZONTAL_POD_AUTOSCALER,
                                name,
                                "HorizontalPodAutoscaler " + name + " (minReplicas " + min + ", maxReplicas "
                                        + hpa.path("spec").path("maxReplicas").asText("?")
                                        + ") scales it: it leaves a target at 0 alone, "
                                        + "but holds any standby above 0 at " + min
                                        + " and moves the active replicas between its bounds",
                                "in the standby region set minReplicas to 0 (needs HPAScaleToZero) or "
                                        + "delete the HPA there, and keep " + "the standby replicas at 0 or at least "
                                        + min));
                    }
                }
            }
            for (JsonNode scaledObject : scaledObjects) {
                if (targets(scaledObject, workload, "Deployment")) {
                    JsonNode annotations = scaledObject.path("metadata").path("annotations");
                    if ("0".equals(annotations.path(KEDA_PAUSED_REPLICAS).asText(null))) {
                        continue;
                    }
                    String name = workload.namespace() + "/"
                            + scaledObject.path("metadata").path("name").asText();
                    int min = scaledObject.path("spec").path("minReplicaCount").asInt(0);
                    found.add(new ScalingController(
                            ScalingController.Kind.KEDA_SCALED_OBJECT,
                            name,
                            "KEDA ScaledObject " + name + " scales it (minReplicaCount " + min + "): "
                                    + (min > 0
                                            ? "it scales a target at 0 back to " + min
                                            : "it scales it up from 0 when a trigger is active")
                                    + (annotations.has(KEDA_PAUSED)
                                            ? " (paused, which holds the current replicas, not 0)"
                                            : ""),
                            "annotate the ScaledObject " + KEDA_PAUSED_REPLICAS
                                    + ": \"0\" in the standby region (or set " + "minReplicaCount 0 and pause it)"));
                }
            }
            return found;
        }

        /**
         * Whether {@code autoscaler.spec.scaleTargetRef} names the workload (its kind defaulting to {@code
         * defaultKind}).
         */
        private static boolean targets(JsonNode autoscaler, Workload workload, String defaultKind) {
            JsonNode ref = autoscaler.path("spec").path("scaleTargetRef");
            String kind = ref.path("kind").asText(defaultKind == null ? "" : defaultKind);
            return workload.name().equals(ref.path("name").asText())
                    && workload.kind().name().equals(kind);
        }
    }

    /** Whether any of {@code found} is applied by Flux (a Kustomization or a HelmRelease). */
    public static boolean fluxManaged(Map<String, List<ScalingController>> found) {
        return found.values().stream()
                .flatMap(List::stream)
                .anyMatch(c -> c.kind() == ScalingController.Kind.FLUX_KUSTOMIZATION
                        || c.kind() == ScalingController.Kind.FLUX_HELM_RELEASE);
    }

    /**
     * Whether the site's cluster has the hand-over's admission policy and its binding ({@link
     * RequiredAccess#HANDOVER_POLICY}): two GETs by name (RBAC: {@link RequiredAccess#POLICY_READS}); a
     * 404 means missing, a refusal or an unreachable cluster throws.
     */
    public HandoverPolicyState handoverPolicy(Site site) {
        KubernetesApi client = connections.client(site);
        if (client.get(Paths.validatingAdmissionPolicy(RequiredAccess.HANDOVER_POLICY))
                .isEmpty()) {
            return HandoverPolicyState.POLICY_MISSING;
        }
        if (client.get(Paths.validatingAdmissionPolicyBinding(RequiredAccess.HANDOVER_POLICY))
                .isEmpty()) {
            return HandoverPolicyState.BINDING_MISSING;
        }
        return HandoverPolicyState.PRESENT;
    }

    /** One line per workload: {@code id: controller; fix: ...}. */
    public static List<String> describe(Map<String, List<ScalingController>> found) {
        return found.entrySet().stream()
                .map(e -> e.getKey() + ": " + describeAll(e.getValue()))
                .toList();
    }

    /** The controllers' descriptions joined, for a message. */
    static String describeAll(List<ScalingController> controllers) {
        return controllers.stream().map(ScalingController::describe).collect(Collectors.joining(" | "));
    }
}
