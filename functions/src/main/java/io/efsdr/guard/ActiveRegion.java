package io.efsdr.guard;

import io.efsdr.config.SsmParameters;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.StepResult;
import io.efsdr.plan.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of which region serves, kept in an SSM parameter: written at the end of every
 * successful failover and failback, read by the trigger (an alarm when DR already serves does
 * nothing) and by the readiness checks. Absent means the primary serves.
 */
public final class ActiveRegion {
    private final SsmParameters parameters;
    private final String parameterName;
    private final Clock clock;

    public ActiveRegion(SsmParameters parameters, String parameterName, Clock clock) {
        this.parameters = parameters;
        this.parameterName = parameterName;
        this.clock = clock;
    }

    /** The SSM parameter that holds the record. */
    public String parameterName() {
        return parameterName;
    }

    /** What the record says; empty when nothing was recorded yet. */
    public Optional<String> read() {
        return parameters.get(parameterName);
    }

    /** The result of recording the active region. */
    public record Recorded(String region, String previous, String summary, Instant startedAt, Instant finishedAt)
            implements StepResult {}

    /** Records {@code target}'s region as the active one (a dry run only says it would). */
    public Recorded record(DrPlan plan, RunContext run, Target target) {
        Instant started = clock.instant();
        String region = plan.site(target).region();
        String previous = read().orElse(null);
        if (run.dryRun()) {
            return new Recorded(
                    region,
                    previous,
                    "dry run: would record " + region + " as the active region in " + parameterName,
                    started,
                    clock.instant());
        }
        if (!region.equals(previous)) {
            parameters.put(parameterName, region);
        }
        return new Recorded(
                region,
                previous,
                "recorded " + region + " as the active region in " + parameterName
                        + (previous == null || previous.equals(region) ? "" : " (was " + previous + ")"),
                started,
                clock.instant());
    }
}
