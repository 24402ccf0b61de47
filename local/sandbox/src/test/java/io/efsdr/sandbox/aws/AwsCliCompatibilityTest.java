package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unchanged aws CLI and boto3, run as processes from the machine's Python against a sandbox, the way
 * a user watches and pokes the DR world during a game day: {@code AWS_ENDPOINT_URL} at the sandbox, its
 * keys, the DR region, no config files. Every served command answers what the world holds; every command
 * not served fails with the service's own error code, never a parse error. Skipped where no {@code aws}
 * (or no {@code python3} with boto3) is installed.
 */
class AwsCliCompatibilityTest {
    private static final String EXECUTION = "game-day-1";

    @TempDir
    Path home;

    private Sandbox sandbox;
    private String drRegion;
    private String primaryFs;
    private String drFs;
    private String failover;

    @BeforeEach
    void start() throws IOException {
        sandbox = Sandbox.start(Scenario.parse(Json.MAPPER.readTree("{\"activeRegionRecord\": \"us-east-1\"}"), null));
        drRegion = sandbox.scenario().dr().region();
        primaryFs = sandbox.scenario().primary().fileSystemId();
        drFs = sandbox.scenario().dr().fileSystemId();
        failover = "arn:aws:states:" + drRegion + ":" + EfsModel.ACCOUNT + ":stateMachine:"
                + Sandbox.stateMachineName("failover");
        sandbox.aws().stepFunctions().recordLocalExecution(drRegion, failover, EXECUTION, "{\"dryRun\":true}");
        sandbox.aws()
                .s3()
                .put(Sandbox.AUDIT_BUCKET, "runs/failover/" + EXECUTION + "/report.md", bytes("# Failover\n"), null);
        Files.writeString(home.resolve("config"), "");
        Files.writeString(home.resolve("credentials"), "");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void awsCli_efsCommands_describeAndPromoteTheDrWorld() {
        JsonNode fileSystems = json("efs", "describe-file-systems");
        assertEquals(drFs, fileSystems.at("/FileSystems/0/FileSystemId").asText());
        assertEquals(
                "REPLICATING",
                fileSystems
                        .at("/FileSystems/0/FileSystemProtection/ReplicationOverwriteProtection")
                        .asText());
        JsonNode replications = json("efs", "describe-replication-configurations");
        assertEquals(
                primaryFs, replications.at("/Replications/0/SourceFileSystemId").asText());
        assertEquals(
                "ENABLED",
                replications.at("/Replications/0/Destinations/0/Status").asText());
        assertEquals(
                2,
                json("efs", "describe-mount-targets", "--file-system-id", drFs)
                        .path("MountTargets")
                        .size());
        assertTrue(json("efs", "describe-access-points").path("AccessPoints").isArray());

        Result deleted = aws("efs", "delete-replication-configuration", "--source-file-system-id", primaryFs);
        assertEquals(0, deleted.exit(), deleted.stderr());
        JsonNode after = json("efs", "describe-replication-configurations").path("Replications");
        assertTrue(
                after.isEmpty() || after.at("/0/Destinations/0/Status").asText().equals("DELETING"), after::toString);
        assertTrue(sandbox.aws().calls().mutating().stream()
                .anyMatch(c -> c.operation().equals("DeleteReplicationConfiguration") && c.succeeded()));
    }

    @Test
    void awsCli_ssmStepFunctionsEksSnsStsEvents_readWhatTheSandboxHolds() throws IOException {
        assertEquals(
                Sandbox.PLAN_PARAMETER,
                json("ssm", "get-parameter", "--name", Sandbox.PLAN_PARAMETER)
                        .at("/Parameter/Name")
                        .asText());
        assertEquals(
                "us-east-1",
                json("ssm", "get-parameter", "--name", Sandbox.ACTIVE_REGION_PARAMETER)
                        .at("/Parameter/Value")
                        .asText());
        assertEquals(
                2,
                json("ssm", "get-parameters-by-path", "--path", "/efs-dr")
                        .path("Parameters")
                        .size());
        assertEquals(2, json("ssm", "describe-parameters").path("Parameters").size());
        assertEquals(
                1,
                json("ssm", "get-parameters", "--names", Sandbox.PLAN_PARAMETER, "/nope")
                        .path("InvalidParameters")
                        .size());

        JsonNode machines = json("stepfunctions", "list-state-machines").path("stateMachines");
        assertEquals(List.of("efs-dr-failover", "efs-dr-failback"), names(machines, "name"));
        assertTrue(json("stepfunctions", "describe-state-machine", "--state-machine-arn", failover)
                .path("definition")
                .asText()
                .contains("\"StartAt\""));
        JsonNode executions = json("stepfunctions", "list-executions", "--state-machine-arn", failover)
                .path("executions");
        assertEquals(List.of(EXECUTION), names(executions, "name"));
        String executionArn = executions.at("/0/executionArn").asText();
        assertEquals(
                "RUNNING",
                json("stepfunctions", "describe-execution", "--execution-arn", executionArn)
                        .path("status")
                        .asText());

        String drCluster = sandbox.scenario().dr().clusterName();
        assertEquals(List.of(drCluster), names(json("eks", "list-clusters").path("clusters"), null));
        assertEquals(
                "ACTIVE",
                json("eks", "describe-cluster", "--name", drCluster)
                        .at("/cluster/status")
                        .asText());
        Path kubeconfig = home.resolve("kubeconfig");
        Result updated = aws("eks", "update-kubeconfig", "--name", drCluster, "--kubeconfig", kubeconfig.toString());
        assertEquals(0, updated.exit(), updated.stderr());
        assertTrue(Files.readString(kubeconfig)
                .contains(sandbox.drCluster().endpoint().toString()));

        String topic = json("sns", "list-topics").at("/Topics/0/TopicArn").asText();
        assertTrue(topic.endsWith(":" + Sandbox.TOPIC_NAME), topic);
        assertEquals(
                topic,
                json("sns", "get-topic-attributes", "--topic-arn", topic)
                        .at("/Attributes/TopicArn")
                        .asText());
        String messageId = json("sns", "publish", "--topic-arn", topic, "--message", "game day: <check> & go")
                .path("MessageId")
                .asText();
        assertEquals(messageId, sandbox.aws().sns().published().getLast().messageId());
        assertEquals(
                "game day: <check> & go",
                sandbox.aws().sns().published().getLast().message());

        JsonNode caller = json("sts", "get-caller-identity");
        assertEquals(EfsModel.ACCOUNT, caller.path("Account").asText());
        assertTrue(caller.path("Arn").asText().startsWith("arn:aws:iam::" + EfsModel.ACCOUNT + ":"));

        assertEquals(
                "DISABLED",
                json("events", "describe-rule", "--name", Sandbox.GUARD_RULE)
                        .path("State")
                        .asText());
    }

    @Test
    void awsCli_s3Commands_listAndReadTheAuditBucket() {
        Result buckets = aws("s3", "ls");
        assertEquals(0, buckets.exit(), buckets.stderr());
        assertTrue(buckets.stdout().contains(Sandbox.AUDIT_BUCKET), buckets.stdout());
        Result top = aws("s3", "ls", "s3://" + Sandbox.AUDIT_BUCKET + "/");
        assertTrue(top.stdout().contains("PRE runs/"), top.stdout() + top.stderr());
        String key = "runs/failover/" + EXECUTION + "/report.md";
        JsonNode listed = json("s3api", "list-objects-v2", "--bucket", Sandbox.AUDIT_BUCKET);
        assertEquals(key, listed.at("/Contents/0/Key").asText());
        Result copied = aws("s3", "cp", "s3://" + Sandbox.AUDIT_BUCKET + "/" + key, "-");
        assertEquals("# Failover\n", copied.stdout(), copied.stderr());
        Result missing = aws("s3api", "head-object", "--bucket", Sandbox.AUDIT_BUCKET, "--key", "nope");
        assertServiceError(missing, missing.stderr());
        assertTrue(missing.stderr().contains("404"), missing.stderr());
    }

    /** Each protocol's client gets its own error format with the service's code and the sandbox's message. */
    @Test
    void awsCli_commandsNotServed_failWithTheServicesErrorCode() {
        Map<List<String>, String> notServed = Map.of(
                List.of("stepfunctions", "stop-execution", "--execution-arn", "arn:x"),
                "UnknownOperationException",
                List.of("sns", "create-topic", "--name", "x"),
                "InvalidAction",
                List.of("iam", "list-users"),
                "InvalidAction",
                List.of("ec2", "describe-instances"),
                "InvalidAction",
                List.of("cloudwatch", "describe-alarms"),
                "UnknownOperationException",
                List.of("eks", "list-nodegroups", "--cluster-name", "shop-dr"),
                "UnknownOperationException",
                List.of("s3api", "get-bucket-policy", "--bucket", Sandbox.AUDIT_BUCKET),
                "NotImplemented");
        notServed.forEach((command, code) -> {
            Result result = aws(command.toArray(String[]::new));
            String seen = String.join(" ", command) + " -> " + result.exit() + " " + result.stderr();
            assertServiceError(result, seen);
            assertTrue(result.stderr().contains("(" + code + ")"), seen);
            assertTrue(result.stderr().contains("not served by the sandbox: "), seen);
        });
        Result missing = aws("ssm", "get-parameter", "--name", "/nope");
        assertServiceError(missing, missing.stderr());
        assertTrue(missing.stderr().contains("(ParameterNotFound)"), missing.stderr());
    }

    @Test
    void boto3_sameCallsFromPython_answerAsTheCliDoes() throws IOException {
        Path script = Path.of("src/test/resources/aws-clients/boto3_sandbox.py");
        Result result = run(List.of("python3", script.toString()));
        assumeTrue(result.exit() != 3, "python3 has no boto3: " + result.stderr());
        assertEquals(0, result.exit(), result.stderr());
        JsonNode out = Json.MAPPER.readTree(result.stdout());
        assertEquals(EfsModel.ACCOUNT, out.path("account").asText());
        assertEquals(drFs, out.path("fileSystems").get(0).asText());
        assertEquals(Sandbox.PLAN_PARAMETER, out.path("plan").asText());
        assertEquals(List.of("efs-dr-failover", "efs-dr-failback"), names(out.path("stateMachines"), null));
        assertEquals(List.of(sandbox.scenario().dr().clusterName()), names(out.path("clusters"), null));
        assertTrue(out.path("topics").get(0).asText().endsWith(":" + Sandbox.TOPIC_NAME));
        assertEquals(1, out.path("auditKeys").size());
        assertEquals("UnknownOperationException", out.path("cloudwatchError").asText());
        assertEquals("InvalidAction", out.path("iamError").asText());
    }

    /**
     * A service error as the CLI reports one: exit status 254 (v2, and v1 for most commands) or 255 (v1 for
     * some, e.g. paginated commands), "An error occurred (<Code>)", and never a failure to parse the answer.
     */
    private static void assertServiceError(Result result, String seen) {
        assertTrue(result.exit() == 254 || result.exit() == 255, seen);
        assertTrue(result.stderr().contains("An error occurred ("), seen);
        assertFalse(result.stderr().contains("Unable to parse"), seen);
    }

    private JsonNode json(String... args) {
        Result result = aws(args);
        assertEquals(0, result.exit(), () -> String.join(" ", args) + ": " + result.stderr());
        try {
            return Json.MAPPER.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", args) + " printed no JSON: " + result.stdout(), e);
        }
    }

    private Result aws(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--output", "json"));
        command.addAll(List.of(args));
        Result result = run(command);
        assumeTrue(result.exit() != 127, "the aws CLI is not on PATH");
        return result;
    }

    private Result run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", sandbox.awsEndpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", Sandbox.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Sandbox.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", drRegion);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            byte[] stderr = process.getErrorStream().readAllBytes();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
            return new Result(process.exitValue(), text(stdout), text(stderr));
        } catch (IOException e) {
            return new Result(127, "", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> names(JsonNode list, String field) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(n -> field == null ? n.asText() : n.path(field).asText())
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private record Result(int exit, String stdout, String stderr) {}
}
