package io.efsdr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.hooks.HookRecord;
import io.efsdr.hooks.HookResult;
import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.traffic.TrafficSwitchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One run's audit record: a JSON document for machines and a Markdown report for people, kept
 * under {@code runs/<workflow>/<execution>/}. A run here is a failover or failback execution, a
 * readiness run whose result changed, or an alarm the trigger declined.
 *
 * @param workflow {@code failover}, {@code failback}, {@code readiness} or {@code trigger}
 * @param execution the execution's name (for readiness: the run's time)
 */
public record AuditRecord(String workflow, String execution, String json, String markdown) {
    static final String SCHEMA = "efs-dr/audit-record/1";

    /** Steps whose changes happen where the workflow starts from (the primary for a failover). */
    private static final Set<String> ORIGIN_STEPS =
            Set.of("fence", "resumePrimary", "stopDr", "resumeDr", "standby", "drStorageClass", "reverse");

    /** Steps whose changes happen where the workflow moves the application to. */
    private static final Set<String> DESTINATION_STEPS = Set.of(
            "promote",
            "promotion",
            "storageClass",
            "scale",
            "stopPrimary",
            "cleanup",
            "primaryUnfence",
            "reprotect",
            "traffic");

    /** The traffic switch as the record shows it: from, to, the endpoint used, those that failed, the state. */
    private static ObjectNode trafficOf(TrafficSwitchResult result, JsonNode raw) {
        ObjectNode traffic = Json.MAPPER.createObjectNode();
        traffic.put("type", result.type() == null ? null : result.type().json());
        traffic.put("from", result.fromRegion());
        traffic.put("to", result.toRegion());
        traffic.put(
                "outcome", result.outcome() == null ? null : result.outcome().name());
        traffic.put("verified", result.verified());
        traffic.set("before", raw.path("before"));
        traffic.set("state", raw.path("state"));
        traffic.put("endpoint", result.endpoint());
        ArrayNode failed = traffic.putArray("failedEndpoints");
        if (result.failedEndpoints() != null) {
            result.failedEndpoints().forEach(failed::add);
        }
        traffic.put("changeId", result.changeId());
        traffic.put("summary", result.summary());
        return traffic;
    }

    public String recordKey() {
        return prefix() + "record.json";
    }

    public String reportKey() {
        return prefix() + "report.md";
    }

    private String prefix() {
        return "runs/" + workflow + "/" + execution.replaceAll("[^A-Za-z0-9_.:-]", "-") + "/";
    }

