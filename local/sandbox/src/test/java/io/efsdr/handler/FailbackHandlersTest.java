package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.drill.HandlerHost;
import io.efsdr.error.InvalidInputException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failback handlers one at a time, through their Lambda entry point (the same bytes Step
 * Functions sends), against the sandbox: no state machine, so each handler's own contract shows.
 */
class FailbackHandlersTest {
    private static final String PRIMARY_FS = "fs-0123456789abcdef0";
    private static final String DR_FS = "fs-0fedcba9876543210";

    private static Sandbox sandbox(String scenario) throws Exception {
        return Sandbox.start(Scenario.parse(Json.MAPPER.readTree(scenario), null));
    }

    private static ObjectNode payload(Sandbox sandbox, boolean dryRun) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.set("plan", sandbox.scenario().plan());
        ObjectNode run = payload.putObject("run");
        run.put("executionName", "handler-test");
        run.put("workflow", "failback");
        run.put("reason", "handler test");
        run.put("dryRun", dryRun);
        run.put("startedAt", sandbox.clock().instant().toString());
        return payload;
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(payload.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void preconditions_whenDrIsActive_passAndCountPods() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            JsonNode result = invoke(new CheckFailbackPreconditionsHandler(host.wiring()), payload(sandbox, false));

            assertEquals(5, result.get("drRunningReplicas").asInt());
            assertEquals(0, result.get("primaryRunningReplicas").asInt());
        }
    }

    @Test
    void preconditions_whenDrIsStillAReplicationDestination_refuse() throws Exception {
        try (Sandbox sandbox = sandbox("{}");
                HandlerHost host = new HandlerHost(sandbox)) {
            UnsafeStateException refused = assertThrows(
                    UnsafeStateException.class,
                    () -> invoke(new CheckFailbackPreconditionsHandler(host.wiring()), payload(sandbox, false)));

            assertTrue(refused.getMessage().contains("fail over first"), refused.getMessage());
        }
    }

    @Test
    void preconditions_whenThePrimaryAlreadyServesAndDrDoesNot_refuse() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            ObjectNode scaleDrDown = payload(sandbox, false).put("target", "dr").put("replicas", "zero");
            invoke(new ScaleWorkloadsHandler(host.wiring()), scaleDrDown);
            ObjectNode scalePrimaryUp =
                    payload(sandbox, false).put("target", "primary").put("replicas", "active");
            invoke(new ScaleWorkloadsHandler(host.wiring()), scalePrimaryUp);
            sandbox.clock().advance(Duration.ofMinutes(2));

            UnsafeStateException refused = assertThrows(
                    UnsafeStateException.class,
                    () -> invoke(new CheckFailbackPreconditionsHandler(host.wiring()), payload(sandbox, false)));

            assertTrue(refused.getMessage().contains("looks active already"), refused.getMessage());
        }
    }

    @Test
    void cleanUp_whenAStaleRecordIsLeft_deletesItLocallyAndIsDoneOnceItIsGone() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            sandbox.aws().efs().addReplication("us-east-1", PRIMARY_FS, "us-west-2", DR_FS);
            sandbox.faults().setRegionReachable("us-east-1", false);
            host.wiring()
                    .aws()
                    .efs("us-west-2")
                    .deleteReplicationConfiguration(
                            r -> r.sourceFileSystemId(PRIMARY_FS).deletionMode("LOCAL_CONFIGURATION_ONLY"));
            sandbox.clock().advance(Duration.ofMinutes(5));
            sandbox.faults().setRegionReachable("us-east-1", true);
            var handler = new CleanUpStaleReplicationHandler(host.wiring());

            JsonNode first = invoke(handler, payload(sandbox, false));
            sandbox.clock().advance(Duration.ofMinutes(5));
            JsonNode second = invoke(handler, payload(sandbox, false).set("previous", first));

            assertFalse(first.get("done").asBoolean());
            assertEquals("DELETING", first.get("action").asText());
            assertTrue(second.get("done").asBoolean());
            assertEquals("DELETED_STALE", second.get("action").asText());
            assertTrue(sandbox.aws().efs().replication("us-east-1", PRIMARY_FS).isEmpty());
        }
    }

    @Test
    void replicate_whenRunTwice_createsOnceAndMakesTheDestinationReadOnly() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            var handler = new ReplicateHandler(host.wiring());
            ObjectNode request = payload(sandbox, false).put("source", "dr");

            JsonNode first = invoke(handler, request);
            JsonNode second = invoke(handler, request);

            assertEquals("CREATED", first.get("action").asText());
            assertEquals("ALREADY_EXISTS", second.get("action").asText());
            assertFalse(sandbox.aws().efs().isWritable(PRIMARY_FS));
            assertEquals(
                    1,
                    sandbox.aws()
                            .calls()
                            .of("elasticfilesystem", "CreateReplicationConfiguration")
                            .size());
        }
    }

    @Test
    void checkSync_isDoneOnlyOnceASyncLaterThanTheGivenMomentIsRecorded() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\", \"replicationLagSeconds\": 120}");
                HandlerHost host = new HandlerHost(sandbox)) {
            invoke(new ReplicateHandler(host.wiring()), payload(sandbox, false).put("source", "dr"));
            sandbox.clock().advance(Duration.ofMinutes(10));
            String quiesce = sandbox.clock().instant().toString();
            var handler = new CheckSyncHandler(host.wiring());
            ObjectNode request = payload(sandbox, false)
                    .put("source", "dr")
                    .put("after", quiesce)
                    .put("requireSync", true);

            JsonNode before = invoke(handler, request);
            sandbox.clock().advance(Duration.ofSeconds(121));
            JsonNode after = invoke(handler, request.set("previous", before));

            assertFalse(before.get("synced").asBoolean(), before.toString());
            assertTrue(after.get("synced").asBoolean(), after.toString());
            assertEquals(2, after.get("polls").asInt());
        }
    }

    @Test
    void checkSync_whenASyncIsRequiredWithoutAMoment_refuses() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            ObjectNode request = payload(sandbox, false).put("source", "dr").put("requireSync", true);

            assertThrows(UnsafeStateException.class, () -> invoke(new CheckSyncHandler(host.wiring()), request));
        }
    }

    @Test
    void replicate_whenTheSourceIsMissing_isRejectedNamingTheField() throws Exception {
        try (Sandbox sandbox = sandbox("{\"activeSide\": \"dr\"}");
                HandlerHost host = new HandlerHost(sandbox)) {
            InvalidInputException rejected = assertThrows(
                    InvalidInputException.class,
                    () -> invoke(new ReplicateHandler(host.wiring()), payload(sandbox, false)));

            assertTrue(rejected.getMessage().contains("input.source"), rejected.getMessage());
            assertTrue(sandbox.aws().calls().successfulMutations().isEmpty());
        }
    }
}
