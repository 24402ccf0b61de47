package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.isObject;
import static io.efsdr.plan.PlanFields.longValue;
import static io.efsdr.plan.PlanFields.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The timeouts and polling bounds of the waits. Part of {@link PlanValidator}: every problem is
 * named by its field path.
 */
final class TimeoutRules {
    private TimeoutRules() {}

    static Timeouts timeouts(JsonNode node, Problems problems) {
        String path = "plan.timeouts";
        if (node == null || node.isNull()) {
            return Timeouts.DEFAULTS;
        }
        if (!isObject(node, path, problems)) {
            return Timeouts.DEFAULTS;
        }
        unknownFields(
                node,
                path,
                Set.of(
                        "promotionSeconds",
                        "readinessSeconds",
                        "fencingSeconds",
                        "syncSeconds",
                        "finalSyncSeconds",
                        "localDeletionSeconds",
                        "alarmFinalSyncSeconds",
                        "fencePropagationSeconds"),
                problems);
        Timeouts d = Timeouts.DEFAULTS;
        Timeouts min = Timeouts.MINIMA;
        Timeouts max = Timeouts.MAXIMA;
        return new Timeouts(
                longValue(
                        node,
                        "promotionSeconds",
                        path + ".promotionSeconds",
                        d.promotionSeconds(),
                        min.promotionSeconds(),
                        max.promotionSeconds(),
                        problems),
                longValue(
                        node,
                        "readinessSeconds",
                        path + ".readinessSeconds",
                        d.readinessSeconds(),
                        min.readinessSeconds(),
                        max.readinessSeconds(),
                        problems),
                longValue(
                        node,
                        "fencingSeconds",
                        path + ".fencingSeconds",
                        d.fencingSeconds(),
                        min.fencingSeconds(),
                        max.fencingSeconds(),
                        problems),
                longValue(
                        node,
                        "syncSeconds",
                        path + ".syncSeconds",
                        d.syncSeconds(),
                        min.syncSeconds(),
                        max.syncSeconds(),
                        problems),
                longValue(
                        node,
                        "finalSyncSeconds",
                        path + ".finalSyncSeconds",
                        d.finalSyncSeconds(),
                        min.finalSyncSeconds(),
                        max.finalSyncSeconds(),
                        problems),
                longValue(
                        node,
                        "localDeletionSeconds",
                        path + ".localDeletionSeconds",
                        d.localDeletionSeconds(),
                        min.localDeletionSeconds(),
                        max.localDeletionSeconds(),
                        problems),
                longValue(
                        node,
                        "alarmFinalSyncSeconds",
                        path + ".alarmFinalSyncSeconds",
                        d.alarmFinalSyncSeconds(),
                        min.alarmFinalSyncSeconds(),
                        max.alarmFinalSyncSeconds(),
                        problems),
                longValue(
                        node,
                        "fencePropagationSeconds",
                        path + ".fencePropagationSeconds",
                        d.fencePropagationSeconds(),
                        min.fencePropagationSeconds(),
                        max.fencePropagationSeconds(),
                        problems));
    }
}
