package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code local/drill sequence}: several workflows in one world, one after another, going on after a
 * run that FAILED as an operator would; a step with {@code --at N} starts N sandbox seconds after the
 * previous run started, while that one may still run. Every run shares one handler host, so one
 * {@link ClockCoordinator}: the clock moves only while every running execution sleeps, and stops at
 * each {@code --at} start. Run {@code i} (1-based) activates the scenario's faults whose {@code runs}
 * name it. Approvals are answered from the scenario's {@code approvals} in request order across the
 * whole sequence.
 */
final class SequenceDrill {
    private final Drill drill;
    private final PrintStream out;

    SequenceDrill(Drill drill, PrintStream out) {
        this.drill = drill;
        this.out = out;
    }

    /**
     * Refuses a scenario fault whose {@code runs} names a run the drill does not have (a run
     * number past {@code runCount}), naming the field.
     */
    static void checkFaultRuns(Scenario scenario, int runCount) {
        for (int i = 0; i < scenario.faults().size(); i++) {
            List<Integer> runs = scenario.faults().get(i).runs();
            if (runs == null) {
                continue;
            }
            for (int run : runs) {
                if (run > runCount) {
                    throw new IllegalArgumentException("scenario.faults[" + i + "].runs: run " + run
                            + ", but the drill has " + runCount + " run(s)");
                }
            }
        }
    }

