package io.efsdr.plan;

/**
 * One hook of the plan: a Lambda function the workflow invokes at {@code at}, synchronously, for at
 * most {@code timeoutSeconds}; what a failure does is {@code onFailure}. Built only by {@link
 * PlanValidator}.
 *
 * @param lambda the function's ARN ({@code arn:<partition>:lambda:<region>:<account>:function:<name>},
 *     optionally with a version or alias)
 */
public record Hook(HookPoint at, String lambda, int timeoutSeconds, HookFailure onFailure) {
    /** The region the function lives in: the ARN's fourth field. */
    public String region() {
        return lambda.split(":")[3];
    }
}
