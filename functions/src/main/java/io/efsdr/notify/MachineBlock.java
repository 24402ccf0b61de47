package io.efsdr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.hooks.HookRecord;
import java.util.List;

/**
 * The JSON block for machines that ends every notification: the run's figures, its error and its
 * hooks.
 */
final class MachineBlock {
    private MachineBlock() {}

    static String machineBlock(NotifyRequest request, String event, NotificationComposer.Figures figures) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("workflow", request.run().workflow());
        node.put("event", event);
        node.put("execution", request.run().executionName());
        node.put("dryRun", request.run().dryRun());
        node.put("primaryRegion", request.plan().primary().region());
        node.put("drRegion", request.plan().dr().region());
        if (figures.rtoSeconds() != null) {
            node.put("rtoSeconds", figures.rtoSeconds());
        }
        if (figures.dataLossWindowSeconds() != null) {
            node.put("dataLossWindowSeconds", figures.dataLossWindowSeconds());
        }
        if (figures.mode() != null) {
            node.put("mode", figures.mode());
            node.put("dataLossProven", figures.dataLossProven());
        }
        if (figures.drUnprotectedSince() != null) {
            node.put("drUnprotectedSince", figures.drUnprotectedSince().toString());
        }
        if (figures.writeStopSeconds() != null) {
            node.put("writeStopSeconds", figures.writeStopSeconds());
        }
        if (request.failedState() != null) {
            node.put("failedState", request.failedState());
            node.put("error", request.error() == null ? null : request.error().error());
            node.put("errorMessage", RunFacts.errorMessage(request));
            RunFacts.refusingSafetyRule(request).ifPresent(rule -> node.put("trafficRefusedBySafetyRule", rule));
        }
        ArrayNode hookNodes = node.putArray("hooks");
        request.step(StepKey.HOOKS).map(HookRecord::results).orElse(List.of()).forEach(h -> {
            ObjectNode hook = hookNodes.addObject();
            hook.put("at", h.at());
            hook.put("target", h.target());
            if (h.wave() != null) {
                hook.put("wave", h.wave());
            }
            hook.put("status", h.status().json());
            hook.put("durationMs", h.durationMs());
        });
        ObjectNode durations = node.putObject("stepSeconds");
        RunFacts.stepSeconds(request.steps()).forEach(durations::put);
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }
}
