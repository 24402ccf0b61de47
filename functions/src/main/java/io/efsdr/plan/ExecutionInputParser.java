package io.efsdr.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an execution's input strictly: a misspelt {@code dryRun} must never turn a rehearsal into
 * a real failover, so unknown fields are errors.
 */
public final class ExecutionInputParser {
    private static final Set<String> FIELDS =
            Set.of("reason", "dryRun", "workloads", "trigger", "requireApproval", "mode");
    private static final int MAX_REASON = 1000;
    static final int MAX_INPUT_BYTES = 256 * 1024;

    public ExecutionInput parse(JsonNode input) {
        Problems problems = new Problems();
        if (input == null || input.isNull()) {
            return new ExecutionInput(null, false, List.of(), null);
        }
        if (!input.isObject()) {
            throw new InvalidInputException("input: must be a JSON object, not " + PlanValidator.describe(input));
        }
        int size = input.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_INPUT_BYTES) {
            throw new InvalidInputException("input: is larger than " + MAX_INPUT_BYTES + " bytes (" + size
                    + "), the most Step Functions accepts as an execution's input");
        }
        input.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(
                        "input." + name,
                        "is not a known field (known: dryRun, mode, reason, requireApproval, trigger, workloads)");
            }
        });
        String reason = null;
        JsonNode reasonNode = input.get("reason");
        if (reasonNode != null && !reasonNode.isNull()) {
            if (!reasonNode.isTextual()) {
                problems.add("input.reason", "must be a string, not " + PlanValidator.describe(reasonNode));
            } else if (reasonNode.asText().length() > MAX_REASON) {
                problems.add("input.reason", "is longer than " + MAX_REASON + " characters");
            } else {
                reason = reasonNode.asText();
            }
        }
        boolean dryRun = false;
        JsonNode dryRunNode = input.get("dryRun");
        if (dryRunNode != null && !dryRunNode.isNull()) {
            if (!dryRunNode.isBoolean()) {
                problems.add("input.dryRun", "must be true or false, not " + PlanValidator.describe(dryRunNode));
            } else {
                dryRun = dryRunNode.asBoolean();
            }
        }
        List<String> workloads = new ArrayList<>();
        JsonNode list = input.get("workloads");
        if (list != null && !list.isNull()) {
            if (!list.isArray() || list.isEmpty()) {
                problems.add(
                        "input.workloads", "must be a non-empty list of 'namespace/Kind/name' or 'namespace/name'");
            } else {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    int parts = item.isTextual() ? item.asText().split("/").length : 0;
                    if (parts < 2 || parts > 3) {
                        problems.add("input.workloads[" + i + "]", "must be 'namespace/Kind/name' or 'namespace/name'");
                    } else if (!seen.add(item.asText())) {
                        problems.add("input.workloads[" + i + "]", "duplicates '" + item.asText() + "'");
                    } else {
                        workloads.add(item.asText());
                    }
                }
            }
        }
        boolean requireApproval = false;
        JsonNode approvalNode = input.get("requireApproval");
        if (approvalNode != null && !approvalNode.isNull()) {
            if (!approvalNode.isBoolean()) {
                problems.add(
                        "input.requireApproval", "must be true or false, not " + PlanValidator.describe(approvalNode));
            } else {
                requireApproval = approvalNode.asBoolean();
            }
        }
        String alarmName = null;
        JsonNode trigger = input.get("trigger");
        if (trigger != null && !trigger.isNull()) {
            JsonNode alarm = trigger.get("alarmName");
            if (!trigger.isObject()
                    || alarm == null
                    || !alarm.isTextual()
                    || alarm.asText().isBlank()) {
                problems.add("input.trigger.alarmName", "must be the name of the alarm that started the run");
            } else {
                alarmName = alarm.asText();
            }
        }
        FailoverMode mode = null;
        JsonNode modeNode = input.get("mode");
        if (modeNode != null && !modeNode.isNull()) {
            if (!modeNode.isTextual() || !List.of("graceful", "ungraceful").contains(modeNode.asText())) {
                problems.add(
                        "input.mode", "must be 'graceful' or 'ungraceful', not " + PlanValidator.describe(modeNode));
            } else {
                mode = FailoverMode.fromJson(modeNode.asText());
            }
        }
        problems.throwIfAny("execution input");
        return new ExecutionInput(reason, dryRun, List.copyOf(workloads), alarmName, requireApproval, mode);
    }

    /** The plan's workloads narrowed to the ones the input names; every name must match one. */
    public static List<Workload> select(List<Workload> all, List<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        Problems problems = new Problems();
        List<Workload> selected = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<Workload> matches = all.stream().filter(w -> matches(w, name)).toList();
            if (matches.isEmpty()) {
                problems.add("input.workloads[" + i + "]", "'" + name + "' is not a workload of the plan");
            } else if (matches.size() > 1) {
                problems.add(
                        "input.workloads[" + i + "]",
                        "'" + name + "' is ambiguous: name the kind as namespace/Kind/name");
            } else if (!selected.contains(matches.get(0))) {
                selected.add(matches.get(0));
            }
        }
        problems.throwIfAny("execution input");
        return selected;
    }

    private static boolean matches(Workload workload, String name) {
        String[] parts = name.split("/");
        if (parts.length == 3) {
            return workload.id().equals(name);
        }
        return workload.namespace().equals(parts[0]) && workload.name().equals(parts[1]);
    }
}
