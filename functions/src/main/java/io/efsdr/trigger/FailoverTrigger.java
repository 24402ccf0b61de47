package io.efsdr.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.aws.AwsCalls;
import io.efsdr.config.Json;
import io.efsdr.config.Settings;
import io.efsdr.error.InvalidInputException;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.guard.DrExecutions;
import io.efsdr.guard.TriggerMemory;
import io.efsdr.notify.AuditArchive;
import io.efsdr.notify.AuditRecord;
import io.efsdr.notify.sns.Notification;
import io.efsdr.notify.sns.Notifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts one failover per alarm state change. The execution name is derived from the alarm name
 * and the state-change time, and Step Functions keeps names unique for 90 days, so any number of
 * deliveries of the same event start exactly one execution. It declines, and reports once, when
 * the DR region is already active, when a DR execution runs, and within the cooldown after the
 * last one (leaving an audit record of the decline); with {@code AUTO_FAILOVER=approval} the
 * failover it starts waits for a person.
 */
public final class FailoverTrigger {
    static final int MAX_NAME = 80;
    private final SfnClient sfn;
    private final Settings settings;
    private final Guards guards;

    /** What the trigger consults before it starts anything; all calls are bounded. */
    public record Guards(
            ActiveRegion activeRegion,
            DrExecutions executions,
            TriggerMemory memory,
            Notifier notifier,
            Clock clock,
            AuditArchive audit) {
        public Guards(
                ActiveRegion activeRegion,
                DrExecutions executions,
                TriggerMemory memory,
                Notifier notifier,
                Clock clock) {
            this(activeRegion, executions, memory, notifier, clock, AuditArchive.disabled());
        }
    }

    public FailoverTrigger(SfnClient sfn, Settings settings, Guards guards) {
        this.sfn = sfn;
        this.settings = settings;
        this.guards = guards;
    }

    /** A trigger without guards, for validating events only (it cannot start anything safely). */
    public FailoverTrigger(SfnClient sfn, Settings settings) {
        this(sfn, settings, null);
    }

    public TriggerResult start(AlarmEvent event) {
        Alarm alarm = validate(event);
        String name = executionName(alarm.name(), alarm.changedAt());
        if (settings.autoFailover() == Settings.AutoFailover.DISABLED) {
            return new TriggerResult(
                    TriggerOutcome.DISABLED,
                    name,
                    null,
                    "AUTO_FAILOVER is disabled: alarm " + alarm.name()
                            + " did not start a failover; start one by hand if needed");
        }
        String stateMachine = settings.requireFailoverStateMachineArn();
        var recent = guards.executions().recent();
        if (recent.named(name)) {
            String executionArn = stateMachine.replace(":stateMachine:", ":execution:") + ":" + name;
            return new TriggerResult(
                    TriggerOutcome.ALREADY_STARTED,
                    name,
                    executionArn,
                    "an execution named " + name + " already exists: this alarm state change was already handled");
        }
        String drRegion = settings.region();
        if (guards.activeRegion().read().filter(drRegion::equals).isPresent()) {
            return declined(
                    TriggerOutcome.ALREADY_ACTIVE,
                    name,
                    alarm,
                    "the DR region " + drRegion + " is already the active one " + "(recorded in "
                            + settings.activeRegionParameterName() + "): nothing to fail over");
        }
        var running = guards.executions().runningBesides(name);
        if (!running.isEmpty()) {
            return declined(
                    TriggerOutcome.REFUSED_RUNNING,
                    name,
                    alarm,
                    "a DR execution is already running: " + String.join(", ", running)
                            + "; one DR execution at a time");
        }
        var lastStart = recent.lastStartBesides(name);
        if (lastStart.isPresent()
                && lastStart
                        .get()
                        .plus(settings.cooldown())
                        .isAfter(guards.clock().instant())) {
            return declined(
                    TriggerOutcome.COOLDOWN,
                    name,
                    alarm,
                    "the last DR execution started at " + lastStart.get() + ", within the "
                            + settings.cooldown().toMinutes() + "-minute cooldown: no automatic failover until "
                            + lastStart.get().plus(settings.cooldown()) + " (start one by hand if needed)");
        }
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put(
                "reason",
                "alarm " + alarm.name() + " went to ALARM at " + alarm.changedAt()
                        + (alarm.reason() == null ? "" : ": " + alarm.reason()));
        input.put("dryRun", false);
        input.put("requireApproval", settings.autoFailover() == Settings.AutoFailover.APPROVAL);
        input.putObject("trigger")
                .put("alarmName", alarm.name())
                .put("stateChangeTime", alarm.changedAt().toString());
        return AwsCalls.call("Step Functions StartExecution " + name, () -> {
            try {
                String arn = sfn.startExecution(
                                r -> r.stateMachineArn(stateMachine).name(name).input(input.toString()))
                        .executionArn();
                return new TriggerResult(
                        TriggerOutcome.STARTED, name, arn, "started failover " + name + " for alarm " + alarm.name());
            } catch (ExecutionAlreadyExistsException e) {
                return new TriggerResult(
                        TriggerOutcome.ALREADY_STARTED,
                        name,
                        null,
                        "an execution named " + name + " already exists: this alarm state change was already handled");
            }
        });
    }

