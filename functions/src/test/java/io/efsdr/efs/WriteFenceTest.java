package io.efsdr.efs;

import static io.efsdr.testing.Plans.PRIMARY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.error.DependencyUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The write fence is a policy statement denying ClientWrite to everyone; removing it gives the operator's policy back.
 */
class WriteFenceTest {
    private static final String OPERATOR_POLICY = """
      {"Version":"2012-10-17","Statement":[{"Sid":"OnlyTls","Effect":"Deny","Principal":{"AWS":"*"},\
      "Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

    private final FakeEfs efs = new FakeEfs().fileSystem(PRIMARY);
    private final WriteFence fence = new WriteFence(efs);

    @Test
    void fence_whenTheFileSystemHasNoPolicy_deniesClientWriteToEveryPrincipalAndKeepsReads() throws Exception {
        assertEquals(WriteFence.Outcome.FENCED, fence.fence(PRIMARY, false));

        JsonNode policy = Json.MAPPER.readTree(efs.policyOf(PRIMARY));
        JsonNode deny = statement(policy, WriteFence.FENCE_SID);
        JsonNode allow = statement(policy, WriteFence.DEFAULT_ACCESS_SID);
        assertAll(
                () -> assertEquals("Deny", deny.path("Effect").asText()),
                () -> assertEquals("*", deny.path("Principal").path("AWS").asText()),
                () -> assertEquals(
                        "elasticfilesystem:ClientWrite",
                        deny.path("Action").get(0).asText()),
                () -> assertEquals(
                        "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/" + PRIMARY.fileSystemId(),
                        deny.path("Resource").asText()),
                () -> assertEquals("Allow", allow.path("Effect").asText()),
                () -> assertEquals(
                        List.of("putPolicy " + PRIMARY.region() + " " + PRIMARY.fileSystemId()), efs.writes()),
                () -> assertTrue(fence.isFenced(PRIMARY)));
    }

    @Test
    void fence_whenAlreadyFenced_writesNothing() {
        fence.fence(PRIMARY, false);

        assertEquals(WriteFence.Outcome.ALREADY_FENCED, fence.fence(PRIMARY, false));
        assertEquals(1, efs.writes().size());
    }

    @Test
    void fence_whenDryRun_writesNothing() {
        assertEquals(WriteFence.Outcome.DRY_RUN, fence.fence(PRIMARY, true));
        assertEquals(List.of(), efs.writes());
    }

    @Test
    void unfence_whenTheOperatorHadNoPolicy_deletesThePolicy() {
        fence.fence(PRIMARY, false);

        assertEquals(WriteFence.Outcome.UNFENCED, fence.unfence(PRIMARY, false));
        assertAll(
                () -> assertNull(efs.policyOf(PRIMARY)),
                () -> assertEquals(
                        "deletePolicy " + PRIMARY.region() + " " + PRIMARY.fileSystemId(),
                        efs.writes().getLast()));
    }

    @Test
    void unfence_whenTheOperatorHadAPolicy_restoresItExactly() throws Exception {
        efs.policy(PRIMARY, OPERATOR_POLICY);
        fence.fence(PRIMARY, false);
        assertEquals(
                2,
                Json.MAPPER.readTree(efs.policyOf(PRIMARY)).path("Statement").size(),
                "operator's statement and the fence");

        fence.unfence(PRIMARY, false);

        assertEquals(Json.MAPPER.readTree(OPERATOR_POLICY), Json.MAPPER.readTree(efs.policyOf(PRIMARY)));
    }

    @Test
    void unfence_whenNotFenced_leavesTheOperatorsPolicyAlone() {
        efs.policy(PRIMARY, OPERATOR_POLICY);

        assertEquals(WriteFence.Outcome.NOT_FENCED, fence.unfence(PRIMARY, false));
        assertAll(
                () -> assertEquals(OPERATOR_POLICY, efs.policyOf(PRIMARY)),
                () -> assertEquals(List.of(), efs.writes()));
    }

    @Test
    void fence_whenTheRegionDoesNotAnswer_failsAsUnavailable() {
        efs.unreachable(PRIMARY.region());

        Executable call = () -> fence.fence(PRIMARY, false);
        assertEquals(
                DependencyUnavailableException.class,
                Assertions.assertThrows(RuntimeException.class, call).getClass());
    }

    /**
     * A policy that cannot be read is not "no policy": writing the fence then would replace the
     * operator's statements with the fence alone. Writes still answer here, so a fence that went
     * ahead would show as the exact "putPolicy REGION FS" entry.
     */
    @Test
    void fence_whenThePolicyCannotBeRead_failsAsUnavailableAndPutsNoPolicy() {
        efs.policy(PRIMARY, OPERATOR_POLICY).policyUnreadable(PRIMARY);

        Executable call = () -> fence.fence(PRIMARY, false);
        assertEquals(
                DependencyUnavailableException.class,
                Assertions.assertThrows(RuntimeException.class, call).getClass());
        assertAll(
                () -> assertFalse(
                        efs.writes().contains("putPolicy " + PRIMARY.region() + " " + PRIMARY.fileSystemId()),
                        efs.writes().toString()),
                () -> assertEquals(List.of(), efs.writes()),
                () -> assertEquals(OPERATOR_POLICY, efs.policyOf(PRIMARY)));
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (sid.equals(statement.path("Sid").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }
}
