package io.efsdr.readiness;

import io.efsdr.notify.AuditArchive;
import io.efsdr.notify.AuditRecord;
import io.efsdr.notify.RunMetrics;
import io.efsdr.notify.sns.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scheduled readiness run: the checks, one gauge per check plus {@code ReadinessOverall}, and a
 * notification only when the overall result or a check's status differs from the stored previous
 * run. The new result is stored only once people have been told, so a failed publish is retried by
 * the next run. A run whose result changed leaves an audit record; failing to write it is a problem
 * in the report, not a failure.
 */
public final class ReadinessMonitor {
    static final String METRICS_WORKFLOW = "readiness";
    static final String OVERALL_METRIC = "ReadinessOverall";

    private final ReadinessChecks checks;
    private final ReadinessState state;
    private final Notifier notifier;
    private final RunMetrics metrics;
    private final String activeRegionParameterName;
    private final Clock clock;
    private final AuditArchive audit;

    public ReadinessMonitor(
            ReadinessChecks checks,
            ReadinessState state,
            Notifier notifier,
            RunMetrics metrics,
            String activeRegionParameterName,
            Clock clock) {
        this(checks, state, notifier, metrics, activeRegionParameterName, clock, AuditArchive.disabled());
    }

    /** @param audit where a run whose result changed leaves its audit record */
    public ReadinessMonitor(
            ReadinessChecks checks,
            ReadinessState state,
            Notifier notifier,
            RunMetrics metrics,
            String activeRegionParameterName,
            Clock clock,
            AuditArchive audit) {
        this.checks = checks;
        this.state = state;
        this.notifier = notifier;
        this.metrics = metrics;
        this.activeRegionParameterName = activeRegionParameterName;
        this.clock = clock;
        this.audit = audit;
    }

    /** Runs the checks once; {@code trigger} says who asked ("schedule", "by hand"). */
    public ReadinessReport run(String trigger) {
        Instant started = clock.instant();
        ReadinessFindings findings = checks.run();
        ReadinessSnapshot current = ReadinessSnapshot.of(findings, started);
        Map<String, Double> gauges = new LinkedHashMap<>();
        findings.checks().forEach(c -> gauges.put(c.metricName(), c.status().metricValue()));
        gauges.put(OVERALL_METRIC, current.overall().metricValue());
        metrics.gauges(METRICS_WORKFLOW, gauges);

        List<String> problems = new ArrayList<>();
        ReadinessSnapshot previous = null;
        try {
            previous = state.read().orElse(null);
        } catch (RuntimeException e) {
            problems.add("previous result unreadable, treated as none: " + e.getMessage());
        }
        List<String> changes = current.changesSince(previous);
        boolean notified = false;
        if (!changes.isEmpty()) {
            try {
                notifier.publish(ReadinessNotification.compose(
                        findings, current, previous, changes, trigger, activeRegionParameterName));
                notified = true;
                state.write(current);
            } catch (RuntimeException e) {
                problems.add((notified ? "could not store the result in " + state.parameterName() : "could not notify")
                        + ": " + e.getMessage());
            }
            AuditArchive.Outcome evidence = audit.write(AuditRecord.ofReadiness(
                    started,
                    clock.instant(),
                    current.overall().name(),
                    changes,
                    findings.checks().stream()
                            .map(c -> c.name() + ": " + c.status() + ": " + c.detail())
                            .toList()));
            if (audit.enabled() && !evidence.complete()) {
                problems.add(evidence.problem());
            }
        }
        String application = findings.plan() == null ? null : findings.plan().application();
        long failing = findings.checks().stream()
                .filter(c -> c.status() == CheckStatus.FAIL)
                .count();
        String summary = "readiness " + current.overall()
                + (failing == 0
                        ? ""
                        : " (" + failing + " of " + findings.checks().size() + " checks FAIL)")
                + (changes.isEmpty() ? ", unchanged" : ", changed: " + String.join(", ", changes))
                + (notified ? ", notified" : "");
        return new ReadinessReport(
                application,
                current.overall(),
                findings.checks(),
                changes,
                notified,
                List.copyOf(problems),
                summary,
                started,
                clock.instant());
    }
}