    /**
     * The record of a failover or failback as the notify step sees it.
     *
     * @param approvals the answers of the run's approval gates, by gate ({@code $.approvals} in the
     *     execution's state, which every notify state passes on)
     */
    static AuditRecord ofRun(
            NotificationComposer composer,
            NotifyRequest request,
            NotificationComposer.Figures figures,
            Notification notification,
            Map<String, JsonNode> approvals) {
        Instant now = composer.clock().instant();
        String event = request.event().toUpperCase(Locale.ROOT);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("recordedAt", now.toString());
        root.put("subject", notification.subject());
        String workflow;
        String execution;
        if (request.plan() == null || request.run() == null) {
            workflow = request.run() != null ? request.run().workflow() : request.workflow();
            execution = request.run() != null ? request.run().executionName() : request.executionName();
            root.put("workflow", workflow);
            root.put("execution", execution);
            root.put("event", event);
            root.put("changed", false);
            putError(root, request);
            StringBuilder md = new StringBuilder("# DR ")
                    .append(workflow)
                    .append(" ")
                    .append(execution)
                    .append(": ")
                    .append(event)
                    .append("\n\n")
                    .append(notification.subject())
                    .append("\n\nNothing was changed: the run stopped before its plan was valid.\n\n")
                    .append("Error: ")
                    .append(RunFacts.errorMessage(request))
                    .append("\n");
            return new AuditRecord(workflow, execution, write(root), md.toString());
        }
        RunContext run = request.run();
        DrPlan plan = request.plan();
        workflow = run.workflow();
        execution = run.executionName();
        root.put("workflow", workflow);
        root.put("execution", execution);
        root.put("event", event);
        root.put("dryRun", run.dryRun());
        root.put("application", plan.application());
        root.put("primaryRegion", plan.primary().region());
        root.put("drRegion", plan.dr().region());
        root.put("reason", run.reason());
        root.put("startedAt", String.valueOf(run.startedAt()));
        if (figures.rtoSeconds() != null) {
            root.put("rtoSeconds", figures.rtoSeconds());
        }
        putError(root, request);

        ArrayNode steps = root.putArray("steps");
        for (Map.Entry<String, JsonNode> step : orderedSteps(request)) {
            JsonNode result = step.getValue();
            ObjectNode line = steps.addObject();
            line.put("key", step.getKey());
            line.put("name", composer.stepName(workflow, step.getKey()));
            line.put("startedAt", result.path("startedAt").asText(null));
            line.put("finishedAt", result.path("finishedAt").asText(null));
            Double seconds = RunFacts.stepSeconds(Map.of(step.getKey(), result)).get(step.getKey());
            if (seconds != null) {
                line.put("seconds", seconds);
            }
            line.put("summary", result.path("summary").asText(""));
            line.set("result", result);
        }

        ObjectNode dataLoss = root.putObject("dataLoss");
        String proof = RunFacts.isFailback(request)
                ? "none: the primary is promoted only after a sync later than the DR writers' stop"
                : OutcomeText.windowText(figures, plan);
        if (figures.dataLossWindowSeconds() != null) {
            dataLoss.put("windowSeconds", figures.dataLossWindowSeconds());
        }
        dataLoss.put("rpoSeconds", plan.rpoSeconds());
        dataLoss.put("mode", figures.mode());
        dataLoss.put("proven", figures.dataLossProven());
        dataLoss.put(
                "lastReplicatedAt",
                figures.lastReplicatedAt() == null
                        ? null
                        : figures.lastReplicatedAt().toString());
        dataLoss.put("proof", proof);
        RunFacts.metricEvidence(request).ifPresent(m -> dataLoss.set("metricEvidence", Json.MAPPER.valueToTree(m)));
        ObjectNode evidence = dataLoss.putObject("evidence");
        for (String key : List.of("assess", "primaryStopped", "finalSync", "promote", "quiesce", "reverse")) {
            if (request.steps() != null && request.steps().get(key) != null) {
                evidence.put(key, request.steps().get(key).path("summary").asText(""));
            }
        }

        ArrayNode hookList = root.putArray("hooks");
        List<HookResult> hookResults =
                request.step(StepKey.HOOKS).map(HookRecord::results).orElse(List.of());
        hookResults.forEach(h -> hookList.add(Json.MAPPER.valueToTree(h)));
        ObjectNode traffic = request.step(StepKey.TRAFFIC)
                .map(t -> trafficOf(t, request.steps().get(StepKey.TRAFFIC.json())))
                .orElse(null);
        if (traffic != null) {
            root.set("traffic", traffic);
        }

        ArrayNode approvalList = root.putArray("approvals");
        approvals.forEach((where, approval) -> {
            ObjectNode entry = approvalList.addObject();
            entry.put("gate", where);
            entry.put("approved", approval.path("approved").asBoolean(false));
            entry.put("approver", approval.path("approver").asText(null));
            entry.put("decidedAt", approval.path("decidedAt").asText(null));
            entry.put("reason", approval.path("reason").asText(null));
        });
        if (event.equals("NOT_APPROVED") && !RunFacts.finalSyncUnproven(request)) {
            ObjectNode entry = approvalList.addObject();
            entry.put("gate", request.failedState());
            entry.put("approved", false);
            entry.put("reason", RunFacts.errorMessage(request));
        }

        ArrayNode guards = root.putArray("guards");
        AttentionText.attention(request).forEach(guards::add);
        List<String> noData = AttentionText.noDataInDr(request);
        if (!noData.isEmpty()) {
            guards.add(String.join("; ", noData));
        }

        String origin = RunFacts.origin(request).region();
        String destination = RunFacts.destination(request).region();
        Map<String, List<String>> changes = new LinkedHashMap<>();
        changes.put(plan.primary().region(), new ArrayList<>());
        changes.put(plan.dr().region(), new ArrayList<>());
        for (Map.Entry<String, JsonNode> step : orderedSteps(request)) {
            String key = step.getKey();
            String region = ORIGIN_STEPS.contains(key)
                    ? origin
                    : DESTINATION_STEPS.contains(key)
                            ? destination
                            : key.equals("activeRegion") ? plan.dr().region() : null;
            if (region != null) {
                changes.get(region)
                        .add(composer.stepName(workflow, key) + ": "
                                + step.getValue().path("summary").asText(""));
            }
        }
        ObjectNode changed = root.putObject("changes");
        changes.forEach((region, lines) -> {
            ArrayNode list = changed.putArray(region);
            lines.forEach(list::add);
        });

        StringBuilder md = new StringBuilder();
        md.append("# DR ")
                .append(workflow)
                .append(" ")
                .append(execution)
                .append(": ")
                .append(event);
        md.append(run.dryRun() ? " (dry run: nothing was changed)" : "").append("\n\n");
        md.append(notification.subject()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Application | ").append(cell(plan.application())).append(" |\n");
        md.append("| From -> to | ")
                .append(origin)
                .append(" -> ")
                .append(destination)
                .append(" |\n");
        md.append("| Reason | ").append(cell(run.reason())).append(" |\n");
        md.append("| Started | ").append(run.startedAt()).append(" |\n");
        md.append("| Recorded | ").append(now).append(" |\n");
        if (figures.rtoSeconds() != null) {
            md.append("| RTO | ").append(figures.rtoSeconds()).append(" s |\n");
        }
        if (request.failedState() != null) {
            md.append("| Failed at | ")
                    .append(cell(request.failedState()))
                    .append(": ")
                    .append(cell(RunFacts.errorMessage(request)))
                    .append(" |\n");
        }
        md.append("\n## Steps\n\n| Step | Started | Finished | Seconds | Summary |\n|---|---|---|---|---|\n");
        steps.forEach(step -> md.append("| ")
                .append(cell(step.path("name").asText()))
                .append(" | ")
                .append(step.path("startedAt").asText(""))
                .append(" | ")
                .append(step.path("finishedAt").asText(""))
                .append(" | ")
                .append(step.has("seconds") ? step.get("seconds").asText() : "")
                .append(" | ")
                .append(cell(step.path("summary").asText("")))
                .append(" |\n"));
        md.append("\n## Data-loss window\n\n").append(proof).append("\n");
        evidence.fields()
                .forEachRemaining(e -> md.append("- ")
                        .append(e.getKey())
                        .append(": ")
                        .append(e.getValue().asText())
                        .append("\n"));
        if (traffic != null) {
            md.append("\n## Traffic\n\n")
                    .append(cell(traffic.path("summary").asText("")))
                    .append("\n\n- from ")
                    .append(traffic.path("from").asText())
                    .append(" to ")
                    .append(traffic.path("to").asText())
                    .append(" (")
                    .append(traffic.path("type").asText())
                    .append("), ")
                    .append(traffic.path("outcome").asText())
                    .append(traffic.path("verified").asBoolean() ? ", read back" : ", not read back")
                    .append("\n- state: ")
                    .append(traffic.path("state").toString())
                    .append("\n");
            if (traffic.hasNonNull("endpoint")) {
                md.append("- endpoint used: ")
                        .append(traffic.path("endpoint").asText())
                        .append("\n");
            }
            traffic.path("failedEndpoints")
                    .forEach(f -> md.append("- endpoint that did not answer: ")
                            .append(f.asText())
                            .append("\n"));
        }
        md.append("\n## Approvals\n\n");
        if (approvalList.isEmpty()) {
            md.append("None recorded in the state this step was given.\n");
        }
        approvalList.forEach(a -> md.append("- ")
                .append(a.path("gate").asText())
                .append(": ")
                .append(a.path("approved").asBoolean() ? "approved" : "not approved")
                .append(a.hasNonNull("approver") ? " by " + a.get("approver").asText() : "")
                .append(a.hasNonNull("decidedAt") ? " at " + a.get("decidedAt").asText() : "")
                .append(a.hasNonNull("reason") ? ": " + a.get("reason").asText() : "")
                .append("\n"));
        md.append("\n## Hooks\n\n");
        if (hookResults.isEmpty()) {
            md.append("None ran.\n");
        } else {
            md.append("| Point | Wave | Function | Status | Milliseconds | Answer |\n|---|---|---|---|---|---|\n");
            hookResults.forEach(h -> md.append("| ")
                    .append(h.at())
                    .append(" | ")
                    .append(h.wave() == null ? "" : h.wave())
                    .append(" | ")
                    .append(cell(h.target()))
                    .append(" | ")
                    .append(h.status().json())
                    .append(" | ")
                    .append(h.durationMs())
                    .append(" | ")
                    .append(cell(h.answer()))
                    .append(" |\n"));
        }
        md.append("\n## Guards that fired\n\n");
        if (guards.isEmpty()) {
            md.append("None.\n");
        }
        guards.forEach(g -> md.append("- ").append(g.asText()).append("\n"));
        md.append("\n## What changed in each region\n");
        changes.forEach((region, lines) -> {
            md.append("\n### ").append(region).append("\n\n");
            if (lines.isEmpty()) {
                md.append("Nothing.\n");
            }
            lines.forEach(line -> md.append("- ").append(line).append("\n"));
        });
        return new AuditRecord(workflow, execution, write(root), md.toString());
    }

    /** The record of an alarm the trigger did not act on. */
    public static AuditRecord ofDecline(
            String execution, String alarmName, Instant changedAt, String outcome, String why, Instant now) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("workflow", "trigger");
        root.put("execution", execution);
        root.put("event", "DECLINED");
        root.put("recordedAt", now.toString());
        root.put("alarmName", alarmName);
        root.put("alarmChangedAt", changedAt.toString());
        root.putArray("guards").addObject().put("guard", outcome).put("detail", why);
        root.put("changed", false);
        String md = "# DR trigger " + execution + ": DECLINED\n\n"
                + "Alarm " + alarmName + " went to ALARM at " + changedAt + "; no failover was started.\n\n"
                + "## Guards that fired\n\n- " + outcome + ": " + why + "\n\n"
                + "## What changed in each region\n\nNothing.\n";
        return new AuditRecord("trigger", execution, write(root), md);
    }

