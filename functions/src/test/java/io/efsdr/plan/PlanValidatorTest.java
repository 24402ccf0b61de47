package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanValidatorTest {
    static final String VALID_PLAN = """
      {
        "application": "shop",
        "primary": {"region": "us-east-1", "clusterName": "shop-primary", "fileSystemId": "fs-0123456789abcdef0"},
        "dr": {"region": "us-west-2", "clusterName": "shop-dr", "fileSystemId": "fs-0fedcba9876543210"},
        "storageClass": {"name": "efs-sc", "uid": "1000", "gid": "1000", "basePath": "/dynamic_provisioning"},
        "workloads": {
          "items": [
            {"namespace": "shop", "kind": "StatefulSet", "name": "orders-db", "activeReplicas": 1},
            {"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 3, "standbyReplicas": 1}
          ]
        }
      }
      """;

    private final PlanValidator validator = new PlanValidator();

    @Test
    void parse_whenPlanIsValid_expectEveryField() {
        DrPlan plan = validator.parse(VALID_PLAN);

        assertAll(
                () -> assertEquals("shop", plan.application()),
                () -> assertEquals(new Site("us-east-1", "shop-primary", "fs-0123456789abcdef0"), plan.primary()),
                () -> assertEquals(new Site("us-west-2", "shop-dr", "fs-0fedcba9876543210"), plan.dr()),
                () -> assertEquals("efs-sc", plan.storageClass().name()),
                () -> assertEquals("1000", plan.storageClass().uid()),
                () -> assertEquals("1000", plan.storageClass().gid()),
                () -> assertEquals("/dynamic_provisioning", plan.storageClass().basePath()),
                () -> assertEquals(
                        List.of(
                                new Workload("shop", WorkloadKind.StatefulSet, "orders-db", 1, 0),
                                new Workload("shop", WorkloadKind.Deployment, "web", 3, 1)),
                        plan.workloads().items()),
                () -> assertNull(plan.workloads().selector()));
    }

    @Test
    void parse_whenItemsNameWaves_expectEachWorkloadInItsWave() {
        ObjectNode root = validPlanTree();
        item(root, 0).put("wave", 1);
        item(root, 1).put("wave", 2);

        DrPlan plan = validator.parse(root.toString());

        assertEquals(
                List.of(1, 2),
                plan.workloads().items().stream().map(Workload::wave).toList());
    }

    @Test
    void parse_whenHooksAreGiven_expectThemInPlanOrderWithDefaults() {
        ObjectNode root = validPlanTree();
        hook(root, "afterReadiness", SMOKE).put("timeoutSeconds", 60).put("onFailure", "continue");
        hook(root, "beforeFence", SMOKE + ":live");

        DrPlan plan = validator.parse(root.toString());

        assertEquals(
                List.of(
                        new Hook(HookPoint.AFTER_READINESS, SMOKE, 60, HookFailure.CONTINUE),
                        new Hook(HookPoint.BEFORE_FENCE, SMOKE + ":live", 30, HookFailure.ABORT)),
                plan.hooks());
        assertEquals("us-west-2", plan.hooks().getFirst().region());
        assertEquals(plan, validator.validate(Json.MAPPER.valueToTree(plan)), "a plan in the state reads back");
    }

    @Test
    void parse_whenNoHooks_expectNone() {
        assertEquals(List.of(), validator.parse(VALID_PLAN).hooks());
    }

    @Test
    void parse_whenTheHooksOfOnePointCouldOutlastTheFunction_namesTheHook() {
        ObjectNode root = validPlanTree();
        hook(root, "afterWave", SMOKE).put("timeoutSeconds", 60);
        hook(root, "afterReadiness", SMOKE).put("timeoutSeconds", 60);
        hook(root, "afterWave", SMOKE).put("timeoutSeconds", 50);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(root.toString()));

        assertTrue(e.getMessage().contains("plan.hooks[2].timeoutSeconds"), e.getMessage());
        assertTrue(e.getMessage().contains("afterWave may take 110 s"), e.getMessage());
    }

    private static final String SMOKE = "arn:aws:lambda:us-west-2:123456789012:function:shop-smoke-test";

    private static ObjectNode hook(ObjectNode root, String at, String lambda) {
        ArrayNode hooks = root.has("hooks") ? (ArrayNode) root.get("hooks") : root.putArray("hooks");
        return hooks.addObject().put("at", at).put("lambda", lambda);
    }

    @Test
    void parse_whenItemsNameNoWave_expectWaveOne() {
        DrPlan plan = validator.parse(VALID_PLAN);

        assertTrue(plan.workloads().items().stream().allMatch(w -> w.wave() == Workload.DEFAULT_WAVE));
    }

    @Test
    void parse_whenOptionalFieldsAreAbsent_expectDefaults() {
        DrPlan plan = validator.parse(VALID_PLAN);

        assertAll(
                () -> assertEquals(
                        "${.PVC.namespace}/${.PVC.name}", plan.storageClass().subPathPattern()),
                () -> assertEquals("false", plan.storageClass().ensureUniqueDirectory()),
                () -> assertEquals("700", plan.storageClass().directoryPerms()),
                () -> assertEquals("false", plan.storageClass().reuseAccessPoint()),
                () -> assertEquals(new Timeouts(1800, 600, 30, 21600, 1200, 300, 300, 180), plan.timeouts()),
                () -> assertEquals(UnprovenSync.APPROVAL, plan.onUnprovenSync()),
                () -> assertEquals(10, plan.kubernetesConcurrency()),
                () -> assertEquals(0, plan.kubernetesRateLimit()),
                () -> assertEquals(900, plan.rpoSeconds()));
    }

    @Test
    void parse_whenTimeoutsArePartlyGiven_expectTheRestDefaulted() {
        ObjectNode root = validPlanTree();
        root.putObject("timeouts").put("readinessSeconds", 120);
        root.put("rpoSeconds", 60);
        root.put("kubernetesConcurrency", 4);
        root.put("kubernetesRateLimit", 50);

        DrPlan plan = validator.parse(root.toString());

        assertAll(
                () -> assertEquals(new Timeouts(1800, 120, 30, 21600, 1200, 300, 300, 180), plan.timeouts()),
                () -> assertEquals(60, plan.rpoSeconds()),
                () -> assertEquals(4, plan.kubernetesConcurrency()),
                () -> assertEquals(50, plan.kubernetesRateLimit()));
    }

    @Test
    void parse_whenTheFinalSyncDefaultIsUsed_itIsAboveTheFifteenMinuteRpoOfEfsReplication() {
        assertTrue(validator.parse(VALID_PLAN).timeouts().finalSyncSeconds() > 15 * 60);
    }

    @Test
    void parse_whenUnprovenSyncAndTheAlarmBoundAreGiven_expectThem() {
        ObjectNode root = validPlanTree();
        root.put("onUnprovenSync", "abort");
        root.putObject("timeouts").put("alarmFinalSyncSeconds", 120).put("finalSyncSeconds", 60);

        DrPlan plan = validator.parse(root.toString());

        assertAll(
                () -> assertEquals(UnprovenSync.ABORT, plan.onUnprovenSync()),
                () -> assertEquals(120, plan.timeouts().alarmFinalSyncSeconds()),
                () -> assertEquals(60, plan.timeouts().finalSyncSeconds(true), "the smaller bound wins"));
    }

    @Test
    void parse_whenUnprovenSyncIsUnknown_namesTheField() {
        ObjectNode root = validPlanTree();
        root.put("onUnprovenSync", "hope");
        root.putObject("timeouts").put("alarmFinalSyncSeconds", 5);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(root.toString()));

        assertAll(
                () -> assertTrue(e.getMessage().contains("plan.onUnprovenSync"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.timeouts.alarmFinalSyncSeconds"), e.getMessage()));
    }

    @Test
    void parse_whenGitOpsIsAbsent_handsOverWithArgoCdInEachCluster() {
        DrPlan plan = validator.parse(VALID_PLAN);

        assertAll(
                () -> assertTrue(plan.gitops().handover()),
                () -> assertEquals(plan.dr(), plan.gitops().argoCdSite(plan.dr())),
                () -> assertEquals("argocd", plan.gitops().argoCdNamespace()));
    }

    @Test
    void parse_whenGitOpsNamesAManagementCluster_expectItAndTheStateRoundTrip() throws Exception {
        ObjectNode root = validPlanTree();
        root.putObject("gitops")
                .put("handover", false)
                .putObject("argocd")
                .put("clusterName", "mgmt")
                .put("region", "us-west-2");

        DrPlan plan = validator.parse(root.toString());
        DrPlan back = io.efsdr.config.Json.MAPPER.readValue(
                io.efsdr.config.Json.MAPPER.writeValueAsString(plan), DrPlan.class);

        assertAll(
                () -> assertFalse(plan.gitops().handover()),
                () -> assertEquals("mgmt", plan.gitops().argoCdSite(plan.dr()).clusterName()),
                () -> assertEquals("argocd", plan.gitops().argoCdNamespace()),
                () -> assertEquals(plan.gitops(), back.gitops()));
    }

    @Test
    void parse_whenGitOpsFieldsAreWrong_namesEachField() {
        ObjectNode root = validPlanTree();
        ObjectNode gitops = root.putObject("gitops").put("handover", "yes").put("suspend", true);
        gitops.putObject("argocd").put("clusterName", "mgmt").put("namespace", "Argo CD");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(root.toString()));

        assertAll(
                () -> assertTrue(e.getMessage().contains("plan.gitops.handover"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.gitops.suspend"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.gitops.argocd.region"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.gitops.argocd.namespace"), e.getMessage()));
    }

    @Test
    void plan_whenSerialisedIntoTheStateAndReadBack_keepsTheUnprovenSyncOption() throws Exception {
        ObjectNode root = validPlanTree();
        root.put("onUnprovenSync", "promote");
        DrPlan plan = validator.parse(root.toString());

        DrPlan again = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(plan), DrPlan.class);

        assertEquals(plan, again);
    }

    @Test
    void parse_whenStorageClassIsValid_expectParametersForEachRegion() {
        DrPlan plan = validator.parse(VALID_PLAN);

        var parameters = plan.storageClass().parametersFor(plan.dr().fileSystemId());

        assertAll(
                () -> assertEquals("efs-ap", parameters.get("provisioningMode")),
                () -> assertEquals("fs-0fedcba9876543210", parameters.get("fileSystemId")),
                () -> assertEquals("${.PVC.namespace}/${.PVC.name}", parameters.get("subPathPattern")),
                () -> assertEquals("false", parameters.get("ensureUniqueDirectory")));
    }

    static Stream<Arguments> badPlans() {
        return Stream.of(
                bad("missing dr file system id", p -> dr(p).remove("fileSystemId"), "plan.dr.fileSystemId"),
                bad("rpoSeconds given as a string", p -> p.put("rpoSeconds", "900"), "plan.rpoSeconds"),
                bad(
                        "activeReplicas given as a string",
                        p -> item(p, 1).put("activeReplicas", "3"),
                        "plan.workloads.items[1].activeReplicas"),
                bad("malformed file system id", p -> dr(p).put("fileSystemId", "fs-XYZ"), "plan.dr.fileSystemId"),
                bad(
                        "file system id without prefix",
                        p -> primary(p).put("fileSystemId", "0123456789abcdef0"),
                        "plan.primary.fileSystemId"),
                bad(
                        "malformed cluster name",
                        p -> primary(p).put("clusterName", "-shop primary"),
                        "plan.primary.clusterName"),
                bad("same region twice", p -> dr(p).put("region", "us-east-1"), "plan.dr.region"),
                bad(
                        "same file system twice",
                        p -> dr(p).put("fileSystemId", "fs-0123456789abcdef0"),
                        "plan.dr.fileSystemId"),
                bad("unknown region", p -> primary(p).put("region", "mars-east-1"), "plan.primary.region"),
                bad("unknown kind", p -> item(p, 1).put("kind", "DaemonSet"), "plan.workloads.items[1].kind"),
                bad("empty workload set", p -> items(p).removeAll(), "plan.workloads"),
                bad("duplicate workload", p -> items(p).add(item(p, 0).deepCopy()), "plan.workloads.items[2]"),
                bad(
                        "negative replicas",
                        p -> item(p, 0).put("activeReplicas", -1),
                        "plan.workloads.items[0].activeReplicas"),
                bad(
                        "huge replicas",
                        p -> item(p, 0).put("activeReplicas", 100000),
                        "plan.workloads.items[0].activeReplicas"),
                bad(
                        "missing activeReplicas",
                        p -> item(p, 0).remove("activeReplicas"),
                        "plan.workloads.items[0].activeReplicas"),
                bad(
                        "standby above active",
                        p -> item(p, 1).put("standbyReplicas", 4),
                        "plan.workloads.items[1].standbyReplicas"),
                bad("misspelt top-level field", p -> p.put("rpoSecond", 900), "plan.rpoSecond"),
                bad(
                        "misspelt site field",
                        p -> dr(p).put("fileSystemID", "fs-0fedcba9876543210"),
                        "plan.dr.fileSystemID"),
                bad(
                        "unknown subPathPattern variable",
                        p -> storageClass(p).put("subPathPattern", "${.PVC.labels.app}/${.PVC.name}"),
                        "plan.storageClass.subPathPattern"),
                bad(
                        "subPathPattern without a per-volume variable",
                        p -> storageClass(p).put("subPathPattern", "${.PVC.namespace}"),
                        "plan.storageClass.subPathPattern"),
                bad(
                        "ensureUniqueDirectory true",
                        p -> storageClass(p).put("ensureUniqueDirectory", "true"),
                        "plan.storageClass.ensureUniqueDirectory"),
                bad(
                        "ensureUniqueDirectory as a boolean",
                        p -> storageClass(p).put("ensureUniqueDirectory", false),
                        "plan.storageClass.ensureUniqueDirectory"),
                bad("uid without gid", p -> storageClass(p).remove("gid"), "plan.storageClass.gid"),
                bad("gid without uid", p -> storageClass(p).remove("uid"), "plan.storageClass.uid"),
                bad("relative basePath", p -> storageClass(p).put("basePath", "dynamic"), "plan.storageClass.basePath"),
                bad(
                        "fencingSeconds over its maximum",
                        p -> p.putObject("timeouts").put("fencingSeconds", 91),
                        "plan.timeouts.fencingSeconds"),
                bad("kubernetesConcurrency zero", p -> p.put("kubernetesConcurrency", 0), "plan.kubernetesConcurrency"),
                bad("kubernetesRateLimit negative", p -> p.put("kubernetesRateLimit", -1), "plan.kubernetesRateLimit"),
                bad(
                        "kubernetesRateLimit as text",
                        p -> p.put("kubernetesRateLimit", "50/s"),
                        "plan.kubernetesRateLimit"),
                bad("primary is a string", p -> p.put("primary", "us-east-1"), "plan.primary"),
                bad("wave zero", p -> item(p, 1).put("wave", 0), "plan.workloads.items[1].wave"),
                bad("wave negative", p -> item(p, 0).put("wave", -2), "plan.workloads.items[0].wave"),
                bad("wave above the limit", p -> item(p, 1).put("wave", 101), "plan.workloads.items[1].wave"),
                bad("wave given as a string", p -> item(p, 1).put("wave", "2"), "plan.workloads.items[1].wave"),
                bad("wave fractional", p -> item(p, 0).put("wave", 1.5), "plan.workloads.items[0].wave"),
                bad("hook point unknown", p -> hook(p, "afterLunch", SMOKE), "plan.hooks[0].at"),
                bad("hook without a point", p -> hook(p, "x", SMOKE).remove("at"), "plan.hooks[0].at"),
                bad("hook lambda not an ARN", p -> hook(p, "beforeFence", "smoke-test"), "plan.hooks[0].lambda"),
                bad(
                        "hook lambda of another service",
                        p -> hook(p, "beforeFence", "arn:aws:sns:us-west-2:123456789012:topic"),
                        "plan.hooks[0].lambda"),
                bad(
                        "hook timeout zero",
                        p -> hook(p, "beforeFence", SMOKE).put("timeoutSeconds", 0),
                        "plan.hooks[0].timeoutSeconds"),
                bad(
                        "hook timeout above 100",
                        p -> hook(p, "beforeFence", SMOKE).put("timeoutSeconds", 101),
                        "plan.hooks[0].timeoutSeconds"),
                bad(
                        "hook onFailure unknown",
                        p -> hook(p, "beforeFence", SMOKE).put("onFailure", "retry"),
                        "plan.hooks[0].onFailure"),
                bad("hook unknown field", p -> hook(p, "beforeFence", SMOKE).put("when", "now"), "plan.hooks[0].when"),
                bad("hooks not a list", p -> p.put("hooks", "none"), "plan.hooks"),
                bad("application missing", p -> p.remove("application"), "plan.application"),
                Arguments.of("not valid JSON", "{\"application\": \"shop\",", "plan"),
                Arguments.of("JSON array instead of object", "[" + VALID_PLAN + "]", "plan"),
                Arguments.of("empty document", "  ", "plan"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPlans")
    void parse_whenPlanIsInvalid_expectInvalidInputExceptionNamingTheField(
            String description, String json, String path) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(json));

        assertTrue(e.getMessage().contains(path + ": "), () -> "expected '" + path + ": ' in: " + e.getMessage());
    }

    @Test
    void parse_whenJsonIsMalformed_expectLineAndColumn() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> validator.parse("{\n  \"application\": shop\n}"));

        assertTrue(e.getMessage().startsWith("plan: not valid JSON (line 2"), e.getMessage());
    }

    @Test
    void parse_whenDocumentIsAnArray_expectObjectRequired() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse("[]"));

        assertEquals("plan: must be a JSON object", e.getMessage());
    }

    @Test
    void parse_whenSeveralFieldsAreWrong_expectEveryProblemInOneMessage() {
        ObjectNode root = validPlanTree();
        primary(root).put("region", "mars-east-1");
        dr(root).put("fileSystemId", "fs-nothex!");
        item(root, 1).put("kind", "DaemonSet");
        storageClass(root).put("ensureUniqueDirectory", "true");
        root.put("rpoSecond", 900);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(root.toString()));

        assertAll(
                () -> assertTrue(e.getMessage().startsWith("plan is invalid: "), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.primary.region: "), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.dr.fileSystemId: "), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.workloads.items[1].kind: "), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.storageClass.ensureUniqueDirectory: "), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("plan.rpoSecond: "), e.getMessage()),
                () -> assertEquals(5, e.getMessage().split("; ").length, e.getMessage()));
    }

    @Test
    void parse_whenOnlyASelectorIsGiven_expectSelectorKept() {
        ObjectNode root = validPlanTree();
        ObjectNode workloads = root.putObject("workloads");
        ObjectNode selector = workloads.putObject("selector");
        selector.putArray("namespaces").add("shop");
        selector.putObject("matchLabels").put("tier", "data").put("app", "shop");

        DrPlan plan = validator.parse(root.toString());

        assertAll(
                () -> assertTrue(plan.workloads().items().isEmpty()),
                () -> assertEquals(List.of("shop"), plan.workloads().selector().namespaces()),
                () -> assertEquals(
                        "app=shop,tier=data", plan.workloads().selector().labelSelector()));
    }

    @Test
    void parse_whenPlanHasTrailingContent_expectRejection() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> validator.parse(VALID_PLAN + " {\"rpoSeconds\": 1}"));

        assertTrue(e.getMessage().startsWith("plan: "), e.getMessage());
    }

    @Test
    void parse_whenAFieldIsGivenTwice_expectRejection() {
        String twice = "{\"rpoSeconds\": 60, \"rpoSeconds\": 86400,"
                + VALID_PLAN.strip().substring(1);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> validator.parse(twice));

        assertTrue(e.getMessage().contains("rpoSeconds"), e.getMessage());
    }

    private static Arguments bad(String description, Consumer<ObjectNode> change, String path) {
        ObjectNode root = validPlanTree();
        change.accept(root);
        return Arguments.of(description, root.toString(), path);
    }

    static ObjectNode validPlanTree() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(VALID_PLAN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode primary(ObjectNode root) {
        return (ObjectNode) root.get("primary");
    }

    private static ObjectNode dr(ObjectNode root) {
        return (ObjectNode) root.get("dr");
    }

    private static ObjectNode storageClass(ObjectNode root) {
        return (ObjectNode) root.get("storageClass");
    }

    private static ArrayNode items(ObjectNode root) {
        return (ArrayNode) root.get("workloads").get("items");
    }

    private static ObjectNode item(ObjectNode root, int index) {
        return (ObjectNode) items(root).get(index);
    }
}
