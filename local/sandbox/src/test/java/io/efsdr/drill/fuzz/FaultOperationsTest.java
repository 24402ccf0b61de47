package io.efsdr.drill.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.VirtualClock;
import io.efsdr.sandbox.aws.AwsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fault plans' AWS operation names are the stand-ins' operation tables' ({@link AwsStandIn#operations}):
 * every operation the world generator draws a fault on and every fault of a committed scenario names an
 * operation the stand-in serves (or {@code *}), so no fault silently never fires.
 */
class FaultOperationsTest {

    @Test
    void everyFaultNamesAnOperationOfItsServicesTable() throws Exception {
        Map<String, List<String>> tables;
        try (AwsStandIn standIn = AwsStandIn.start(new VirtualClock(), new FaultPlan())) {
            tables = standIn.operations();
        }
        List<String> unknown = new ArrayList<>();
        for (String[] op : WorldGenerator.faultOperations()) {
            check(tables, op[0], op[1], "WorldGenerator", unknown);
        }
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.walk(Sandbox.projectRoot().resolve("local/scenarios"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode faults : mapper.readTree(file.toFile()).findValues("faults")) {
                    for (JsonNode fault : faults) {
                        check(
                                tables,
                                fault.path("service").asText(),
                                fault.path("operation").asText(),
                                file,
                                unknown);
                    }
                }
            }
        }
        assertEquals(List.of(), unknown, "faults naming an operation no stand-in serves");
    }

    private static void check(
            Map<String, List<String>> tables, String service, String operation, Object where, List<String> unknown) {
        List<String> table = tables.get(service);
        if (table != null && !operation.equals("*") && !table.contains(operation)) {
            unknown.add(where + ": " + service + " " + operation);
        }
    }
}
