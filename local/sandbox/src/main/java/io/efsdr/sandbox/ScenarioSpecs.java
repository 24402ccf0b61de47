package io.efsdr.sandbox;

import static io.efsdr.sandbox.Scenario.*;
import static io.efsdr.sandbox.ScenarioFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsing and validation of the scenario's nested specs: crashes, unplanned writers, a workload's
 * ended pods, the Route 53 record set, GitOps controllers and hook functions (see {@link Scenario}
 * for the records and docs/sandbox.md for the fields and their defaults).
 */
final class ScenarioSpecs {
    private ScenarioSpecs() {}

    static List<CrashSpec> crashes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.crashes: must be a list of {\"state\": \"<state name>\", \"times\": n}, not " + node);
        }
        List<CrashSpec> crashes = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "scenario.crashes[" + i + "]";
            JsonNode c = node.get(i);
            requireKnown(c, path, "state", "times");
            String state = text(c, "state", null, path);
            if (state == null || !crashableStates().contains(state)) {
                throw new IllegalArgumentException(path + ".state: must name a Task state of the failover or "
                        + "failback state machine (statemachine/*.asl.json), like \"Promote DR File System\", not "
                        + c.get("state"));
            }
            crashes.add(new CrashSpec(state, whole(c, "times", 1, 1, path)));
        }
        return List.copyOf(crashes);
    }

    static List<UnplannedWriter> unplannedWriters(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("scenario.unplannedWriters: must be a list of "
                    + "{\"name\": \"...\", \"everySeconds\": n, \"runSeconds\": n}");
        }
        List<UnplannedWriter> writers = new ArrayList<>();
        int index = 0;
        for (JsonNode w : node) {
            String path = "scenario.unplannedWriters[" + index++ + "]";
            if (!w.isObject()) {
                throw new IllegalArgumentException(path + ": must be an object");
            }
            List<String> known = List.of("name", "everySeconds", "runSeconds");
            w.fieldNames().forEachRemaining(name -> {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(
                            path + "." + name + ": is not a known field (known: " + String.join(", ", known) + ")");
                }
            });
            if (!w.path("name").isTextual() || w.path("name").asText().isBlank()) {
                throw new IllegalArgumentException(path + ".name: is missing (say what writes, like "
                        + "\"reports/CronJob/export\" or \"ec2:i-0abc\")");
            }
            long every = nonNegative(w, "everySeconds", 60, path + ".everySeconds");
            long run = nonNegative(w, "runSeconds", 30, path + ".runSeconds");
            if (every < 1 || run < 1) {
                throw new IllegalArgumentException(path + ": everySeconds and runSeconds must be at least 1");
            }
            writers.add(new UnplannedWriter(w.get("name").asText(), every, run));
        }
        return List.copyOf(writers);
    }

    /**
     * A workload's {@code endedPods}: a list of {@code {"phase": "Failed"|"Succeeded"|"Unknown",
     * "reason": "...", "terminatingOnNotReadyNode": false, "region": "primary"|"dr"|"both"}}, every
     * field checked and no other field allowed.
     */
    static List<EndedPodSpec> endedPods(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + ": must be a list of {\"phase\": \"Failed\"|\"Succeeded\"|"
                    + "\"Unknown\", \"reason\": \"...\", \"terminatingOnNotReadyNode\": false, \"region\": "
                    + "\"primary\"|\"dr\"|\"both\"}");
        }
        List<EndedPodSpec> pods = new ArrayList<>();
        int index = 0;
        for (JsonNode pod : node) {
            String at = path + "[" + index++ + "]";
            if (!pod.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object with " + EndedPodSpec.KNOWN);
            }
            pod.fieldNames().forEachRemaining(name -> {
                if (!EndedPodSpec.KNOWN.contains(name)) {
                    throw new IllegalArgumentException(at + "." + name + ": is not a known field (known: "
                            + String.join(", ", EndedPodSpec.KNOWN) + ")");
                }
            });
            JsonNode phase = pod.get("phase");
            if (phase == null || !phase.isTextual() || !EndedPodSpec.PHASES.contains(phase.asText())) {
                throw new IllegalArgumentException(at + ".phase: must be one of "
                        + String.join(", ", EndedPodSpec.PHASES) + ", not " + (phase == null ? "missing" : phase));
            }
            JsonNode reason = pod.get("reason");
            if (reason != null && !reason.isNull() && !reason.isTextual()) {
                throw new IllegalArgumentException(at + ".reason: must be a string, not " + reason);
            }
            JsonNode terminating = pod.get("terminatingOnNotReadyNode");
            if (terminating != null && !terminating.isNull() && !terminating.isBoolean()) {
                throw new IllegalArgumentException(
                        at + ".terminatingOnNotReadyNode: must be true or false, not " + terminating);
            }
            JsonNode region = pod.get("region");
            if (region != null
                    && !region.isNull()
                    && (!region.isTextual() || !EndedPodSpec.REGIONS.contains(region.asText()))) {
                throw new IllegalArgumentException(
                        at + ".region: must be one of " + String.join(", ", EndedPodSpec.REGIONS) + ", not " + region);
            }
            pods.add(new EndedPodSpec(
                    phase.asText(),
                    reason == null || reason.isNull() || reason.asText().isEmpty() ? null : reason.asText(),
                    terminating != null && terminating.asBoolean(false),
                    region == null || region.isNull() ? "both" : region.asText()));
        }
        return List.copyOf(pods);
    }

    static Route53RecordSpec route53RecordSet(JsonNode node) {
        String path = "scenario.route53RecordSet";
        if (node == null || node.isNull()) {
            return Route53RecordSpec.DEFAULT;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be an object like {\"type\": \"A\", \"alias\": true, "
                    + "\"routingPolicy\": \"simple\"}");
        }
        List<String> known = List.of("type", "alias", "routingPolicy");
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(
                        path + "." + field + ": is not a known field (known: " + String.join(", ", known) + ")");
            }
        });
        JsonNode alias = node.get("alias");
        if (alias != null && !alias.isNull() && !alias.isBoolean()) {
            throw new IllegalArgumentException(path + ".alias: must be true or false, not " + alias);
        }
        boolean isAlias = alias != null && alias.asBoolean(false);
        String type = node.path("type").asText(isAlias ? "A" : "CNAME");
        if (!List.of("CNAME", "A", "AAAA").contains(type)) {
            throw new IllegalArgumentException(path + ".type: must be CNAME, A or AAAA, not " + node.get("type"));
        }
        if (isAlias == type.equals("CNAME")) {
            throw new IllegalArgumentException(path + ".type: " + type
                    + (isAlias
                            ? " cannot be an alias here: an alias to a load balancer is an A or AAAA record"
                            : " needs \"alias\": true (the sandbox's values are load balancer names)"));
        }
        String policy = node.path("routingPolicy").asText("simple");
        if (!List.of("simple", "weighted", "failover").contains(policy)) {
            throw new IllegalArgumentException(
                    path + ".routingPolicy: must be simple, weighted or failover, not " + node.get("routingPolicy"));
        }
        return new Route53RecordSpec(type, isAlias, policy);
    }

    static final List<String> CONTROLLER_FIELDS = List.of(
            "kind", "workload", "region", "revertAfterSeconds", "ignoresReplicas", "tracked", "cooldownSeconds");

    /** Argo CD's {@code --self-heal-backoff-cooldown-seconds} default (cmd/argocd-application-controller). */
    static final long ARGO_CD_COOLDOWN_SECONDS = 330;

    static List<ControllerSpec> controllers(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    "scenario.controllers: must be a list of {\"kind\": \"argocd\"|\"flux\", "
                            + "\"workload\": \"<namespace>/<Kind>/<name>\"|\"*\", \"revertAfterSeconds\": n, ...}");
        }
        List<ControllerSpec> controllers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String path = "scenario.controllers[" + i + "]";
            if (!c.isObject()) {
                throw new IllegalArgumentException(path + ": must be an object");
            }
            c.fieldNames().forEachRemaining(name -> {
                if (!CONTROLLER_FIELDS.contains(name)) {
                    throw new IllegalArgumentException(path + "." + name + ": is not a known field (known: "
                            + String.join(", ", CONTROLLER_FIELDS) + ")");
                }
            });
            String kind = c.path("kind").asText("");
            if (!c.path("kind").isTextual() || !(kind.equals("argocd") || kind.equals("flux"))) {
                throw new IllegalArgumentException(path + ".kind: must be argocd or flux, not " + c.get("kind"));
            }
            String workload = c.path("workload").asText("");
            if (!c.path("workload").isTextual()
                    || !(workload.equals("*")
                            || workload.matches("[a-z0-9.-]+/(Deployment|StatefulSet)/[a-z0-9.-]+"))) {
                throw new IllegalArgumentException(path + ".workload: must be <namespace>/<Kind>/<name> (Kind "
                        + "Deployment or StatefulSet) or *, not " + c.get("workload"));
            }
            String region = c.path("region").asText("primary");
            if (c.has("region")
                    && (!c.get("region").isTextual() || !(region.equals("primary") || region.equals("dr")))) {
                throw new IllegalArgumentException(path + ".region: must be primary or dr, not " + c.get("region"));
            }
            if (!c.hasNonNull("revertAfterSeconds")) {
                throw new IllegalArgumentException(path + ".revertAfterSeconds: is required");
            }
            long after = nonNegative(c, "revertAfterSeconds", 0, path + ".revertAfterSeconds");
            if (kind.equals("flux") && after == 0) {
                throw new IllegalArgumentException(path + ".revertAfterSeconds: a Flux interval must be above 0");
            }
            if (kind.equals("flux") && c.has("cooldownSeconds")) {
                throw new IllegalArgumentException(path + ".cooldownSeconds: only Argo CD has a self-heal cooldown");
            }
            controllers.add(new ControllerSpec(
                    kind,
                    workload,
                    region,
                    after,
                    bool(c, "ignoresReplicas", false, path),
                    bool(c, "tracked", true, path),
                    nonNegative(c, "cooldownSeconds", ARGO_CD_COOLDOWN_SECONDS, path + ".cooldownSeconds")));
        }
        return List.copyOf(controllers);
    }

    static Map<String, HookFunction> hookFunctions(JsonNode node) {
        Map<String, HookFunction> functions = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return functions;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("scenario.hookFunctions: must map a function ARN to "
                    + "{\"result\": \"ok\"|\"fail\", \"delaySeconds\": n, \"duplicate\": false}");
        }
        node.fields().forEachRemaining(e -> {
            String path = "scenario.hookFunctions." + e.getKey();
            if (!e.getKey().matches("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(path + ": the key must be a Lambda function ARN");
            }
            requireKnown(e.getValue(), path, "result", "delaySeconds", "duplicate");
            String result = text(e.getValue(), "result", "ok", path);
            if (!result.equals("ok") && !result.equals("fail")) {
                throw new IllegalArgumentException(path + ".result: must be ok or fail, not " + result);
            }
            functions.put(
                    e.getKey(),
                    new HookFunction(
                            result.equals("fail"),
                            nonNegative(e.getValue(), "delaySeconds", 0, path + ".delaySeconds"),
                            bool(e.getValue(), "duplicate", false, path)));
        });
        return Map.copyOf(functions);
    }
}
