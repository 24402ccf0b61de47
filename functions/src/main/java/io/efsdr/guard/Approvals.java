package io.efsdr.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.aws.AwsCalls;
import io.efsdr.config.Json;
import io.efsdr.error.ApprovalRejectedException;
import io.efsdr.error.InvalidInputException;
import io.efsdr.notify.sns.Notification;
import io.efsdr.notify.sns.Notifier;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The approval gate: a waiting step hands out a task token; {@link #request} tells the operators
 * what is at stake and exactly how to answer; {@link #decide} sends the answer to Step Functions.
 */
public final class Approvals {
    private final SfnClient sfn;
    private final Notifier notifier;
    private final String decideFunction;
    private final Clock clock;

    public Approvals(SfnClient sfn, Notifier notifier, String decideFunction, Clock clock) {
        this.sfn = sfn;
        this.notifier = notifier;
        this.decideFunction = decideFunction;
        this.clock = clock;
    }

    /** What the waiting step sends: the run, the steps so far, the token and the question. */
    public record Request(DrPlan plan, RunContext run, Map<String, JsonNode> steps, String token, String question) {
        public Request {
            if (plan == null) {
                throw new InvalidInputException("input.plan: is missing");
            }
            if (run == null) {
                throw new InvalidInputException("input.run: is missing");
            }
        }
    }

    /** The answer to send: approve or reject, with who and why. */
    public record Decision(String token, String decision, String reason, String approver) {}

    /** The published request. */
    public record Requested(String messageId, String subject) {}

    /** What was sent to Step Functions. */
    public record Decided(String decision, String summary) {}

    public Requested request(Request request) {
        if (request.token() == null || request.token().isBlank()) {
            throw new InvalidInputException("input.token: is missing (the state must pass $$.Task.Token)");
        }
        RunContext run = request.run();
        DrPlan plan = request.plan();
        JsonNode assess = request.steps() == null ? null : request.steps().get("assess");
        String workflow = run.workflow().toUpperCase(Locale.ROOT);
        String subject = "APPROVAL NEEDED: DR " + workflow + " of " + plan.application() + " waits for you";
        StringBuilder body = new StringBuilder()
                .append("Outcome: the ")
                .append(run.workflow())
                .append(" execution ")
                .append(run.executionName())
                .append(" is waiting for a person before its point of no return: ")
                .append(request.question())
                .append("\n")
                .append("Nothing irreversible has happened yet. Without an answer within ")
                .append(Duration.ofSeconds(run.approvalTimeoutSeconds()).toMinutes())
                .append(" minutes it ends without promoting.\n\n")
                .append("What is at stake\n")
                .append("  Reason: ")
                .append(run.reason())
                .append("\n");
        if (run.alarmName() != null) {
            body.append("  Alarm: ").append(run.alarmName()).append("\n");
        }
        if (assess != null) {
            body.append("  Replication: ")
                    .append(assess.path("replicationStatus").asText("unknown"))
                    .append(
                            assess.hasNonNull("statusMessage")
                                    ? " (" + assess.get("statusMessage").asText() + ")"
                                    : "")
                    .append("\n")
                    .append("  Data-loss window: ")
                    .append(
                            assess.hasNonNull("dataLossWindowSeconds")
                                    ? assess.get("dataLossWindowSeconds").asText() + " s (RPO " + plan.rpoSeconds()
                                            + " s, " + (assess.path("withinRpo").asBoolean() ? "met" : "EXCEEDED") + ")"
                                    : "unknown: no completed sync recorded")
                    .append("\n");
        }
        String token = request.token();
        body.append("\nHow to answer (either way)\n")
                .append("  Approve: aws lambda invoke --function-name ")
                .append(decideFunction)
                .append(" --cli-binary-format raw-in-base64-out --payload '")
                .append(decisionJson(token, "approve", "your reason"))
                .append("' /dev/stdout\n")
                .append("  Reject:  aws lambda invoke --function-name ")
                .append(decideFunction)
                .append(" --cli-binary-format raw-in-base64-out --payload '")
                .append(decisionJson(token, "reject", "your reason"))
                .append("' /dev/stdout\n")
                .append("  Or with Step Functions directly:\n")
                .append("    aws stepfunctions send-task-success --task-token '")
                .append(token)
                .append("' --task-output '{\"approved\":true,\"reason\":\"your reason\"}'\n")
                .append("    aws stepfunctions send-task-failure --task-token '")
                .append(token)
                .append("' --error ")
                .append(ApprovalRejectedException.class.getName())
                .append(" --cause 'your reason'\n");
        String messageId = notifier.publish(new Notification(subject, body.toString()));
        return new Requested(messageId, subject);
    }

    public Decided decide(Decision decision) {
        if (decision.token() == null || decision.token().isBlank()) {
            throw new InvalidInputException("input.token: is missing: copy it from the approval notification");
        }
        if (decision.decision() == null) {
            throw new InvalidInputException("input.decision: is missing: say 'approve' or 'reject'");
        }
        String verdict = decision.decision().toLowerCase(Locale.ROOT);
        if (!verdict.equals("approve") && !verdict.equals("reject")) {
            throw new InvalidInputException(
                    "input.decision: must be 'approve' or 'reject', not " + decision.decision());
        }
        if (decision.reason() == null || decision.reason().isBlank()) {
            throw new InvalidInputException("input.reason: say why, for the record");
        }
        String approver = decision.approver() == null ? "unnamed operator" : decision.approver();
        if (verdict.equals("approve")) {
            ObjectNode output = Json.MAPPER
                    .createObjectNode()
                    .put("approved", true)
                    .put("approver", approver)
                    .put("reason", decision.reason())
                    .put("decidedAt", clock.instant().toString());
            AwsCalls.call(
                    "Step Functions SendTaskSuccess",
                    () -> sfn.sendTaskSuccess(r -> r.taskToken(decision.token()).output(output.toString())));
            return new Decided("approve", "approved by " + approver + ": " + decision.reason());
        }
        AwsCalls.call(
                "Step Functions SendTaskFailure",
                () -> sfn.sendTaskFailure(r -> r.taskToken(decision.token())
                        .error(ApprovalRejectedException.class.getName())
                        .cause("rejected by " + approver + ": " + decision.reason())));
        return new Decided("reject", "rejected by " + approver + ": " + decision.reason());
    }

    private static String decisionJson(String token, String decision, String reason) {
        return Json.MAPPER
                .createObjectNode()
                .put("token", token)
                .put("decision", decision)
                .put("reason", reason)
                .put("approver", "your name")
                .toString();
    }
}
