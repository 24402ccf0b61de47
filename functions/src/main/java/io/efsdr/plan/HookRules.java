package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.abbreviate;
import static io.efsdr.plan.PlanFields.describe;
import static io.efsdr.plan.PlanFields.isObject;
import static io.efsdr.plan.PlanFields.longValue;
import static io.efsdr.plan.PlanFields.requiredText;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;
import static io.efsdr.plan.PlanValidator.MAX_HOOKS;
import static io.efsdr.plan.PlanValidator.MAX_HOOK_SECONDS;
import static io.efsdr.plan.PlanValidator.MAX_HOOK_SECONDS_PER_POINT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan's hooks. Part of {@link PlanValidator}: every problem is named by its field path.
 */
final class HookRules {
    /** A Lambda function ARN, unqualified or with a version or alias (the Invoke API's FunctionName). */
    private static final Pattern LAMBDA_FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:function:[A-Za-z0-9_-]{1,64}"
                    + "(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");

    private HookRules() {}

    /**
     * The plan's hooks: each at a known point, a Lambda function ARN, a timeout of 1 to {@value
     * PlanValidator#MAX_HOOK_SECONDS} s; the hooks of one point run one after the other in one invocation of the
     * RunHooks function, so their timeouts together stay within {@value PlanValidator#MAX_HOOK_SECONDS_PER_POINT} s
     * (the function's 120 s timeout, less a margin for the rest of the step).
     */
    static List<Hook> hooks(JsonNode node, Problems problems) {
        String path = "plan.hooks";
        List<Hook> hooks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return hooks;
        }
        if (!node.isArray()) {
            problems.add(path, "must be a list, not " + describe(node));
            return hooks;
        }
        if (node.size() > MAX_HOOKS) {
            problems.add(path, "has " + node.size() + " hooks; at most " + MAX_HOOKS + " are supported");
            return hooks;
        }
        Map<HookPoint, Long> secondsPerPoint = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode hook = node.get(i);
            if (!isObject(hook, at, problems)) {
                continue;
            }
            unknownFields(hook, at, Set.of("at", "lambda", "timeoutSeconds", "onFailure"), problems);
            String pointText = requiredText(hook, "at", at + ".at", problems);
            HookPoint point = pointText == null ? null : HookPoint.of(pointText).orElse(null);
            if (pointText != null && point == null) {
                problems.add(
                        at + ".at",
                        "'" + abbreviate(pointText) + "' is not a hook point (known: "
                                + String.join(
                                        ", ",
                                        Arrays.stream(HookPoint.values())
                                                .map(HookPoint::json)
                                                .toList())
                                + ")");
            }
            String lambda = text(
                    hook,
                    "lambda",
                    at + ".lambda",
                    problems,
                    LAMBDA_FUNCTION_ARN,
                    "a Lambda function ARN such as arn:aws:lambda:us-west-2:123456789012:function:smoke-test");
            long timeout = longValue(hook, "timeoutSeconds", at + ".timeoutSeconds", 30, 1, MAX_HOOK_SECONDS, problems);
            HookFailure onFailure = HookFailure.ABORT;
            JsonNode failure = hook.get("onFailure");
            if (failure != null && !failure.isNull()) {
                onFailure =
                        failure.isTextual() ? HookFailure.of(failure.asText()).orElse(null) : null;
                if (onFailure == null) {
                    problems.add(at + ".onFailure", "must be \"abort\" or \"continue\", not " + describe(failure));
                }
            }
            if (point != null && lambda != null && onFailure != null) {
                hooks.add(new Hook(point, lambda, (int) timeout, onFailure));
                long sum = secondsPerPoint.merge(point, timeout, Long::sum);
                if (sum > MAX_HOOK_SECONDS_PER_POINT) {
                    problems.add(
                            at + ".timeoutSeconds",
                            "the hooks at " + point.json() + " may take " + sum + " s together; at most "
                                    + MAX_HOOK_SECONDS_PER_POINT + " s fit in one RunHooks invocation (the function's "
                                    + "timeout is 120 s)");
                }
            }
        }
        return hooks;
    }
}