    /** Does not start a failover; tells the operators once per alarm state change. */
    private TriggerResult declined(TriggerOutcome outcome, String name, Alarm alarm, String why) {
        String detail = why;
        if (guards.memory().firstReport(outcome + ":" + name)) {
            AuditArchive.Outcome evidence = guards.audit()
                    .write(AuditRecord.ofDecline(
                            name,
                            alarm.name(),
                            alarm.changedAt(),
                            outcome.name(),
                            why,
                            guards.clock().instant()));
            if (guards.audit().enabled() && !evidence.complete()) {
                detail = why + "; " + evidence.problem();
            }
            guards.notifier().publish(guards.audit().annotate(declineNotice(outcome, alarm, why), evidence));
        }
        return new TriggerResult(outcome, name, null, detail);
    }

    private static Notification declineNotice(TriggerOutcome outcome, Alarm alarm, String why) {
        return new Notification(
                "DR trigger: alarm " + alarm.name() + " did not start a failover (" + outcome + ")",
                "Outcome: alarm " + alarm.name() + " went to ALARM at " + alarm.changedAt()
                        + ", and no failover was started: " + why
                        + ".\n\nWhat to do next\n  - If a failover is needed anyway, start it by hand from "
                        + "the Step Functions console "
                        + "(input {\"reason\": \"...\", \"dryRun\": false}).\n  - Repeated deliveries of "
                        + "this alarm state change are not "
                        + "reported again.\n");
    }

    private record Alarm(String name, Instant changedAt, String reason) {}

    private static Alarm validate(AlarmEvent event) {
        if (!"aws.cloudwatch".equals(event.source())) {
            throw new InvalidInputException("event.source: must be aws.cloudwatch, not " + event.source());
        }
        if (!"CloudWatch Alarm State Change".equals(event.detailType())) {
            throw new InvalidInputException(
                    "event.detail-type: must be 'CloudWatch Alarm State Change', not " + event.detailType());
        }
        JsonNode detail = event.detail();
        if (detail == null || detail.isNull()) {
            throw new InvalidInputException("event.detail: is missing");
        }
        if (!detail.isObject()) {
            throw new InvalidInputException("event.detail: must be an object, not "
                    + detail.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode alarmName = detail.get("alarmName");
        if (alarmName == null
                || alarmName.isNull()
                || (alarmName.isTextual() && alarmName.asText().isBlank())) {
            throw new InvalidInputException("event.detail.alarmName: is missing");
        }
        if (!alarmName.isTextual()) {
            throw new InvalidInputException("event.detail.alarmName: must be a string, not "
                    + alarmName.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String name = alarmName.asText();
        JsonNode stateValue = detail.path("state").path("value");
        if (!stateValue.isTextual() || stateValue.asText().isBlank()) {
            throw new InvalidInputException("event.detail.state.value: is missing; only ALARM starts a failover");
        }
        String state = stateValue.asText();
        if (!state.equals("ALARM")) {
            throw new InvalidInputException(
                    "event.detail.state.value: is '" + state + "'; only ALARM starts a failover");
        }
        String timestamp = detail.path("state").path("timestamp").asText(event.time() == null ? "" : event.time());
        Instant changedAt;
        try {
            changedAt = OffsetDateTime.parse(timestamp.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("event.detail.state.timestamp: '" + timestamp + "' is not a timestamp");
        }
        String reason = detail.path("state").path("reason").asText(null);
        return new Alarm(name, changedAt, reason);
    }

    /**
     * {@code alarm-<alarm name>-<time>-<hash>}: only the characters Step Functions allows, at most
     * 80, the hash of the full alarm name keeping truncated names distinct.
     */
    static String executionName(String alarmName, Instant changedAt) {
        String time = changedAt.toString().replaceAll("[^0-9]", "");
        String hash = sha256(alarmName).substring(0, 8);
        String cleaned = alarmName.replaceAll("[^A-Za-z0-9_-]", "-");
        int room = MAX_NAME - "alarm-".length() - time.length() - hash.length() - 2;
        if (cleaned.length() > room) {
            cleaned = cleaned.substring(0, room);
        }
        return "alarm-" + cleaned + "-" + time + "-" + hash;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
