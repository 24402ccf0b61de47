package io.efsdr.config;

import io.efsdr.error.InvalidPlanException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the functions read from their environment, read once at start-up and checked there,
 * so a misconfigured deployment fails on its first invocation with the variable named.
 *
 * @param region the region the function runs in (the DR region): {@code AWS_REGION}
 * @param planParameterName the SSM parameter holding the DR plan: {@code PLAN_PARAMETER_NAME}
 * @param topicArn the SNS topic for notifications: {@code TOPIC_ARN}
 * @param failoverStateMachineArn the failover state machine (trigger only):
 *     {@code FAILOVER_STATE_MACHINE_ARN}
 * @param autoFailover whether an alarm may start a failover: {@code AUTO_FAILOVER}
 * @param awsCallTimeout upper bound of one AWS SDK call including retries:
 *     {@code AWS_CALL_TIMEOUT_SECONDS} (default 20)
 * @param activeRegionParameterName the SSM parameter recording which region serves (absent: the
 *     primary): {@code ACTIVE_REGION_PARAMETER_NAME} (default {@code /efs-dr/active-region})
 * @param readinessStateParameterName the SSM parameter keeping the last readiness result:
 *     {@code READINESS_STATE_PARAMETER_NAME} (default {@code /efs-dr/readiness-state})
 */
public record Settings(
    String region,
    String planParameterName,
    String topicArn,
    String failoverStateMachineArn,
    AutoFailover autoFailover,
    Duration awsCallTimeout,
    String activeRegionParameterName,
    String readinessStateParameterName) {

  /** Whether alarms may start a failover. */
  public enum AutoFailover {
    ENABLED,
    DISABLED
  }

  public static Settings fromEnvironment() {
    return fromMap(System.getenv());
  }

  /** Reads the settings from a variable map; missing optional values take their defaults. */
  public static Settings fromMap(Map<String, String> env) {
    String region = firstPresent(env, "AWS_REGION", "AWS_DEFAULT_REGION");
    return new Settings(
        region,
        optional(env, "PLAN_PARAMETER_NAME").orElse("/efs-dr/plan"),
        optional(env, "TOPIC_ARN").orElse(null),
        optional(env, "FAILOVER_STATE_MACHINE_ARN").orElse(null),
        parseAutoFailover(optional(env, "AUTO_FAILOVER").orElse("enabled")),
        Duration.ofSeconds(
            parsePositive(env, "AWS_CALL_TIMEOUT_SECONDS", optional(env, "AWS_CALL_TIMEOUT_SECONDS").orElse("20"))),
        optional(env, "ACTIVE_REGION_PARAMETER_NAME").orElse("/efs-dr/active-region"),
        optional(env, "READINESS_STATE_PARAMETER_NAME").orElse("/efs-dr/readiness-state"));
  }

  /** The topic ARN, or a failure naming the variable when the deployment did not set it. */
  public String requireTopicArn() {
    if (topicArn == null) {
      throw new InvalidPlanException("environment variable TOPIC_ARN is not set");
    }
    return topicArn;
  }

  /** The failover state machine ARN, or a failure naming the variable. */
  public String requireFailoverStateMachineArn() {
    if (failoverStateMachineArn == null) {
      throw new InvalidPlanException("environment variable FAILOVER_STATE_MACHINE_ARN is not set");
    }
    return failoverStateMachineArn;
  }

  private static String firstPresent(Map<String, String> env, String... names) {
    for (String name : names) {
      Optional<String> value = optional(env, name);
      if (value.isPresent()) {
        return value.get();
      }
    }
    throw new IllegalStateException("environment variable " + names[0] + " is not set");
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static AutoFailover parseAutoFailover(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "enabled" -> AutoFailover.ENABLED;
      case "disabled" -> AutoFailover.DISABLED;
      default ->
          throw new IllegalStateException(
              "environment variable AUTO_FAILOVER must be enabled or disabled, not '" + value + "'");
    };
  }

  private static long parsePositive(Map<String, String> env, String name, String value) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException("environment variable " + name + " must be a positive integer, not '" + value + "'");
  }
}
