package io.efsdr.error;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic switch was refused, not failed: an ARC safety rule blocked the change of the routing
 * controls and reading them back showed that traffic did not move. Another endpoint or a retry
 * meets the same rule (the rules live in the cluster's control panel), so a person decides: open the
 * rule's gating controls, wait out its wait period, or override it ("break glass",
 * {@code SafetyRulesToOverride}), then redrive.
 *
 * <p>Step Functions sees this as {@code io.efsdr.error.TrafficRefusedException}; the state machines
 * never retry it.
 */
public final class TrafficRefusedException extends RuntimeException {
    /**
     * A safety rule's ARN ({@code arn:aws:route53-recovery-control::<account>:controlpanel/<id>/safetyrule/<id>},
     * Route 53 ARC API reference, SafetyRule).
     */
    private static final Pattern SAFETY_RULE =
            Pattern.compile("arn:[A-Za-z0-9-]+:[^\\s\"',;()]*[:/]safetyrule/[^\\s\"',;()]+");

    private final String safetyRule;

    public TrafficRefusedException(String message, String safetyRule) {
        super(message);
        this.safetyRule = safetyRule;
    }

    /** The ARN of the rule that refused the change; null when the answer did not name it. */
    public String safetyRule() {
        return safetyRule;
    }

    /** The first safety rule ARN in {@code text} (an error message, a cause). */
    public static Optional<String> safetyRuleIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SAFETY_RULE.matcher(text);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }
}
