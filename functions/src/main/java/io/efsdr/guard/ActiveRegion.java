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
 *
 * <p>The value is the region; a failback whose re-protection gave up appends
 * {@code " dr-unprotected-since=<ISO instant>"}: the durable note of since when nothing replicates
 * into DR, which the readiness checks and the next failover read (its data-loss window is unknown
 * since then). The next successful failover or failback writes the region alone again.
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

    /** The marker a failback whose re-protection gave up appends to the region. */
    static final String UNPROTECTED_SINCE = "dr-unprotected-since=";

    /** The region the record names; empty when nothing was recorded yet. */
    public Optional<String> read() {
        return parameters.get(parameterName).map(v -> v.trim().split("\\s+")[0]);
    }

    /**
     * Since when DR has not been protected (no replication into it), as the failback whose
     * re-protection gave up recorded it; empty when the record says nothing of it.
     */
    public Optional<Instant> drUnprotectedSince() {
        return parameters.get(parameterName).flatMap(v -> {
            for (String part : v.trim().split("\\s+")) {
                if (part.startsWith(UNPROTECTED_SINCE)) {
                    try {
                        return Optional.of(Instant.parse(part.substring(UNPROTECTED_SINCE.length())));
                    } catch (java.time.format.DateTimeParseException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** The result of recording the active region. */
    public record Recorded(String region, String previous, String summary, Instant startedAt, Instant finishedAt)
            implements StepResult {}

    /** Records {@code target}'s region as the active one (a dry run only says it would). */
    public Recorded record(DrPlan plan, RunContext run, Target target) {
        return record(plan, run, target, null);
    }

    /**
     * As {@link #record(DrPlan, RunContext, Target)}; with {@code drUnprotectedSince} (a failback
     * whose re-protection gave up then) the record also says since when DR is not protected.
     */
    public Recorded record(DrPlan plan, RunContext run, Target target, Instant drUnprotectedSince) {
        Instant started = clock.instant();
        String region = plan.site(target).region();
        String value = drUnprotectedSince == null ? region : region + " " + UNPROTECTED_SINCE + drUnprotectedSince;
        String previous = parameters.get(parameterName).orElse(null);
        if (run.dryRun()) {
            return new Recorded(
                    region,
                    previous,
                    "dry run: would record " + region + " as the active region in " + parameterName,
                    started,
                    clock.instant());
        }
        if (!value.equals(previous)) {
            parameters.put(parameterName, value);
        }
        return new Recorded(
                region,
                previous,
                "recorded " + region + " as the active region in " + parameterName
                        + (drUnprotectedSince == null
                                ? ""
                                : ", with DR NOT PROTECTED since " + drUnprotectedSince + " (re-protection gave up)")
                        + (previous == null || previous.equals(value) ? "" : " (was " + previous + ")"),
                started,
                clock.instant());
    }
}
