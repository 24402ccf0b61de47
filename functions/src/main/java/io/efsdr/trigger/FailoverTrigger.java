package io.efsdr.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.aws.AwsCalls;
import io.efsdr.config.Json;
import io.efsdr.config.Settings;
import io.efsdr.error.InvalidPlanException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts one failover per alarm state change. The execution name is derived from the alarm name
 * and the state-change time, and Step Functions keeps names unique for 90 days, so any number of
 * deliveries of the same event start exactly one execution.
 */
public final class FailoverTrigger {
  static final int MAX_NAME = 80;
  private final SfnClient sfn;
  private final Settings settings;

  public FailoverTrigger(SfnClient sfn, Settings settings) {
    this.sfn = sfn;
    this.settings = settings;
  }

  public TriggerResult start(AlarmEvent event) {
    Alarm alarm = validate(event);
    String name = executionName(alarm.name(), alarm.changedAt());
    if (settings.autoFailover() == Settings.AutoFailover.DISABLED) {
      return new TriggerResult("DISABLED", name, null,
          "AUTO_FAILOVER is disabled: alarm " + alarm.name() + " did not start a failover; start one by hand if needed");
    }
    ObjectNode input = Json.MAPPER.createObjectNode();
    input.put("reason", "alarm " + alarm.name() + " went to ALARM at " + alarm.changedAt()
        + (alarm.reason() == null ? "" : ": " + alarm.reason()));
    input.put("dryRun", false);
    input.putObject("trigger").put("alarmName", alarm.name()).put("stateChangeTime", alarm.changedAt().toString());
    String stateMachine = settings.requireFailoverStateMachineArn();
    return AwsCalls.call("Step Functions StartExecution " + name, () -> {
      try {
        String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachine).name(name).input(input.toString())).executionArn();
        return new TriggerResult("STARTED", name, arn, "started failover " + name + " for alarm " + alarm.name());
      } catch (ExecutionAlreadyExistsException e) {
        return new TriggerResult("ALREADY_STARTED", name, null,
            "an execution named " + name + " already exists: this alarm state change was already handled");
      }
    });
  }

  private record Alarm(String name, Instant changedAt, String reason) {}

  private static Alarm validate(AlarmEvent event) {
    if (!"aws.cloudwatch".equals(event.source())) {
      throw new InvalidPlanException("event.source: must be aws.cloudwatch, not " + event.source());
    }
    if (!"CloudWatch Alarm State Change".equals(event.detailType())) {
      throw new InvalidPlanException("event.detail-type: must be 'CloudWatch Alarm State Change', not " + event.detailType());
    }
    JsonNode detail = event.detail();
    if (detail == null || !detail.isObject()) {
      throw new InvalidPlanException("event.detail: is missing");
    }
    String name = detail.path("alarmName").asText("");
    if (name.isBlank()) {
      throw new InvalidPlanException("event.detail.alarmName: is missing");
    }
    String state = detail.path("state").path("value").asText("");
    if (!state.equals("ALARM")) {
      throw new InvalidPlanException("event.detail.state.value: is '" + state + "'; only ALARM starts a failover");
    }
    String timestamp = detail.path("state").path("timestamp").asText(event.time() == null ? "" : event.time());
    Instant changedAt;
    try {
      changedAt = java.time.OffsetDateTime.parse(timestamp.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPlanException("event.detail.state.timestamp: '" + timestamp + "' is not a timestamp");
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
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
