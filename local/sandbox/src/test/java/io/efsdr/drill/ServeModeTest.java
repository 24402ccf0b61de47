package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.kubernetes.WorkloadKind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serve mode through the real clients: the sandbox started as {@code local/drill serve} starts it,
 * the env file and kubeconfig it writes, and the unchanged {@code kubectl} (and {@code aws}) binaries
 * of the machine using them.
 */
class ServeModeTest {
    private static final String SCENARIO = """
            {"readinessDelaySeconds": 15,
             "deniedVerbs": ["delete storageclasses"],
             "workloads": [
               {"namespace": "shop", "kind": "Deployment", "name": "web", "activeReplicas": 2, "standbyReplicas": 0},
               {"namespace": "shop", "kind": "Deployment", "name": "api", "activeReplicas": 1, "standbyReplicas": 1},
               {"namespace": "shop", "kind": "StatefulSet", "name": "db", "activeReplicas": 1, "standbyReplicas": 0}]}
            """;

    @TempDir
    static Path dir;

    private static Sandbox sandbox;
    private static ServeSession session;

    @BeforeAll
    static void serve() throws IOException {
        sandbox = Sandbox.start(Scenario.parse(Json.MAPPER.readTree(SCENARIO), null));
        session = new ServeSession(sandbox, dir.resolve("sandbox.env"), ServeSession.awsOnPath());
        session.write();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void write_always_envFileExportsTheSandboxAndKubeconfigHasBothContexts() throws IOException {
        String env = Files.readString(session.envFile());
        assertTrue(env.contains("export AWS_ENDPOINT_URL=" + sandbox.awsEndpoint()), env);
        assertTrue(env.contains("export AWS_DEFAULT_REGION=us-west-2"), env);
        assertTrue(env.contains("export AWS_ACCESS_KEY_ID=" + Sandbox.ACCESS_KEY), env);
        assertTrue(env.contains("export KUBECONFIG=" + dir.resolve("sandbox.kubeconfig")), env);
        String kubeconfig = Files.readString(session.kubeconfig());
        assertTrue(kubeconfig.contains("server: " + sandbox.drCluster().endpoint()), kubeconfig);
        assertTrue(kubeconfig.contains(
                "certificate-authority-data: " + sandbox.primaryCluster().certificateAuthorityData()));
        assertTrue(kubeconfig.contains("- name: primary") && kubeconfig.contains("- name: dr"), kubeconfig);
    }

    @Test
    void getDeployments_allNamespaces_printsTheServerTable() throws Exception {
        Result result = kubectl("--context", "primary", "get", "deployments", "-A");
        assertEquals(0, result.exit(), result.toString());
        assertTrue(
                result.out()
                        .lines()
                        .findFirst()
                        .orElse("")
                        .matches("NAMESPACE\\s+NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE"),
                result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("shop\\s+web\\s+2/2\\s+2\\s+2\\s+\\S+")), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("shop\\s+api\\s+1/1\\s+1\\s+1\\s+\\S+")), result.out());
        Result dr = kubectl("--context", "dr", "get", "statefulsets,pods,pvc,namespaces,hpa", "-A");
        assertEquals(0, dr.exit(), dr.toString());
        assertTrue(dr.out().contains("statefulset.apps/db"), dr.out());
        assertTrue(
                dr.out().lines().anyMatch(l -> l.matches("shop\\s+pod/api-\\S+\\s+1/1\\s+Running\\s+0\\s+\\S+")),
                dr.out());
        assertTrue(dr.out().contains("persistentvolumeclaim/data-db-0"), dr.out());
        assertTrue(dr.out().contains("namespace/shop"), dr.out());
    }

    @Test
    void getStorageClass_yaml_showsEachRegionsFileSystem() throws Exception {
        Result dr = kubectl("--context", "dr", "get", "storageclass", "efs-sc", "-o", "yaml");
        assertEquals(0, dr.exit(), dr.toString());
        assertTrue(dr.out().contains("fileSystemId: " + sandbox.scenario().dr().fileSystemId()), dr.out());
        Result primary = kubectl("--context", "primary", "get", "storageclass", "-o", "json");
        JsonNode list = Json.MAPPER.readTree(primary.out());
        assertEquals(
                sandbox.scenario().primary().fileSystemId(),
                list.path("items")
                        .path(0)
                        .path("parameters")
                        .path("fileSystemId")
                        .asText());
    }

    @Test
    void apply_storageClassFile_createsThenPatchesAndRefusesParameterChanges() throws Exception {
        Path file = dir.resolve("sc.yaml");
        Files.writeString(file, storageClass("efs-applied", "fs-0fedcba9876543210", "tls"));
        Result created = kubectl("--context", "dr", "apply", "-f", file.toString());
        assertEquals(0, created.exit(), created.toString());
        assertTrue(created.out().contains("storageclass.storage.k8s.io/efs-applied created"), created.out());
        Result same = kubectl("--context", "dr", "apply", "-f", file.toString());
        assertTrue(same.out().contains("unchanged"), same.toString());

        Files.writeString(file, storageClass("efs-applied", "fs-0fedcba9876543210", "iam"));
        Result configured = kubectl("--context", "dr", "apply", "-f", file.toString());
        assertTrue(configured.out().contains("configured"), configured.toString());
        var view = sandbox.drCluster().storageClass("efs-applied").orElseThrow();
        assertEquals(List.of("iam"), view.mountOptions());
        assertTrue(view.annotations().containsKey("kubectl.kubernetes.io/last-applied-configuration"));

        Files.writeString(file, storageClass("efs-applied", "fs-0123456789abcdef0", "iam"));
        Result refused = kubectl("--context", "dr", "apply", "-f", file.toString());
        assertNotEquals(0, refused.exit());
        assertTrue(
                refused.err().contains("parameters: Forbidden: updates to parameters are forbidden."), refused.err());
        Result back = kubectl(
                "--context", "dr", "get", "storageclass", "efs-applied", "-o", "jsonpath={.parameters.fileSystemId}");
        assertEquals("fs-0fedcba9876543210", back.out());
    }

    @Test
    void scale_statefulSet_changesReplicasInTheStandIn() throws Exception {
        Result result = kubectl("--context", "dr", "scale", "statefulset", "db", "-n", "shop", "--replicas=1");
        assertEquals(0, result.exit(), result.toString());
        assertEquals(
                1,
                sandbox.drCluster()
                        .workload("shop", WorkloadKind.STATEFULSET, "db")
                        .orElseThrow()
                        .replicas());
    }

    @Test
    void rolloutStatus_oneDeploymentNotReady_waitsForThatOneOnly() throws Exception {
        Result scaled = kubectl("--context", "dr", "scale", "deployment", "web", "-n", "shop", "--replicas=2");
        assertEquals(0, scaled.exit(), scaled.toString());
        Result early = kubectl("--context", "dr", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=1s");
        assertNotEquals(0, early.exit(), early.toString());
        assertTrue(early.out().contains("Waiting for deployment \"web\" rollout to finish"), early.toString());
        Result other = kubectl("--context", "dr", "rollout", "status", "deployment/api", "-n", "shop", "--timeout=10s");
        assertEquals(0, other.exit(), other.toString());
        assertTrue(other.out().contains("deployment \"api\" successfully rolled out"), other.out());
        Result done = kubectl("--context", "dr", "rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s");
        assertEquals(0, done.exit(), done.toString());
        assertTrue(done.out().contains("deployment \"web\" successfully rolled out"), done.out());
    }

    @Test
    void authCanI_followsEachClustersAccessRules() throws Exception {
        assertEquals(
                "yes",
                kubectl("--context", "dr", "auth", "can-i", "list", "pods", "-n", "shop")
                        .out()
                        .trim());
        Result denied = kubectl("--context", "dr", "auth", "can-i", "delete", "storageclasses");
        assertEquals("no", denied.out().trim(), denied.toString());
        assertEquals(1, denied.exit());
        assertEquals(
                "yes",
                kubectl("--context", "primary", "auth", "can-i", "delete", "storageclasses")
                        .out()
                        .trim());
    }

    @Test
    void get_unsupportedFieldSelector_isRefusedLikeTheApiServer() throws Exception {
        Result result = kubectl("--context", "dr", "get", "pods", "-n", "shop", "--field-selector", "spec.image=x");
        assertNotEquals(0, result.exit());
        assertTrue(result.err().contains("field label not supported: spec.image"), result.err());
        Result byName = kubectl(
                "--context", "dr", "get", "deployments", "-A", "--field-selector", "metadata.name=api", "-o", "name");
        assertEquals("deployment.apps/api", byName.out().trim(), byName.toString());
    }

    @Test
    void awsCli_throughTheEnvFile_readsTheDrRegion() throws Exception {
        Assumptions.assumeTrue(ServeSession.awsOnPath(), "the aws CLI is not on the PATH");
        Result fileSystems =
                sourced("aws efs describe-file-systems --query 'FileSystems[].FileSystemId' --output text");
        assertEquals(0, fileSystems.exit(), fileSystems.toString());
        assertEquals(sandbox.scenario().dr().fileSystemId(), fileSystems.out().trim());
        Result plan = sourced(
                "aws ssm get-parameter --name " + Sandbox.PLAN_PARAMETER + " --query Parameter.Name --output text");
        assertEquals(Sandbox.PLAN_PARAMETER, plan.out().trim(), plan.toString());
    }

    @Test
    void serve_sigterm_endsTheProcessAndLeavesNothingRunning() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path env = dir.resolve("subprocess.env");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(), "-cp", classpath, Drill.class.getName(), "serve", "--env-file", env.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("subprocess.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(env) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(env), Files.readString(dir.resolve("subprocess.log")));
            List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            assertEquals(143, process.exitValue());
            assertTrue(family.stream().noneMatch(ProcessHandle::isAlive), "a child process outlived the serve");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String storageClass(String name, String fileSystemId, String mountOption) {
        return """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: %s
                provisioner: efs.csi.aws.com
                parameters:
                  provisioningMode: efs-ap
                  fileSystemId: %s
                reclaimPolicy: Retain
                mountOptions: [%s]
                """.formatted(name, fileSystemId, mountOption);
    }

    private record Result(int exit, String out, String err) {}

    private static Result kubectl(String... args) throws Exception {
        String kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on the PATH: serve mode's kubectl checks need it");
        List<String> command = new ArrayList<>(
                List.of(kubectl, "--cache-dir", dir.resolve("kube-cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", session.kubeconfig().toString());
        return run(builder);
    }

    private static Result sourced(String command) throws Exception {
        return run(new ProcessBuilder("bash", "-c", "source '" + session.envFile() + "' && " + command));
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, false));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, true));
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + builder.command());
        }
        return new Result(process.exitValue(), out.get(), err.get());
    }

    private static String read(Process process, boolean error) {
        try {
            return new String(
                    (error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (!entry.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
