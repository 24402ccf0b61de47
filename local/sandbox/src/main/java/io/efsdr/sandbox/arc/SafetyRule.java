package io.efsdr.sandbox.arc;

import java.util.List;
import java.util.Map;

/**
 * An ARC safety rule of the sandbox's control panel, in the shape of CreateSafetyRule (Route 53 ARC
 * recovery control configuration API reference: {@code AssertionRule {AssertedControls, WaitPeriodMs,
 * RuleConfig}}, {@code GatingRule {GatingControls, TargetControls, WaitPeriodMs, RuleConfig}},
 * {@code RuleConfig {Type ATLEAST|AND|OR, Threshold, Inverted}}).
 *
 * @param arn the rule's ARN ({@code <control panel ARN>/safetyrule/<id>})
 * @param gating true for a gating rule, false for an assertion rule
 * @param gatingControls a gating rule's GatingControls (ARNs); empty for an assertion rule
 * @param controls the controls the rule guards: an assertion rule's AssertedControls, a gating
 *     rule's TargetControls (ARNs); requests on them fail during {@code waitPeriodMs} after a change
 * @param type {@code ATLEAST}, {@code AND} or {@code OR}
 * @param threshold an ATLEAST rule's N
 * @param inverted "logical negation of the rule"
 * @param waitPeriodMs "an evaluation period, in milliseconds (ms), during which any request against
 *     the target routing controls will fail ... 5000 ms by default"
 */
public record SafetyRule(
        String arn,
        String name,
        boolean gating,
        List<String> gatingControls,
        List<String> controls,
        String type,
        int threshold,
        boolean inverted,
        long waitPeriodMs) {

    public SafetyRule {
        gatingControls = List.copyOf(gatingControls);
        controls = List.copyOf(controls);
    }

    /**
     * Whether the rule's configuration holds for {@code evaluated} in {@code states} (ARN to
     * {@code On}/{@code Off}): ATLEAST N of them On, AND all On, OR at least one On, each negated
     * when {@code inverted} (RuleConfig, Route 53 ARC API reference).
     */
    public boolean holds(List<String> evaluated, Map<String, String> states) {
        long on = evaluated.stream().filter(arn -> "On".equals(states.get(arn))).count();
        boolean value = switch (type) {
            case "ATLEAST" -> on >= threshold;
            case "AND" -> on == evaluated.size();
            case "OR" -> on >= 1;
            default -> throw new IllegalStateException("unknown rule type " + type);
        };
        return value != inverted;
    }
}
