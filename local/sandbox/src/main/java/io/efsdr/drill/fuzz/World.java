package io.efsdr.drill.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One generated world: a scenario file (every drawn feature is one of its fields, so the world
 * prints as a scenario) and the workflow run in it.
 *
 * @param seed the seed it was drawn from (null for a world read from a file or shrunk)
 * @param workflow {@code failover}, {@code failback} or {@code cycle} (a failover, then a failback), or a
 *     sequence as the command's words ({@code sequence failover --at 120 readiness}, see {@link SequenceWorlds})
 * @param scenario the scenario, as a scenario file holds it
 * @param features the hostile features it has, for the coverage count
 */
public record World(Long seed, String workflow, ObjectNode scenario, List<String> features) {
    public World {
        features = List.copyOf(features);
    }

    /**
     * Whether the scenario has faults or handler crashes (a failed run is redriven once they are
     * gone: P4).
     */
    public boolean hasFaults() {
        return (scenario.has("faults") && !scenario.get("faults").isEmpty())
                || (scenario.has("crashes") && !scenario.get("crashes").isEmpty());
    }

    /** Whether a failed run is redriven: the scenario asks for it, or it has faults (P4). */
    public boolean redrives() {
        return hasFaults() || scenario.path("redrive").asBoolean(false);
    }

    public boolean dryRun() {
        return scenario.path("dryRun").asBoolean(false);
    }

    /** The same world without its faults and crashes (P4's reference). */
    public World withoutFaults() {
        ObjectNode copy = scenario.deepCopy();
        copy.remove("faults");
        copy.remove("crashes");
        return new World(seed, workflow, copy, features);
    }
}
