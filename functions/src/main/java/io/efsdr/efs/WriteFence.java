package io.efsdr.efs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.Site;
import java.util.List;
import java.util.Optional;

/**
 * Write-fences a file system with its resource policy: a statement that denies
 * {@code elasticfilesystem:ClientWrite} to every principal. The operator's own statements are kept
 * beside it (a deny wins over any allow), so removing the fence is removing our statements, and
 * the operator's policy comes back as it is then, without being saved anywhere. With no policy of
 * the operator's, an allow of mount and root access stands in for EFS's default (full access to
 * every client) so that reads keep working. EFS evaluates the policy when a client connects
 * ("Using IAM to control file system data access"), and a change can take minutes to apply
 * ("Creating file system policies"): clients already mounted may keep writing, so the fence never
 * replaces stopping them.
 */
public final class WriteFence {
    /** The {@code Sid} of the statement that fences. */
    public static final String FENCE_SID = "EfsDrWriteFence";
    /** The {@code Sid} of the stand-in for the default policy, used only when the operator had none. */
    public static final String DEFAULT_ACCESS_SID = "EfsDrDefaultAccess";

    private final EfsApi fileSystems;

    public WriteFence(EfsApi fileSystems) {
        this.fileSystems = fileSystems;
    }

    /** What a fence or unfence call did. */
    public enum Outcome {
        FENCED,
        ALREADY_FENCED,
        UNFENCED,
        NOT_FENCED,
        DRY_RUN
    }

    /** Puts the fence on the site's file system, keeping the operator's statements; a second call changes nothing. */
    public Outcome fence(Site site, boolean dryRun) {
        Optional<String> current = fileSystems.policy(site.region(), site.fileSystemId());
        if (current.isPresent() && isFenced(current.get())) {
            return Outcome.ALREADY_FENCED;
        }
        if (dryRun) {
            return Outcome.DRY_RUN;
        }
        String arn = fileSystems.arn(site.region(), site.fileSystemId());
        fileSystems.putPolicy(site.region(), site.fileSystemId(), fenced(current.orElse(null), arn));
        return Outcome.FENCED;
    }

    /** Removes the fence: the operator's policy stays, or none at all when the operator had none. */
    public Outcome unfence(Site site, boolean dryRun) {
        Optional<String> current = fileSystems.policy(site.region(), site.fileSystemId());
        if (current.isEmpty() || !isFenced(current.get())) {
            return Outcome.NOT_FENCED;
        }
        if (dryRun) {
            return Outcome.DRY_RUN;
        }
        Optional<String> rest = unfenced(current.get());
        if (rest.isPresent()) {
            fileSystems.putPolicy(site.region(), site.fileSystemId(), rest.get());
        } else {
            fileSystems.deletePolicy(site.region(), site.fileSystemId());
        }
        return Outcome.UNFENCED;
    }

    /** Whether the site's file system carries the fence now. */
    public boolean isFenced(Site site) {
        return fileSystems
                .policy(site.region(), site.fileSystemId())
                .map(WriteFence::isFenced)
                .orElse(false);
    }

    static boolean isFenced(String policy) {
        for (JsonNode statement : statements(parse(policy))) {
            if (FENCE_SID.equals(statement.path("Sid").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The policy with the fence added to {@code existing} (null: none). */
    static String fenced(String existing, String fileSystemArn) {
        ObjectNode policy =
                existing == null ? Json.MAPPER.createObjectNode().put("Version", "2012-10-17") : parse(existing);
        ArrayNode statements = Json.MAPPER.createArrayNode();
        statements(policy).forEach(statements::add);
        if (existing == null) {
            statements.add(statement(
                    DEFAULT_ACCESS_SID,
                    "Allow",
                    fileSystemArn,
                    "elasticfilesystem:ClientMount",
                    "elasticfilesystem:ClientWrite",
                    "elasticfilesystem:ClientRootAccess"));
        }
        statements.add(statement(FENCE_SID, "Deny", fileSystemArn, "elasticfilesystem:ClientWrite"));
        policy.set("Statement", statements);
        return write(policy);
    }

    /** The policy without our statements; empty when nothing else is left (delete the policy). */
    static Optional<String> unfenced(String policy) {
        ObjectNode parsed = parse(policy);
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode statement : statements(parsed)) {
            String sid = statement.path("Sid").asText();
            if (!FENCE_SID.equals(sid) && !DEFAULT_ACCESS_SID.equals(sid)) {
                kept.add(statement);
            }
        }
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        parsed.set("Statement", kept);
        return Optional.of(write(parsed));
    }

    private static ObjectNode statement(String sid, String effect, String resource, String... actions) {
        ObjectNode statement = Json.MAPPER.createObjectNode().put("Sid", sid).put("Effect", effect);
        statement.putObject("Principal").put("AWS", "*");
        ArrayNode list = statement.putArray("Action");
        for (String action : actions) {
            list.add(action);
        }
        statement.put("Resource", resource);
        return statement;
    }

    private static Iterable<JsonNode> statements(JsonNode policy) {
        JsonNode statement = policy.path("Statement");
        return statement.isArray() ? statement : statement.isObject() ? List.of(statement) : List.of();
    }

    private static ObjectNode parse(String policy) {
        try {
            JsonNode node = Json.MAPPER.readTree(policy);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new UnsafeStateException("the file system policy is not a JSON object: " + policy);
    }

    private static String write(JsonNode policy) {
        try {
            return Json.MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
