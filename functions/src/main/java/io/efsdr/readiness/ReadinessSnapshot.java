package io.efsdr.readiness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a readiness result that decides whether people hear about it: the overall status and
 * each check's status, kept between runs as compact JSON.
 */
public record ReadinessSnapshot(CheckStatus overall, Map<String, CheckStatus> checks, Instant checkedAt) {
    public static ReadinessSnapshot of(ReadinessFindings findings, Instant checkedAt) {
        Map<String, CheckStatus> checks = new LinkedHashMap<>();
        findings.checks().forEach(c -> checks.put(c.name(), c.status()));
        return new ReadinessSnapshot(findings.overall(), checks, checkedAt);
    }

    /**
     * What changed since {@code previous} ({@code overall: OK -> FAIL}, {@code replication: OK ->
     * FAIL}); for a first run (no previous), one entry saying so. Empty when nothing changed.
     */
    public List<String> changesSince(ReadinessSnapshot previous) {
        List<String> changes = new ArrayList<>();
        if (previous == null) {
            changes.add("first readiness result");
            return changes;
        }
        if (previous.overall() != overall) {
            changes.add("overall: " + previous.overall() + " -> " + overall);
        }
        checks.forEach((name, status) -> {
            CheckStatus before =
                    previous.checks() == null ? null : previous.checks().get(name);
            if (before != status) {
                changes.add(name + ": " + (before == null ? "(new)" : before) + " -> " + status);
            }
        });
        return changes;
    }
}
