package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill's command line: bad input ends it at once, with status 2 and the field named, before a sandbox starts. */
class DrillCommandTest {
    @TempDir
    Path dir;

    @Test
    void execute_whenAFaultNamesAnUnknownError_endsAtOnceWithStatusTwoNamingTheField() throws Exception {
        Path scenario = Files.writeString(
                dir.resolve("bad.json"),
                "{\"faults\": [{\"service\": \"elasticfilesystem\", \"error\": \"ThrottlingException\"}]}");

        String printed = run(2, "failover", "--scenario", scenario.toString());

        assertTrue(printed.contains("scenario.faults[0].error"), printed);
    }

    @Test
    void execute_whenTheScenarioIsNotJson_endsWithStatusTwo() throws Exception {
        Path scenario = Files.writeString(dir.resolve("broken.json"), "{\"workloadCount\": ");

        String printed = run(2, "cycle", "--scenario", scenario.toString());

        assertTrue(printed.contains("cannot be used"), printed);
    }

    @Test
    void execute_whenAFieldIsUnknownOrNegative_namesIt() throws Exception {
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"terminationGraceSecond\": 10}");
        Path negative = Files.writeString(dir.resolve("negative.json"), "{\"terminationGraceSeconds\": -1}");

        assertAll(
                () -> assertTrue(
                        run(2, "failover", "--scenario", unknown.toString())
                                .contains("scenario.terminationGraceSecond"),
                        "unknown"),
                () -> assertTrue(
                        run(2, "failover", "--scenario", negative.toString())
                                .contains("scenario.terminationGraceSeconds"),
                        "negative"),
                () -> assertTrue(run(2, "failover", "--workloads", "many").contains("--workloads"), "workloads"));
    }

    @Test
    void execute_whenAnEndedPodIsMisspelt_endsWithStatusTwoNamingItsPath() throws Exception {
        Path unknown = Files.writeString(
                dir.resolve("ended-unknown.json"),
                "{\"workloads\": [{\"name\": \"web\", \"endedPods\": [{\"phase\": \"Failed\", \"regoin\": \"dr\"}]}]}");
        Path phase = Files.writeString(
                dir.resolve("ended-phase.json"),
                "{\"workloads\": [{\"name\": \"web\", \"endedPods\": [{\"phase\": \"Evicted\"}]}]}");
        Path region = Files.writeString(
                dir.resolve("ended-region.json"),
                "{\"workloads\": [{\"name\": \"web\", \"endedPods\": [{\"phase\": \"Unknown\", \"region\": \"eu\"}]}]}");

        assertAll(
                () -> assertTrue(
                        run(2, "failover", "--scenario", unknown.toString())
                                .contains("scenario.workloads[0].endedPods[0].regoin: is not a known field"),
                        "unknown field"),
                () -> assertTrue(
                        run(2, "failover", "--scenario", phase.toString())
                                .contains("scenario.workloads[0].endedPods[0].phase"),
                        "phase"),
                () -> assertTrue(
                        run(2, "failover", "--scenario", region.toString())
                                .contains("scenario.workloads[0].endedPods[0].region"),
                        "region"));
    }

    @Test
    void execute_whenAWorkloadOrASiteHasAnUnknownField_endsWithStatusTwoNamingItsPathAndTheKnownFields()
            throws Exception {
        Path workload = Files.writeString(
                dir.resolve("workload.json"), "{\"workloads\": [{\"name\": \"web\", \"bogusField\": 3}]}");
        Path site = Files.writeString(dir.resolve("site.json"), "{\"primary\": {\"bogus\": 1}}");

        String workloadPrinted = run(2, "failover", "--scenario", workload.toString());
        String sitePrinted = run(2, "failover", "--scenario", site.toString());

        assertAll(
                () -> assertTrue(workloadPrinted.contains("scenario.workloads[0].bogusField"), workloadPrinted),
                () -> assertTrue(workloadPrinted.contains("standbyReplicas"), workloadPrinted),
                () -> assertTrue(sitePrinted.contains("scenario.primary.bogus"), sitePrinted),
                () -> assertTrue(sitePrinted.contains("fileSystemId"), sitePrinted));
    }

    @Test
    void execute_whenASequenceHasBadArguments_endsAtOnceWithStatusTwoNamingTheArgument() {
        assertAll(
                () -> assertTrue(run(2, "sequence").contains("at least one workflow"), "no workflow"),
                () -> assertTrue(run(2, "sequence", "failover", "cycle").contains("unknown workflow cycle"), "cycle"),
                () -> assertTrue(run(2, "sequence", "--at", "5", "failover").contains("--at"), "--at first"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "--at", "-3", "readiness")
                                .contains("--at"),
                        "--at negative"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "--at", "soon", "readiness")
                                .contains("--at"),
                        "--at text"),
                () -> assertTrue(run(2, "sequence", "failover", "--at", "5").contains("--at"), "--at last"),
                () -> assertTrue(run(2, "sequence", "failover", "--json").contains("--json"), "no value"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "--redrive", "x").contains("--redrive"), "unknown"));
    }

    @Test
    void execute_whenAFaultsRunsAreBadOrPastTheSequence_endsWithStatusTwoNamingTheField() throws Exception {
        Path empty = Files.writeString(
                dir.resolve("empty.json"), "{\"faults\": [{\"service\": \"ssm\", \"error\": \"5xx\", \"runs\": []}]}");
        Path zero = Files.writeString(
                dir.resolve("zero.json"), "{\"faults\": [{\"service\": \"ssm\", \"error\": \"5xx\", \"runs\": [0]}]}");
        Path twice = Files.writeString(
                dir.resolve("twice.json"),
                "{\"faults\": [{\"service\": \"ssm\", \"error\": \"5xx\", \"runs\": [2, 2]}]}");
        Path third = Files.writeString(
                dir.resolve("third.json"), "{\"faults\": [{\"service\": \"ssm\", \"error\": \"5xx\", \"runs\": [3]}]}");

        assertAll(
                () -> assertTrue(
                        run(2, "sequence", "failover", "--scenario", empty.toString())
                                .contains("scenario.faults[0].runs"),
                        "empty"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "--scenario", zero.toString())
                                .contains("scenario.faults[0].runs"),
                        "zero"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "failback", "--scenario", twice.toString())
                                .contains("scenario.faults[0].runs"),
                        "twice"),
                () -> assertTrue(
                        run(2, "sequence", "failover", "failback", "--scenario", third.toString())
                                .contains("scenario.faults[0].runs: run 3"),
                        "past the sequence"),
                () -> assertTrue(
                        run(2, "failover", "--scenario", third.toString()).contains("scenario.faults[0].runs: run 3"),
                        "past a single run"));
    }

    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> new Drill(ExecutionRunner.projectRoot(), new PrintStream(out, true, StandardCharsets.UTF_8))
                        .execute(args));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, printed);
        return printed;
    }
}
