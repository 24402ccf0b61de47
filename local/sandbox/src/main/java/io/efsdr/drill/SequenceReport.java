package io.efsdr.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The report of {@code local/drill sequence}, also written by {@code --json}: the workflows as
 * given, each run's own report in start order ({@link DrillReport}, as a single run writes it), and,
 * for the whole sequence, the sandbox time it took, the ground truth of lost writes and split brain
 * since the world started, the invariant's breaches and the final world.
 *
 * @param sequence the sequence as given, one entry per run ({@code failover}, {@code --at 120 readiness})
 * @param status SUCCEEDED when every run did, else FAILED
 * @param runs one single-run report per run, in start order
 * @param sandboxSeconds sandbox seconds from the first run's start to the last run's end (observation included)
 */
public record SequenceReport(
        List<String> sequence,
        String status,
        List<DrillReport> runs,
        double sandboxSeconds,
        DrillReport.GroundTruthView groundTruth,
        List<String> invariantViolations,
        @JsonProperty("final") DrillReport.Final fin) {
    public SequenceReport {
        sequence = List.copyOf(sequence);
        runs = List.copyOf(runs);
        invariantViolations = List.copyOf(invariantViolations);
    }

    /**
     * One workflow of a sequence.
     *
     * @param workflow {@code failover}, {@code failback} or {@code readiness}
     * @param atSeconds null: it starts once every earlier run ended; else that many sandbox seconds
     *     after the previous run started, while that one may still run
     */
    public record Step(String workflow, Long atSeconds) {
        public static final List<String> WORKFLOWS = List.of("failover", "failback", "readiness");

        public Step {
            if (!WORKFLOWS.contains(workflow)) {
                throw new IllegalArgumentException(
                        "sequence: unknown workflow " + workflow + " (known: " + String.join(", ", WORKFLOWS) + ")");
            }
            if (atSeconds != null && atSeconds < 0) {
                throw new IllegalArgumentException("--at: must be a whole number of seconds >= 0, not " + atSeconds);
            }
        }

        @Override
        public String toString() {
            return atSeconds == null ? workflow : "--at " + atSeconds + " " + workflow;
        }
    }
}