    /**
     * The record of a readiness run whose result changed.
     *
     * @param checks one line per check: {@code name: STATUS: detail}
     */
    public static AuditRecord ofReadiness(
            Instant startedAt, Instant now, String overall, List<String> changes, List<String> checks) {
        String execution = startedAt.toString().replaceAll("[^0-9]", "");
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("workflow", "readiness");
        root.put("execution", execution);
        root.put("event", "CHANGED");
        root.put("startedAt", startedAt.toString());
        root.put("recordedAt", now.toString());
        root.put("overall", overall);
        changes.forEach(root.putArray("changes")::add);
        checks.forEach(root.putArray("checks")::add);
        StringBuilder md = new StringBuilder("# DR readiness " + startedAt + ": " + overall + "\n\n## Changed\n\n");
        changes.forEach(c -> md.append("- ").append(c).append("\n"));
        md.append("\n## Checks\n\n");
        checks.forEach(c -> md.append("- ").append(c).append("\n"));
        return new AuditRecord("readiness", execution, write(root), md.toString());
    }

    private static List<Map.Entry<String, JsonNode>> orderedSteps(NotifyRequest request) {
        if (request.steps() == null) {
            return List.of();
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        request.steps().forEach((key, value) -> {
            if (value != null && value.isObject() && !value.isEmpty()) {
                entries.add(Map.entry(key, value));
            }
        });
        entries.sort(Comparator.comparing(e -> e.getValue().path("startedAt").asText("~")));
        return entries;
    }

    private static void putError(ObjectNode root, NotifyRequest request) {
        if (request.failedState() != null || request.error() != null) {
            root.put("failedState", request.failedState());
            root.put("error", request.error() == null ? null : request.error().error());
            root.put("errorMessage", RunFacts.errorMessage(request));
            RunFacts.refusingSafetyRule(request).ifPresent(rule -> root.put("trafficRefusedBySafetyRule", rule));
        }
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    private static String write(ObjectNode root) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit record", e);
        }
    }
}
