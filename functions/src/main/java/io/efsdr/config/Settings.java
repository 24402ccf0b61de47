package io.efsdr.config;

import io.efsdr.error.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param failbackStateMachineArn the failback state machine: {@code FAILBACK_STATE_MACHINE_ARN}
 * @param activeRegionParameterName the SSM parameter recording the active region:
 *     {@code ACTIVE_REGION_PARAMETER_NAME} (default {@code /efs-dr/active-region})
 * @param triggerStateParameterName where the trigger remembers what it already reported:
 *     {@code TRIGGER_STATE_PARAMETER_NAME} (default {@code /efs-dr/trigger-state})
 * @param cooldown no automatic failover within this long of the last DR execution:
 *     {@code COOLDOWN_MINUTES} (default 60)
 * @param approvalTimeout how long an approval may take before the run ends without promoting:
 *     {@code APPROVAL_TIMEOUT_MINUTES} (default 60)
 * @param decideApprovalFunction the function operators invoke to answer an approval, named in the
 *     request: {@code DECIDE_APPROVAL_FUNCTION}
 * @param kubernetesRequestTimeout bound of one Kubernetes API request:
 *     {@code KUBERNETES_REQUEST_TIMEOUT_SECONDS} (default 10)
 * @param kubernetesMaxAttempts attempts per Kubernetes call on 429, 5xx and connection failures:
 *     {@code KUBERNETES_MAX_ATTEMPTS} (default 6)
 * @param readinessStateParameterName the SSM parameter keeping the last readiness result:
 *     {@code READINESS_STATE_PARAMETER_NAME} (default {@code /efs-dr/readiness-state})
 * @param awsMaxAttempts attempts per AWS call under the SDK's standard retries:
 *     {@code AWS_MAX_ATTEMPTS} (default 3, the SDK's own)
 * @param fenceStateParameterName the SSM parameter recording a deferred fence of the old primary:
 *     {@code FENCE_STATE_PARAMETER_NAME} (default the active-region parameter's name + {@code -fence})
 * @param guardRuleName the EventBridge rule that runs the split-brain guard while a fence is
 *     pending: {@code GUARD_RULE_NAME} (default {@code efs-dr-split-brain-guard})
 * @param auditBucket the S3 bucket for each run's audit record and report: {@code AUDIT_BUCKET};
 *     none: no record is written (and the result says so)
 */
public record Settings(
        String region,
        String planParameterName,
        String topicArn,
        String failoverStateMachineArn,
        AutoFailover autoFailover,
        Duration awsCallTimeout,
        String failbackStateMachineArn,
        String activeRegionParameterName,
        String triggerStateParameterName,
        Duration cooldown,
        Duration approvalTimeout,
        String decideApprovalFunction,
        Duration kubernetesRequestTimeout,
        int kubernetesMaxAttempts,
        String readinessStateParameterName,
        int awsMaxAttempts,
        String fenceStateParameterName,
        String guardRuleName,
        String auditBucket) {

    /** Whether alarms may start a failover, only with a person's approval, or not at all. */
    public enum AutoFailover {
        ENABLED,
        APPROVAL,
        DISABLED
    }

    public static Settings fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the settings from a variable map; missing optional values take their defaults. */
    public static Settings fromMap(Map<String, String> env) {
        String region = firstPresent(env, "AWS_REGION", "AWS_DEFAULT_REGION");
        String activeRegionParameterName =
                optional(env, "ACTIVE_REGION_PARAMETER_NAME").orElse("/efs-dr/active-region");
        return new Settings(
                region,
                optional(env, "PLAN_PARAMETER_NAME").orElse("/efs-dr/plan"),
                optional(env, "TOPIC_ARN").orElse(null),
                optional(env, "FAILOVER_STATE_MACHINE_ARN").orElse(null),
                parseAutoFailover(optional(env, "AUTO_FAILOVER").orElse("enabled")),
                Duration.ofSeconds(positive(env, "AWS_CALL_TIMEOUT_SECONDS", "20")),
                optional(env, "FAILBACK_STATE_MACHINE_ARN").orElse(null),
                activeRegionParameterName,
                optional(env, "TRIGGER_STATE_PARAMETER_NAME").orElse("/efs-dr/trigger-state"),
                Duration.ofMinutes(positive(env, "COOLDOWN_MINUTES", "60")),
                Duration.ofMinutes(positive(env, "APPROVAL_TIMEOUT_MINUTES", "60")),
                optional(env, "DECIDE_APPROVAL_FUNCTION").orElse("DecideApprovalFunction"),
                Duration.ofSeconds(positive(env, "KUBERNETES_REQUEST_TIMEOUT_SECONDS", "10")),
                (int) positive(env, "KUBERNETES_MAX_ATTEMPTS", "6"),
                optional(env, "READINESS_STATE_PARAMETER_NAME").orElse("/efs-dr/readiness-state"),
                (int) positive(env, "AWS_MAX_ATTEMPTS", "3"),
                optional(env, "FENCE_STATE_PARAMETER_NAME").orElse(activeRegionParameterName + "-fence"),
                optional(env, "GUARD_RULE_NAME").orElse("efs-dr-split-brain-guard"),
                optional(env, "AUDIT_BUCKET").orElse(null));
    }

    /** The topic ARN, or a failure naming the variable when the deployment did not set it. */
    public String requireTopicArn() {
        if (topicArn == null) {
            throw new InvalidInputException("environment variable TOPIC_ARN is not set");
        }
        return topicArn;
    }

    /** Both DR state machines the guards look at (the failback one when configured). */
    public List<String> drStateMachineArns() {
        List<String> arns = new ArrayList<>();
        if (failoverStateMachineArn != null) {
            arns.add(failoverStateMachineArn);
        }
        if (failbackStateMachineArn != null) {
            arns.add(failbackStateMachineArn);
        }
        return arns;
    }

    /** The failover state machine ARN, or a failure naming the variable. */
    public String requireFailoverStateMachineArn() {
        if (failoverStateMachineArn == null) {
            throw new InvalidInputException("environment variable FAILOVER_STATE_MACHINE_ARN is not set");
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
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "enabled" -> AutoFailover.ENABLED;
            case "approval" -> AutoFailover.APPROVAL;
            case "disabled" -> AutoFailover.DISABLED;
            default ->
                throw new IllegalStateException(
                        "environment variable AUTO_FAILOVER must be enabled, approval or disabled, not '" + value
                                + "'");
        };
    }

    /** The variable as a positive integer, {@code defaultValue} when it is not set. */
    private static long positive(Map<String, String> env, String name, String defaultValue) {
        String value = optional(env, name).orElse(defaultValue);
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(
                "environment variable " + name + " must be a positive integer, not '" + value + "'");
    }
}
