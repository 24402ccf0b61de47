package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.notify.sns.Notification;
import io.efsdr.notify.sns.Notifier;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the operators that a DR execution ended without succeeding, and what it had done by then
 * (promoted? writes stopped?), from where its history says it stood: the failure notice the state
 * machines no longer send themselves, so that a redrive resumes the failed step.
 */
public final class ExecutionEndReporter {
    private final ExecutionHistory history;
    private final NotificationComposer composer;
    private final Notifier notifier;
    private final AuditArchive audit;

    public ExecutionEndReporter(ExecutionHistory history, NotificationComposer composer, Notifier notifier) {
        this(history, composer, notifier, AuditArchive.disabled());
    }

    public ExecutionEndReporter(
            ExecutionHistory history, NotificationComposer composer, Notifier notifier, AuditArchive audit) {
        this.history = history;
        this.composer = composer;
        this.notifier = notifier;
        this.audit = audit;
    }

    /** The notification for an execution that ended badly; published by {@link #report}. */
    public Notification notification(ExecutionEnded ended) {
        return composer.compose(request(ended, history.lastState(ended.detail().executionArn())));
    }

    /**
     * Publishes the notice, unless the execution ended in one of its own Fail states: such an end is
     * deliberate (an approval refused or not given) and the state machine has already reported it.
     */
    public NotifyResult report(ExecutionEnded ended) {
        Optional<ExecutionHistory.LastState> last =
                history.lastState(ended.detail().executionArn());
        if (last.isPresent() && last.get().deliberateEnd()) {
            return new NotifyResult(
                    null,
                    "not sent: " + ended.detail().name() + " ended at its Fail state \""
                            + last.get().state() + "\", which the state machine already reported",
                    null,
                    null);
        }
        NotifyRequest request = request(ended, last);
        Notification notification = composer.compose(request);
        NotificationComposer.Figures figures = request.plan() == null || request.run() == null
                ? new NotificationComposer.Figures(null, null, null)
                : composer.figures(request);
        AuditArchive.Outcome evidence =
                audit.write(AuditRecord.ofRun(composer, request, figures, notification, request.approvals()));
        notification = audit.annotate(notification, evidence);
        String messageId = notifier.publish(notification);
        return new NotifyResult(messageId, notification.subject(), null, null, evidence.keys(), evidence.problem());
    }

    /**
     * The approvals the execution's state holds: {@code $.approvals.<gate>}, and the keys an
     * execution started by an earlier version kept them under ({@code approval},
     * {@code promotionApproval}).
     */
    static Map<String, JsonNode> approvals(Optional<ExecutionHistory.LastState> last) {
        Map<String, JsonNode> approvals = new LinkedHashMap<>();
        last.map(ExecutionHistory.LastState::input).ifPresent(input -> {
            input.path("approvals").fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    approvals.put(e.getKey(), e.getValue());
                }
            });
            for (String gate : List.of("approval", "promotionApproval")) {
                if (input.path(gate).isObject()) {
                    approvals.put(gate, input.get(gate));
                }
            }
        });
        return approvals;
    }

    static NotifyRequest request(ExecutionEnded ended, Optional<ExecutionHistory.LastState> last) {
        ExecutionEnded.Detail detail = ended.detail();
        String state = last.map(ExecutionHistory.LastState::state).orElse(null);
        JsonNode input = last.map(ExecutionHistory.LastState::input).orElse(Json.MAPPER.createObjectNode());
        String error = detail.error() != null
                ? detail.error()
                : last.map(ExecutionHistory.LastState::error)
                        .orElse(
                                switch (detail.status()) {
                                    case "TIMED_OUT" -> "States.Timeout";
                                    case "ABORTED" -> "Aborted";
                                    default -> "States.Runtime";
                                });
        String cause = detail.cause() != null
                ? detail.cause()
                : last.map(ExecutionHistory.LastState::cause)
                        .orElse(
                                switch (detail.status()) {
                                    case "TIMED_OUT" -> "the execution ran past its TimeoutSeconds";
                                    case "ABORTED" -> "someone stopped the execution";
                                    default -> null;
                                });
        DrPlan plan = read(input.get("plan"), DrPlan.class);
        RunContext run = read(input.get("run"), RunContext.class);
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        input.path("steps").fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                steps.put(e.getKey(), e.getValue());
            }
        });
        return new NotifyRequest(
                detail.status(),
                ended.workflow(),
                detail.name(),
                run == null ? null : plan,
                run,
                steps,
                new NotifyRequest.CaughtError(error, cause),
                state,
                approvals(last));
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (Exception e) {
            return null;
        }
    }
}
