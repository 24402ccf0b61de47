package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import io.efsdr.kubernetes.RequiredAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluates the ValidatingAdmissionPolicy shipped in {@code kubernetes/handover-policy.yaml} (the file
 * itself, parsed here) with the CEL library: the orchestrator's group may change a Deployment's or
 * StatefulSet's {@code spec.replicas} and the annotation {@code kustomize.toolkit.fluxcd.io/reconcile},
 * nothing else; other identities are not matched at all.
 *
 * <p>The evaluation follows the API server's (Kubernetes docs, "Validating Admission Policy"):
 * {@code matchConstraints.resourceRules} by group, resource (a subresource only as {@code
 * resource/subresource}) and operation; then every {@code matchConditions} expression must be true;
 * then {@code variables} in order, reachable as {@code variables.<name>}; a request is refused when
 * any {@code validations} expression is false. {@code object} and {@code oldObject} are declared
 * {@code dyn}, as k8s.io/apiserver/pkg/admission/plugin/cel declares them, and hold the objects as
 * the plain maps the API server converts them to.
 */
class HandoverPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORCHESTRATOR_GROUP = "efs-dr-orchestrator";
    private static final String RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();

    private static Path projectRoot;
    private static Map<String, Object> policy;
    private static Map<String, Object> binding;

    @BeforeAll
    static void readPolicy() throws IOException {
        String root = System.getProperty("project.root");
        assertNotNull(root, "system property project.root is set by surefire (local/sandbox/pom.xml)");
        projectRoot = Path.of(root).toAbsolutePath().normalize();
        for (Map<String, Object> document :
                CloudFormationYaml.readAll(projectRoot.resolve("kubernetes/handover-policy.yaml"))) {
            switch ((String) document.get("kind")) {
                case "ValidatingAdmissionPolicy" -> policy = document;
                case "ValidatingAdmissionPolicyBinding" -> binding = document;
                default -> throw new AssertionError("unexpected kind " + document.get("kind"));
            }
        }
        assertNotNull(policy, "kubernetes/handover-policy.yaml has a ValidatingAdmissionPolicy");
        assertNotNull(binding, "kubernetes/handover-policy.yaml has a ValidatingAdmissionPolicyBinding");
    }

    // ---------------------------------------------------------------------------------------------
    // Allowed
    // ---------------------------------------------------------------------------------------------

    @Test
    void orchestrator_changingReplicasByPatch_isAllowed() throws Exception {
        assertAllowed(orchestrator("deployments"), deployment(), d -> spec(d).put("replicas", 0L));
        assertAllowed(orchestrator("statefulsets"), statefulSet(), s -> spec(s).put("replicas", 5L));
    }

    @Test
    void orchestrator_settingTheReconcileAnnotation_isAllowed() throws Exception {
        assertAllowed(
                orchestrator("deployments"), deployment(), d -> annotations(d).put(RECONCILE, "disabled"));
        assertAllowed(
                orchestrator("statefulsets"), statefulSet(), s -> annotations(s).put(RECONCILE, "disabled"));
        // on a workload without any annotation: the map itself appears
        Map<String, Object> bare = deployment();
        metadata(bare).remove("annotations");
        assertAllowed(orchestrator("deployments"), bare, d -> annotations(d).put(RECONCILE, "disabled"));
    }

    @Test
    void orchestrator_restoringOrRemovingTheReconcileAnnotation_isAllowed() throws Exception {
        Map<String, Object> handedOver = deployment();
        annotations(handedOver).put(RECONCILE, "disabled");
        assertAllowed(
                orchestrator("deployments"), handedOver, d -> annotations(d).remove(RECONCILE));
        assertAllowed(
                orchestrator("deployments"), handedOver, d -> annotations(d).put(RECONCILE, "enabled"));
        // the last annotation removed: the map is gone
        Map<String, Object> only = deployment();
        metadata(only).put("annotations", new LinkedHashMap<>(Map.of(RECONCILE, "disabled")));
        assertAllowed(orchestrator("deployments"), only, d -> metadata(d).remove("annotations"));
    }

    @Test
    void orchestrator_replicasAndAnnotationTogether_withServerSetMetadata_isAllowed() throws Exception {
        assertAllowed(orchestrator("deployments"), deployment(), d -> {
            spec(d).put("replicas", 3L);
            annotations(d).put(RECONCILE, "disabled");
            // what the API server changes itself before validating admission runs
            metadata(d).put("generation", 8L);
            metadata(d).put("managedFields", List.of(Map.of("manager", "efs-dr", "operation", "Update")));
        });
    }

    @Test
    void otherIdentities_mayChangeAnything() throws Exception {
        Map<String, Object> person = request("deployments", null, "UPDATE", "alice", List.of("system:masters"));
        Map<String, Object> flux = request(
                "deployments",
                null,
                "UPDATE",
                "system:serviceaccount:flux-system:kustomize-controller",
                List.of("system:serviceaccounts", "system:serviceaccounts:flux-system"));
        for (Map<String, Object> other : List.of(person, flux)) {
            assertAllowed(other, deployment(), d -> container(d).put("image", "shop:2"));
            assertAllowed(other, deployment(), d -> labels(d).put("tier", "gold"));
            assertAllowed(other, deployment(), d -> annotations(d).put("team", "payments"));
        }
    }

    @Test
    void scaleSubresource_isNotMatched_soScalingWorksAsToday() throws Exception {
        // WorkloadScaler patches deployments/<name>/scale: the policy's rules name the main resources only
        Map<String, Object> scale = request("deployments", "scale", "UPDATE", "orchestrator", groups());
        assertFalse(matches(scale, deployment(), deployment()));
        assertTrue(matches(orchestrator("deployments"), deployment(), deployment()));
        assertFalse(
                matches(request("deployments", null, "CREATE", "orchestrator", groups()), deployment(), deployment()));
    }

    // ---------------------------------------------------------------------------------------------
    // Refused
    // ---------------------------------------------------------------------------------------------

    @Test
    void orchestrator_changingThePodTemplate_isRefused() throws Exception {
        assertRefused(
                orchestrator("deployments"), deployment(), d -> container(d).put("image", "shop:2"), "spec");
        assertRefused(
                orchestrator("statefulsets"), statefulSet(), s -> container(s).put("image", "db:2"), "spec");
        // kubectl rollout restart: an annotation of the pod template
        assertRefused(
                orchestrator("deployments"),
                deployment(),
                d -> metadata(template(d)).put("annotations", Map.of("kubectl.kubernetes.io/restartedAt", "now")),
                "spec");
        // replicas allowed, the image with it is not
        assertRefused(
                orchestrator("deployments"),
                deployment(),
                d -> {
                    spec(d).put("replicas", 3L);
                    container(d).put("image", "shop:2");
                },
                "spec");
        // a spec field removed or added
        assertRefused(orchestrator("deployments"), deployment(), d -> spec(d).remove("strategy"), "spec");
        assertRefused(orchestrator("deployments"), deployment(), d -> spec(d).put("paused", true), "spec");
    }

    @Test
    void orchestrator_changingAnotherAnnotation_isRefused() throws Exception {
        assertRefused(
                orchestrator("deployments"), deployment(), d -> annotations(d).put("team", "payments"), "annotation");
        assertRefused(
                orchestrator("deployments"),
                deployment(),
                d -> annotations(d).put("dr.efsdr.io/active-replicas", "9"),
                "annotation");
        assertRefused(
                orchestrator("deployments"),
                deployment(),
                d -> annotations(d).remove("dr.efsdr.io/active-replicas"),
                "annotation");
        // Argo CD's lever belongs on the Application, never on the workload
        assertRefused(
                orchestrator("statefulsets"),
                statefulSet(),
                s -> annotations(s).put("argocd.argoproj.io/skip-reconcile", "true"),
                "annotation");
    }

    @Test
    void orchestrator_changingLabelsOrOtherMetadata_isRefused() throws Exception {
        assertRefused(orchestrator("deployments"), deployment(), d -> labels(d).put("tier", "gold"), "metadata");
        assertRefused(orchestrator("deployments"), deployment(), d -> labels(d).remove("app"), "metadata");
        assertRefused(
                orchestrator("deployments"),
                deployment(),
                d -> metadata(d).put("finalizers", List.of("example.com/hold")),
                "metadata");
    }

    // ---------------------------------------------------------------------------------------------
    // The file's shape, and its agreement with rbac.yaml
    // ---------------------------------------------------------------------------------------------

    @Test
    void policy_isShapedAsTheApiRequires_andAgreesWithRbac() throws IOException {
        assertEquals("admissionregistration.k8s.io/v1", policy.get("apiVersion"));
        assertEquals("admissionregistration.k8s.io/v1", binding.get("apiVersion"));
        String name = (String) map(policy.get("metadata")).get("name");
        assertEquals(RequiredAccess.HANDOVER_POLICY, name, "the name readiness looks for");
        assertEquals(name, map(binding.get("metadata")).get("name"), "the binding readiness looks for");
        assertEquals(name, map(binding.get("spec")).get("policyName"));
        assertEquals(List.of("Deny"), map(binding.get("spec")).get("validationActions"));
        Map<String, Object> spec = map(policy.get("spec"));
        assertEquals("Fail", spec.get("failurePolicy"), "an unevaluable policy must not let a patch through");
        for (Object validation : list(spec.get("validations"))) {
            Map<String, Object> v = map(validation);
            assertTrue(v.get("expression") instanceof String && v.get("message") instanceof String, v.toString());
            assertTrue(
                    Set.of("Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge")
                            .contains(v.get("reason")),
                    "reason " + v.get("reason"));
        }
        // every expression compiles
        for (String key : List.of("matchConditions", "variables", "validations")) {
            for (Object entry : list(spec.get(key))) {
                String expression = (String) map(entry).get("expression");
                try {
                    CEL.compile(expression).getAst();
                } catch (CelValidationException e) {
                    throw new AssertionError(key + ": " + expression + ": " + e.getMessage(), e);
                }
            }
        }
        // the group it matches is the one rbac.yaml binds
        List<Map<String, Object>> rbac = CloudFormationYaml.readAll(projectRoot.resolve("kubernetes/rbac.yaml"));
        Set<Object> subjects = new java.util.TreeSet<>();
        rbac.stream()
                .filter(d -> d.containsKey("subjects"))
                .forEach(d -> list(d.get("subjects")).forEach(s -> subjects.add(map(s).get("name"))));
        assertEquals(Set.of(ORCHESTRATOR_GROUP), subjects);
        String condition =
                (String) map(list(spec.get("matchConditions")).getFirst()).get("expression");
        assertTrue(condition.contains("'" + ORCHESTRATOR_GROUP + "'"), condition);
    }

    // ---------------------------------------------------------------------------------------------
    // Evaluation
    // ---------------------------------------------------------------------------------------------

    private static void assertAllowed(
            Map<String, Object> request, Map<String, Object> old, Consumer<Map<String, Object>> change)
            throws Exception {
        Map<String, Object> updated = copy(old);
        change.accept(updated);
        List<String> refused = refusals(request, old, updated);
        assertEquals(List.of(), refused, "refused " + diffHint(request));
    }

    private static void assertRefused(
            Map<String, Object> request,
            Map<String, Object> old,
            Consumer<Map<String, Object>> change,
            String messageMentions)
            throws Exception {
        Map<String, Object> updated = copy(old);
        change.accept(updated);
        List<String> refused = refusals(request, old, updated);
        assertFalse(refused.isEmpty(), "allowed, should be refused");
        assertTrue(
                refused.stream().anyMatch(m -> m.contains(messageMentions)),
                "refused, but not for " + messageMentions + ": " + refused);
    }

    private static String diffHint(Map<String, Object> request) {
        return "for " + map(request.get("userInfo")).get("username");
    }

    /** The messages of the failed validations; empty when allowed (or not matched). */
    private static List<String> refusals(
            Map<String, Object> request, Map<String, Object> old, Map<String, Object> updated) throws Exception {
        if (!matches(request, old, updated)) {
            return List.of();
        }
        Map<String, Object> spec = map(policy.get("spec"));
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Object variable : list(spec.get("variables"))) {
            Map<String, Object> v = map(variable);
            variables.put((String) v.get("name"), eval((String) v.get("expression"), request, old, updated, variables));
        }
        List<String> refused = new ArrayList<>();
        for (Object validation : list(spec.get("validations"))) {
            Map<String, Object> v = map(validation);
            Object result = eval((String) v.get("expression"), request, old, updated, variables);
            if (!Boolean.TRUE.equals(result)) {
                refused.add((String) v.get("message"));
            }
        }
        return refused;
    }

    /** matchConstraints.resourceRules, then every matchConditions expression. */
    private static boolean matches(Map<String, Object> request, Map<String, Object> old, Map<String, Object> updated)
            throws Exception {
        Map<String, Object> spec = map(policy.get("spec"));
        Map<String, Object> resource = map(request.get("resource"));
        String requested = request.get("subResource") == null
                ? (String) resource.get("resource")
                : resource.get("resource") + "/" + request.get("subResource");
        boolean ruleMatches = list(map(spec.get("matchConstraints")).get("resourceRules")).stream()
                .map(HandoverPolicyTest::map)
                .anyMatch(rule -> list(rule.get("apiGroups")).contains(resource.get("group"))
                        && list(rule.get("apiVersions")).contains(resource.get("version"))
                        && list(rule.get("operations")).contains(request.get("operation"))
                        && list(rule.get("resources")).contains(requested));
        if (!ruleMatches) {
            return false;
        }
        for (Object condition : list(spec.get("matchConditions"))) {
            Object result =
                    eval((String) map(condition).get("expression"), request, old, updated, new LinkedHashMap<>());
            if (!Boolean.TRUE.equals(result)) {
                return false;
            }
        }
        return true;
    }

    private static Object eval(
            String expression,
            Map<String, Object> request,
            Map<String, Object> old,
            Map<String, Object> updated,
            Map<String, Object> variables)
            throws CelValidationException, CelEvaluationException {
        return CEL.createProgram(CEL.compile(expression).getAst())
                .eval(Map.of(
                        "object", updated, "oldObject", old, "request", request, "variables", Map.copyOf(variables)));
    }

    // ---------------------------------------------------------------------------------------------
    // Requests and objects
    // ---------------------------------------------------------------------------------------------

    private static List<String> groups() {
        return List.of(ORCHESTRATOR_GROUP, "system:authenticated");
    }

    /** An update by a function role mapped to the group by its EKS access entry. */
    private static Map<String, Object> orchestrator(String resource) {
        return request(
                resource,
                null,
                "UPDATE",
                "arn:aws:sts::111122223333:assumed-role/efs-dr-ScaleWorkloadsFunctionRole/1700000000000",
                groups());
    }

    private static Map<String, Object> request(
            String resource, String subResource, String operation, String username, List<String> groups) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("operation", operation);
        request.put("resource", Map.of("group", "apps", "version", "v1", "resource", resource));
        if (subResource != null) {
            request.put("subResource", subResource);
        }
        request.put("userInfo", Map.of("username", username, "groups", groups));
        return request;
    }

    private static Map<String, Object> deployment() throws IOException {
        return parse("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "generation": 7,
                   "resourceVersion": "4711", "labels": {"app": "web"},
                   "annotations": {"dr.efsdr.io/active-replicas": "3", "dr.efsdr.io/standby-replicas": "0"},
                   "managedFields": [{"manager": "kubectl", "operation": "Apply"}]},
                 "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}},
                   "strategy": {"type": "RollingUpdate"}, "revisionHistoryLimit": 10,
                   "template": {"metadata": {"labels": {"app": "web"}},
                     "spec": {"containers": [{"name": "web", "image": "shop:1"}]}}},
                 "status": {"replicas": 0}}
                """);
    }

    private static Map<String, Object> statefulSet() throws IOException {
        return parse("""
                {"apiVersion": "apps/v1", "kind": "StatefulSet",
                 "metadata": {"name": "db", "namespace": "shop", "uid": "u-2", "generation": 3,
                   "resourceVersion": "815", "labels": {"app": "db", "kustomize.toolkit.fluxcd.io/name": "shop",
                   "kustomize.toolkit.fluxcd.io/namespace": "flux-system"},
                   "annotations": {"dr.efsdr.io/active-replicas": "1"}},
                 "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                   "template": {"metadata": {"labels": {"app": "db"}},
                     "spec": {"containers": [{"name": "db", "image": "db:1"}]}},
                   "volumeClaimTemplates": [{"metadata": {"name": "data"},
                     "spec": {"storageClassName": "efs-dr", "accessModes": ["ReadWriteMany"]}}]}}
                """);
    }

    /** JSON as CEL sees Kubernetes objects: integers as {@code long}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) throws IOException {
        return (Map<String, Object>) celValue(JSON.readValue(json, Object.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        return (Map<String, Object>) celValue(object);
    }

    /** A deep, mutable copy with every integer widened to {@code long}. */
    private static Object celValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, celValue(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(celValue(v)));
            return copy;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    private static Map<String, Object> metadata(Map<String, Object> object) {
        return map(object.get("metadata"));
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        return map(object.get("spec"));
    }

    private static Map<String, Object> template(Map<String, Object> object) {
        return map(spec(object).get("template"));
    }

    private static Map<String, Object> container(Map<String, Object> object) {
        return map(list(map(template(object).get("spec")).get("containers")).getFirst());
    }

    private static Map<String, Object> labels(Map<String, Object> object) {
        return map(metadata(object).get("labels"));
    }

    private static Map<String, Object> annotations(Map<String, Object> object) {
        return map(metadata(object).computeIfAbsent("annotations", k -> new LinkedHashMap<>()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
