package io.efsdr.drill.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.drill.SequenceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Sequence worlds (issue 21, point 1): some generated worlds run a sequence of workflows in one
 * world ({@code local/drill sequence}) instead of one workflow, sometimes two executions at once
 * ({@code --at}), and their faults may be limited to some runs ({@code runs}). Drawn from a random
 * stream of their own, after every other draw of the world, so the rest of a seed's world is drawn
 * as before. A sequence world's workflow is the command's words, {@code sequence failover --at 120
 * readiness}, so a shrunk world prints as the command that fails it.
 */
public final class SequenceWorlds {
    static final String PREFIX = "sequence ";
    /** The share of worlds that become sequences. */
    static final double SHARE = 0.2;

    private SequenceWorlds() {}

    /**
     * The workflow of the world drawn from {@code seed}: {@code workflow} as drawn, or a sequence
     * that starts with it; adds {@code runs} to the scenario's faults and the coverage features
     * ({@code sequence}, {@code overlapping}, {@code fault:runs}) when it draws them.
     */
    static String draw(long seed, String workflow, ObjectNode scenario, java.util.function.Consumer<String> features) {
        Random r = new Random(new SplittableRandom(seed ^ 0x5E9_0E7CEL).nextLong());
        // A dry-run world stays a single run: a readiness run in it is no dry run (it records its
        // gauges), and P5's dry-run rule judges the whole world.
        if (r.nextDouble() >= SHARE || scenario.path("dryRun").asBoolean(false)) {
            return workflow;
        }
        int at = r.nextInt(301);
        double d = r.nextDouble();
        List<String> words;
        if (workflow.equals("failback")) {
            words = d < 0.5
                    ? List.of("failback", "failover")
                    : List.of("failback", "--at", Integer.toString(at), "readiness");
        } else if (d < 0.4) {
            words = List.of("failover", "failback", "failover");
        } else if (d < 0.75) {
            // The readiness check, as its schedule fires it, while the failover runs.
            words = List.of("failover", "--at", Integer.toString(at), "readiness");
        } else {
            words = List.of("failover", "failback", "readiness");
        }
        if (workflow.equals("cycle") && !words.contains("failback")) {
            // A cycle's world may name failback states (crashes): its sequence keeps the failback.
            words = List.of("failover", "failback", "--at", Integer.toString(at), "readiness");
        }
        features.accept("sequence");
        if (words.contains("--at")) {
            features.accept("overlapping");
        }
        int runs = steps(PREFIX + String.join(" ", words)).size();
        JsonNode faults = scenario.path("faults");
        if (faults.isArray() && !faults.isEmpty() && r.nextDouble() < 0.5) {
            for (JsonNode fault : faults) {
                ((ObjectNode) fault).putArray("runs").add(1 + r.nextInt(runs));
            }
            features.accept("fault:runs");
        }
        return PREFIX + String.join(" ", words);
    }

    /** Whether a world's workflow is a sequence. */
    public static boolean isSequence(String workflow) {
        return workflow.startsWith(PREFIX);
    }

    /** The steps of a sequence world's workflow ({@code sequence failover --at 120 readiness}). */
    public static List<SequenceReport.Step> steps(String workflow) {
        String[] words = workflow.substring(PREFIX.length()).trim().split("\\s+");
        List<SequenceReport.Step> steps = new ArrayList<>();
        Long at = null;
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("--at")) {
                at = Long.parseLong(words[++i]);
            } else {
                steps.add(new SequenceReport.Step(words[i], at));
                at = null;
            }
        }
        return steps;
    }
}
