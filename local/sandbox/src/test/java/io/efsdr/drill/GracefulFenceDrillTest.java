package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.handler.DecideApprovalHandler;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.aws.SnsPublish;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The graceful failover's write fence, judged by the sandbox's own records: EFS applies a file
 * system policy to new mounts only once it has propagated ({@code policyPropagationSeconds}), so
 * the failover promotes only after that, writers outside the plan stop before DR is writable, and a
 * primary given back is unfenced and scaled up only once the removal has propagated.
 */
class GracefulFenceDrillTest {
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String DR_FS = "fs-0fedcba9876543210";
    private static final Pattern TOKEN = Pattern.compile("--task-token '([^']+)'");

    private static Instant firstSuccess(DrillHarness h, String operation) {
        return h.sandbox.aws().calls().of("elasticfilesystem", operation).stream()
                .filter(AwsCall::succeeded)
                .map(AwsCall::at)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no successful " + operation));
    }

    @Test
    void gracefulFailover_fencesThePrimaryAndPromotesOnlyOnceTheFenceHasPropagated() {
        try (DrillHarness h = new DrillHarness("{\"policyPropagationSeconds\": 240,"
                + " \"plan\": {\"timeouts\": {\"fencePropagationSeconds\": 240}}}")) {
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertTrue(h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS), "the old primary stays write-fenced");
            assertTrue(report.fin().regions().get("us-east-1").fileSystem().writeFenced());
            Instant fenced = h.sandbox
                    .aws()
                    .efs()
                    .writeFenceHistory(PRIMARY_FS)
                    .getFirst()
                    .from();
            Instant promoted = firstSuccess(h, "DeleteReplicationConfiguration");
            assertFalse(
                    promoted.isBefore(fenced.plusSeconds(240)),
                    "promoted at " + promoted + ", fence put on at " + fenced);
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            assertEquals(0.0, report.groundTruth().splitBrainSeconds());
            assertTrue(
                    report.floorSeconds() >= 30 + 240 + 60 + 20,
                    "the floor counts the fence's propagation: " + report.floorSeconds());
        }
    }

    @Test
    void gracefulFailover_aWriterOutsideThePlanStopsBeforeDrIsWritable() {
        try (DrillHarness h =
                new DrillHarness("{\"unplannedWriters\": [{\"name\": \"reports/CronJob/export\", \"everySeconds\": 20,"
                        + " \"runSeconds\": 10}], \"approvals\": [\"approve\"]}")) {
            // When CloudWatch has published the writer's writes after the stop by the time the final
            // sync (after the fence's propagation) is in, the window is unproven and a person approves.
            DrillReport report = h.failover();

            assertEquals("SUCCEEDED", report.status(), report.error() + "\n" + h.printed());
            assertEquals(0.0, report.groundTruth().splitBrainSeconds(), h.printed());
            assertTrue(
                    report.invariantViolations().isEmpty(),
                    report.invariantViolations().toString());
            Instant effective = h.sandbox
                    .aws()
                    .efs()
                    .writeFenceInEffect(PRIMARY_FS)
                    .getFirst()
                    .from();
            assertTrue(h.sandbox.aws().efs().mountRefusesWrites(PRIMARY_FS, effective));
            assertFalse(h.sandbox.aws().efs().mountRefusesWrites(PRIMARY_FS, effective.minusSeconds(1)));
        }
    }

    @Test
    void subsetRun_withoutUngracefulMode_isRefusedAtValidatePlanNamingTheWorkloadsLeftOut() {
        try (DrillHarness h = new DrillHarness("{}")) {
            ObjectNode input = Drill.input(h.sandbox.scenario(), "only one");
            input.putArray("workloads").add("shop/StatefulSet/db-0");

            DrillReport report = h.run("failover", input);

            assertEquals("FAILED", report.status());
            assertEquals("Validate Plan", report.failedState());
            assertTrue(report.error().contains("shop/Deployment/app-1"), report.error());
            assertTrue(report.error().contains("shop/Deployment/app-2"), report.error());
            assertTrue(report.error().contains("ungraceful"), report.error());
            assertTrue(
                    h.sandbox.aws().calls().successfulMutations().stream()
                            .noneMatch(c -> c.service().equals("elasticfilesystem")),
                    "nothing changed");
        }
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private static String awaitToken(DrillHarness h, int index) throws InterruptedException {
        for (int i = 0; i < 20_000; i++) {
            List<String> tokens = new ArrayList<>();
            for (SnsPublish message : h.sandbox.aws().sns().published()) {
                Matcher matcher = TOKEN.matcher(message.message());
                if (message.subject().startsWith("APPROVAL NEEDED")
                        && matcher.find()
                        && !tokens.contains(matcher.group(1))) {
                    tokens.add(matcher.group(1));
                }
            }
            if (tokens.size() > index) {
                return tokens.get(index);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("approval request " + index + " was not published");
    }

    @Test
    void rejectedPromotion_removesTheFenceAndScalesThePrimaryUpOnlyOnceTheRemovalHasPropagated() throws Exception {
        try (DrillHarness h = new DrillHarness("{\"replicationLagSeconds\": 900,"
                        + " \"plan\": {\"rpoSeconds\": 3600, \"timeouts\": {\"finalSyncSeconds\": 30}}}");
                HandlerHost host = new HandlerHost(h.sandbox)) {
            ObjectNode input = Drill.input(h.sandbox.scenario(), "planned move");
            input.put("requireApproval", true);
            CompletableFuture<DrillReport> run =
                    CompletableFuture.supplyAsync(() -> h.drill.run(h.sandbox, host, "failover", input));
            DecideApprovalHandler decide = new DecideApprovalHandler(host.wiring());
            invoke(
                    decide,
                    Json.MAPPER.valueToTree(
                            Map.of("token", awaitToken(h, 0), "decision", "approve", "reason", "planned")));
            invoke(
                    decide,
                    Json.MAPPER.valueToTree(
                            Map.of("token", awaitToken(h, 1), "decision", "reject", "reason", "keep the primary")));
            DrillReport report = run.get();

            assertEquals("FAILED", report.status(), h.printed());
            assertFalse(h.sandbox.aws().efs().isWritable(DR_FS), "nothing promoted");
            assertFalse(h.sandbox.aws().efs().isWriteFenced(PRIMARY_FS), "the fence is off");
            List<Instant> fenceEnds = h.sandbox.aws().efs().writeFenceHistory(PRIMARY_FS).stream()
                    .map(i -> i.to())
                    .toList();
            assertEquals(1, fenceEnds.size());
            Instant unfenced = fenceEnds.getFirst();
            Instant scaledUp = h.sandbox.primaryCluster().scaleChanges().stream()
                    .filter(c -> c.to() > 0 && c.from() == 0)
                    .map(c -> c.at())
                    .min(Instant::compareTo)
                    .orElseThrow(() -> new AssertionError("the primary was not scaled back up"));
            assertFalse(
                    scaledUp.isBefore(unfenced.plus(Duration.ofSeconds(180))),
                    "scaled up at " + scaledUp + ", fence removed at " + unfenced);
            List<PodLifetime> resumed = h.sandbox.primaryCluster().podLifetimes().stream()
                    .filter(p -> !p.createdAt().isBefore(scaledUp))
                    .toList();
            assertFalse(resumed.isEmpty());
            resumed.forEach(p -> assertTrue(h.sandbox.podMayWrite(PRIMARY_FS, p), p + " may write"));
            report.fin().regions().get("us-east-1").workloads().forEach(w -> assertTrue(w.replicas() > 0));
            String last = report.notifications().getLast().message();
            assertTrue(last.contains("stopped and " + PRIMARY_FS + " write-fenced"), last);
        }
    }
}