    SequenceReport run(Sandbox sandbox, List<SequenceReport.Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("sequence: name at least one workflow");
        }
        if (steps.get(0).atSeconds() != null) {
            throw new IllegalArgumentException(
                    "--at: the first workflow starts the sequence; --at goes before a later one");
        }
        checkFaultRuns(sandbox.scenario(), steps.size());
        Instant worldStart = sandbox.clock().instant();
        DrillReport[] reports = new DrillReport[steps.size()];
        ExecutorService pool = Executors.newCachedThreadPool();
        try (HandlerHost host = new HandlerHost(sandbox)) {
            ClockCoordinator clock = host.clockCoordinator();
            List<Future<?>> started = new ArrayList<>();
            int i = 0;
            while (i < steps.size()) {
                for (Future<?> f : started) {
                    f.get();
                }
                started.clear();
                // Run i starts now; the runs chained to it by --at are registered, asleep until their
                // start, before it can move the clock past them.
                Instant start = sandbox.clock().instant();
                clock.begin(participant(i));
                List<Integer> group = new ArrayList<>(List.of(i));
                Instant previous = start;
                int j = i + 1;
                for (; j < steps.size() && steps.get(j).atSeconds() != null; j++) {
                    previous = previous.plusSeconds(steps.get(j).atSeconds());
                    clock.beginAsleep(participant(j), previous);
                    group.add(j);
                }
                for (int k : group) {
                    boolean delayed = k != i;
                    started.add(pool.submit(() -> {
                        if (delayed) {
                            clock.awaitWake(participant(k));
                        }
                        reports[k] = runOne(sandbox, host, steps, k);
                        return null;
                    }));
                }
                i = j;
            }
            for (Future<?> f : started) {
                f.get();
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start the handler host: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return report(sandbox, steps, List.of(reports), worldStart);
    }

    private static String participant(int index) {
        return "run-" + (index + 1);
    }

    private DrillReport runOne(Sandbox sandbox, HandlerHost host, List<SequenceReport.Step> steps, int index)
            throws IOException {
        SequenceReport.Step step = steps.get(index);
        int run = index + 1;
        String participant = participant(index);
        sandbox.faults().beginRun(run);
        try {
            out.printf(
                    "%nRUN %d of %d: %s at %s%n",
                    run, steps.size(), step, sandbox.clock().instant());
            String reason = "local drill: sequence, run " + run + " (" + step.workflow() + ")";
            return step.workflow().equals("readiness")
                    ? readiness(sandbox, host, Drill.input(sandbox.scenario(), reason))
                    : drill.run(sandbox, host, step.workflow(), Drill.input(sandbox.scenario(), reason), participant);
        } finally {
            sandbox.faults().endRun(run);
            host.clockCoordinator().end(participant);
        }
    }

    /** One run of the readiness checks, reported as a run: FAILED when a check is FAIL. */
    private DrillReport readiness(Sandbox sandbox, HandlerHost host, JsonNode input) throws IOException {
        Instant start = sandbox.clock().instant();
        JsonNode result = Drill.runReadiness(host);
        List<DrillReport.Step> checks = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (JsonNode check : result.path("checks")) {
            String status = check.path("status").asText();
            checks.add(new DrillReport.Step(check.path("name").asText(), status, 0, 1, 0));
            if (status.equals("FAIL")) {
                failing.add(check.path("name").asText() + ": "
                        + check.path("detail").asText());
            }
        }
        boolean failed = result.path("overall").asText().equals("FAIL");
        out.printf("READINESS: overall %s%s%n", result.path("overall").asText(), failed ? " " + failing : "");
        List<DrillReport.NotificationView> notifications = sandbox.aws().sns().published().stream()
                .filter(p -> !p.at().isBefore(start))
                .map(p -> new DrillReport.NotificationView(p.subject(), p.message()))
                .toList();
        return new DrillReport(
                "readiness",
                failed ? "FAILED" : "SUCCEEDED",
                null,
                failed ? "readiness: " + String.join("; ", failing) : null,
                checks,
                null,
                null,
                null,
                null,
                null,
                0,
                sandbox.invariantViolationsSince(start),
                notifications,
                0,
                Drill.finalWorld(sandbox, start),
                List.of(),
                null);
    }

    private SequenceReport report(
            Sandbox sandbox, List<SequenceReport.Step> steps, List<DrillReport> runs, Instant worldStart) {
        DrillReport last = null;
        for (DrillReport r : runs) {
            if (!r.workflow().equals("readiness")) {
                last = r;
            }
        }
        String serving = last == null
                ? (sandbox.scenario().activeSide().equals("dr")
                                ? sandbox.scenario().dr()
                                : sandbox.scenario().primary())
                        .fileSystemId()
                : Drill.servingFileSystem(
                        sandbox, last.workflow(), last.status().equals("SUCCEEDED"));
        var truth = sandbox.groundTruth(serving);
        List<String> violations = new ArrayList<>(sandbox.invariantViolationsSince(worldStart));
        runs.forEach(r -> r.invariantViolations().stream()
                .filter(v -> !violations.contains(v))
                .forEach(violations::add));
        SequenceReport report = new SequenceReport(
                steps.stream().map(SequenceReport.Step::toString).toList(),
                runs.stream().allMatch(r -> r.status().equals("SUCCEEDED")) ? "SUCCEEDED" : "FAILED",
                runs,
                Duration.between(worldStart, sandbox.clock().instant()).toMillis() / 1000.0,
                new DrillReport.GroundTruthView(truth.lostWriteSeconds(), truth.splitBrainSeconds(), serving),
                violations,
                Drill.finalWorld(sandbox, worldStart));
        print(report);
        return report;
    }

    private void print(SequenceReport report) {
        out.println();
        out.println("SEQUENCE: " + String.join(", ", report.sequence()));
        for (int i = 0; i < report.runs().size(); i++) {
            DrillReport r = report.runs().get(i);
            out.printf(
                    "  run %d %-9s %s%s%n",
                    i + 1,
                    r.workflow(),
                    r.status(),
                    r.failedState() == null ? "" : " at \"" + r.failedState() + "\": " + r.error());
        }
        out.printf("Sandbox time: %.0f s%n", report.sandboxSeconds());
        out.printf(
                "Ground truth (the sandbox's own record): lost writes %.1f s, split brain %.1f s%n",
                report.groundTruth().lostWriteSeconds(), report.groundTruth().splitBrainSeconds());
        out.println("Invariant (never writers in both regions): "
                + (report.invariantViolations().isEmpty() ? "held" : "BROKEN " + report.invariantViolations()));
    }
}
