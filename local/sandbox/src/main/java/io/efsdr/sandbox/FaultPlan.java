package io.efsdr.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults the stand-ins inject, per service and operation, for a number of calls or for good.
 *
 * <p>Service names are the AWS signing names ({@code elasticfilesystem}, {@code eks}, {@code sns},
 * {@code ssm}, {@code states}) or {@code kubernetes}. Operations are the AWS operation names
 * ({@code DeleteReplicationConfiguration}) or, for Kubernetes, {@code get}, {@code list},
 * {@code patch}, {@code create}, {@code delete}, optionally suffixed with the resource
 * ({@code patch:scale}). {@code *} matches any operation. A region may be marked unreachable,
 * which fails every call to it, at once or from a moment of sandbox time on ({@link #loseRegionAt}).
 * Handler crashes by state name (scenario {@code crashes}) are kept here too, so that clearing the
 * faults before a redrive clears them as well.
 */
public final class FaultPlan {
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Boolean> unreachableRegions = new ConcurrentHashMap<>();
    private final Map<String, Integer> injected = new ConcurrentHashMap<>();
    /** Regions that stop answering at a moment of sandbox time, and the clock that says when. */
    private final Map<String, Instant> scheduledLosses = new ConcurrentHashMap<>();

    private final Map<String, Instant> lostAt = new ConcurrentHashMap<>();
    private volatile Clock clock;
    /** Crashes still to inject, by state name (scenario {@code crashes}). */
    private final Map<String, Integer> crashes = new ConcurrentHashMap<>();

    /**
     * One rule; {@code times == null} means for good. {@code region == null} means any region.
     * {@code runs} (1-based run numbers of a drill's sequence) limits it to calls made while one of
     * those runs is running; null means every run.
     * {@code every == N} faults only every Nth matching call (the Nth, 2Nth, ...), a deterministic
     * fraction of 1/N; {@code null} faults every matching call.
     */
    public record Fault(
            String service,
            String operation,
            String region,
            FaultKind kind,
            Integer times,
            Integer every,
            List<Integer> runs) {
        public Fault {
            runs = runs == null ? null : List.copyOf(runs);
        }

        public Fault(String service, String operation, String region, FaultKind kind, Integer times) {
            this(service, operation, region, kind, times, null, null);
        }

        public Fault(String service, String operation, String region, FaultKind kind, Integer times, Integer every) {
            this(service, operation, region, kind, times, every, null);
        }
    }

    /**
     * The runs of a drill's sequence that are running now (1-based; a single run is run 1): a fault
     * with {@code runs} applies only while one of its runs is running.
     */
    private final java.util.Set<Integer> activeRuns = new java.util.HashSet<>(java.util.Set.of(1));

    private boolean sequenceStarted;

    /** Run {@code run} of a sequence starts (the first call forgets the single run's default, run 1). */
    public synchronized void beginRun(int run) {
        if (!sequenceStarted) {
            activeRuns.clear();
            sequenceStarted = true;
        }
        activeRuns.add(run);
    }

    /** Run {@code run} of a sequence has ended. */
    public synchronized void endRun(int run) {
        activeRuns.remove(run);
    }

    /** A rule and how many occurrences it has left; negative means for good. */
    private static final class Rule {
        final Fault fault;
        int remaining;
        long matched;

        Rule(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times() == null ? -1 : fault.times();
        }
    }

    public synchronized void add(Fault fault) {
        rules.add(new Rule(fault));
    }

    /**
     * Clears every rule and every crash still to inject (not the counters, not a region's loss);
     * used when a drill "fixes" the fault before a re-run or a redrive.
     */
    public synchronized void clear() {
        rules.clear();
        crashes.clear();
    }

    public void setRegionReachable(String region, boolean reachable) {
        if (reachable) {
            scheduledLosses.remove(region);
            unreachableRegions.remove(region);
        } else {
            unreachableRegions.put(region, Boolean.TRUE);
        }
    }

    /**
     * From {@code at} (sandbox time on {@code clock}) on, the region is unreachable, as after
     * {@code setRegionReachable(region, false)}: the first question about the region at or after that
     * moment finds it gone, so every stand-in sees the loss on its next call, whatever moved the clock.
     */
    public void loseRegionAt(String region, Instant at, Clock clock) {
        this.clock = clock;
        scheduledLosses.put(region, at);
    }

    /** When a scheduled loss of the region took effect (its scheduled moment); empty before that. */
    public Optional<Instant> lostAt(String region) {
        lossIfDue(region);
        return Optional.ofNullable(lostAt.get(region));
    }

    public boolean isRegionReachable(String region) {
        if (region == null) {
            return true;
        }
        lossIfDue(region);
        return !unreachableRegions.containsKey(region);
    }

    private void lossIfDue(String region) {
        Instant at = scheduledLosses.get(region);
        if (at != null && !clock.instant().isBefore(at) && scheduledLosses.remove(region, at)) {
            unreachableRegions.put(region, Boolean.TRUE);
            lostAt.put(region, at);
        }
    }

    /** The next {@code times} invocations of a handler in the state named {@code state} crash its runtime. */
    public void addCrash(String state, int times) {
        crashes.merge(state, times, Integer::sum);
    }

    /** Whether the invocation that just ran in {@code state} crashes (consuming one crash). */
    public boolean crashNow(String state) {
        if (state == null) {
            return false;
        }
        boolean[] crash = new boolean[1];
        crashes.computeIfPresent(state, (k, left) -> {
            crash[0] = left > 0;
            return left > 1 ? left - 1 : null;
        });
        return crash[0];
    }

    /**
     * The fault to inject for this call, consuming one occurrence of a counted rule. An unreachable
     * region always yields {@link FaultKind#UNREACHABLE}.
     */
    public synchronized Optional<FaultKind> next(String service, String operation, String region) {
        if (!isRegionReachable(region)) {
            count(service, operation, FaultKind.UNREACHABLE);
            return Optional.of(FaultKind.UNREACHABLE);
        }
        for (Rule rule : rules) {
            if (rule.remaining == 0
                    || !matches(rule.fault, service, operation, region)
                    || (rule.fault.runs() != null && rule.fault.runs().stream().noneMatch(activeRuns::contains))) {
                continue;
            }
            rule.matched++;
            if (rule.fault.every() != null && rule.matched % rule.fault.every() != 0) {
                continue;
            }
            if (rule.remaining > 0) {
                rule.remaining--;
            }
            count(service, operation, rule.fault.kind());
            return Optional.of(rule.fault.kind());
        }
        return Optional.empty();
    }

    /** How many faults were injected for this service and operation so far. */
    public int injectedCount(String service, String operation) {
        return injected.entrySet().stream()
                .filter(e -> e.getKey().startsWith(service + "/" + operation + "/"))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    private void count(String service, String operation, FaultKind kind) {
        injected.merge(service + "/" + operation + "/" + kind, 1, Integer::sum);
    }

    private static boolean matches(Fault fault, String service, String operation, String region) {
        if (!fault.service().equalsIgnoreCase(service)) {
            return false;
        }
        if (fault.region() != null && !fault.region().equals(region)) {
            return false;
        }
        String wanted = fault.operation();
        if (wanted == null || wanted.equals("*")) {
            return true;
        }
        return wanted.equalsIgnoreCase(operation) || operation.toLowerCase().startsWith(wanted.toLowerCase() + ":");
    }
}
