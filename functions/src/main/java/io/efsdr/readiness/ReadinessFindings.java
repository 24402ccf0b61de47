package io.efsdr.readiness;

import io.efsdr.plan.DrPlan;
import java.util.List;

/**
 * What one pass of the checks found.
 *
 * @param plan the validated plan, or null when it could not be read (then every check is FAIL)
 * @param checks one result per check, always in {@link ReadinessChecks#NAMES} order
 */
public record ReadinessFindings(DrPlan plan, List<CheckResult> checks) {
    /** The worst status of all checks. */
    public CheckStatus overall() {
        return checks.stream().map(CheckResult::status).reduce(CheckStatus.OK, CheckStatus::worst);
    }
}
