package io.efsdr.drill;

import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Serve mode: keeps a started sandbox running for people and their tools (the unchanged aws CLI and
 * kubectl) until the process is interrupted, and writes what those tools need: a shell env file
 * ({@code AWS_ENDPOINT_URL}, credentials, the DR region, {@code KUBECONFIG}) and, next to it, a
 * kubeconfig with the contexts {@code primary} and {@code dr}.
 *
 * <p>Each kubeconfig user authenticates as EKS users do (Amazon EKS User Guide, "Connect kubectl to
 * an EKS cluster by creating a kubeconfig file"): an exec entry running {@code aws eks get-token},
 * with {@code AWS_ENDPOINT_URL_STS} set to the regional STS URL so the presigned URL names the host
 * EKS checks, although {@code AWS_ENDPOINT_URL} points at the sandbox (a service-specific endpoint
 * variable wins over the global one: AWS SDKs and Tools Reference Guide, "Service-specific
 * endpoints"). Without {@code aws} on the PATH the users carry a static bearer token that the
 * clusters accept instead (kube-apiserver's static token file, Kubernetes docs "Authenticating";
 * EKS itself offers no such thing).
 */
public final class ServeSession {
    private final Sandbox sandbox;
    private final Path envFile;
    private final Path kubeconfig;
    private final boolean execAuthentication;
    private final String staticToken = "sandbox-" + UUID.randomUUID();

    /**
     * @param execAuthentication true: the kubeconfig runs {@code aws eks get-token}; false: static tokens
     */
    public ServeSession(Sandbox sandbox, Path envFile, boolean execAuthentication) {
        this.sandbox = sandbox;
        this.envFile = envFile.toAbsolutePath().normalize();
        this.kubeconfig = kubeconfigBeside(this.envFile);
        this.execAuthentication = execAuthentication;
    }

    /** {@code dir/name.kubeconfig} for {@code dir/name.env} (or {@code .sh}); {@code F.kubeconfig} otherwise. */
    static Path kubeconfigBeside(Path envFile) {
        String name = envFile.getFileName().toString();
        String base = name.replaceFirst("\\.(env|sh)$", "");
        return envFile.resolveSibling((base.equals(name) ? name : base) + ".kubeconfig");
    }

    /** Whether an {@code aws} executable is on the PATH. */
    public static boolean awsOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "aws"))) {
                return true;
            }
        }
        return false;
    }

    public Path envFile() {
        return envFile;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * Opens the clusters to the tools (they sign tokens with the machine's clock, which the sandbox's
     * runs ahead of after a drill skipped time, or faster with a clock rate; static tokens without
     * {@code aws}) and writes the env file and the kubeconfig.
     */
    public void write() throws IOException {
        for (KubernetesStandIn cluster : List.of(sandbox.primaryCluster(), sandbox.drCluster())) {
            cluster.acceptTokensByClientClock(Clock.systemUTC());
            if (!execAuthentication) {
                cluster.acceptStaticToken(staticToken);
            }
        }
        Files.createDirectories(envFile.getParent());
        Files.writeString(kubeconfig, kubeconfigText());
        Files.writeString(envFile, envText());
    }

    String envText() {
        Scenario scenario = sandbox.scenario();
        String dr = scenario.dr().region();
        return "# local/drill serve: the two-region sandbox (primary "
                + scenario.primary().region() + ", DR " + dr
                + "), valid while it runs\n"
                + "unset AWS_PROFILE AWS_SESSION_TOKEN\n"
                + "export AWS_ENDPOINT_URL=" + sandbox.awsEndpoint() + "\n"
                + "export AWS_ACCESS_KEY_ID=" + Sandbox.ACCESS_KEY + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + Sandbox.SECRET_KEY + "\n"
                + "export AWS_DEFAULT_REGION=" + dr + "\n"
                + "export AWS_REGION=" + dr + "\n"
                + "export AWS_PAGER=\n"
                + "export KUBECONFIG=" + kubeconfig + "\n";
    }

    String kubeconfigText() {
        Scenario scenario = sandbox.scenario();
        StringBuilder clusters = new StringBuilder();
        StringBuilder contexts = new StringBuilder();
        StringBuilder users = new StringBuilder();
        record Side(String context, Scenario.SiteSpec site, KubernetesStandIn cluster) {}
        for (Side side : List.of(
                new Side("primary", scenario.primary(), sandbox.primaryCluster()),
                new Side("dr", scenario.dr(), sandbox.drCluster()))) {
            clusters.append("- name: ").append(side.context()).append('\n');
            clusters.append("  cluster:\n");
            clusters.append("    server: ").append(side.cluster().endpoint()).append('\n');
            clusters.append("    certificate-authority-data: ")
                    .append(side.cluster().certificateAuthorityData())
                    .append('\n');
            contexts.append("- name: ").append(side.context()).append('\n');
            contexts.append("  context:\n");
            contexts.append("    cluster: ").append(side.context()).append('\n');
            contexts.append("    user: ").append(side.context()).append('\n');
            users.append("- name: ").append(side.context()).append('\n');
            users.append("  user:\n");
            users.append(execAuthentication ? execUser(side.site()) : "    token: " + staticToken + "\n");
        }
        return "# local/drill serve: the sandbox's two clusters ("
                + scenario.primary().clusterName() + ", "
                + scenario.dr().clusterName() + "), valid while it runs\n"
                + "apiVersion: v1\n"
                + "kind: Config\n"
                + "preferences: {}\n"
                + "current-context: dr\n"
                + "clusters:\n" + clusters
                + "contexts:\n" + contexts
                + "users:\n" + users;
    }

    /**
     * What {@code aws eks update-kubeconfig} writes (apiVersion client.authentication.k8s.io/v1beta1,
     * {@code aws --region R eks get-token --cluster-name C --output json}), plus the environment that
     * makes it work with the kubeconfig alone: the sandbox's keys and the regional STS endpoint.
     */
    private static String execUser(Scenario.SiteSpec site) {
        List<String> env = new ArrayList<>();
        env.add(envEntry("AWS_ENDPOINT_URL_STS", "https://sts." + site.region() + ".amazonaws.com"));
        env.add(envEntry("AWS_STS_REGIONAL_ENDPOINTS", "regional"));
        env.add(envEntry("AWS_ACCESS_KEY_ID", Sandbox.ACCESS_KEY));
        env.add(envEntry("AWS_SECRET_ACCESS_KEY", Sandbox.SECRET_KEY));
        return "    exec:\n"
                + "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                + "      command: aws\n"
                + "      args: [--region, " + site.region() + ", eks, get-token, --cluster-name, "
                + site.clusterName() + ", --output, json]\n"
                + "      interactiveMode: Never\n"
                + "      env:\n" + String.join("", env);
    }

    private static String envEntry(String name, String value) {
        return "      - name: " + name + "\n        value: \"" + value + "\"\n";
    }

    /** Prints the env file and how to use it. */
    public void print(PrintStream out) {
        out.println();
        out.printf(
                "SERVING the sandbox (sandbox clock %s, %s sandbox seconds per real second) until interrupted"
                        + " (Ctrl-C or SIGTERM)%n",
                sandbox.clock().instant(),
                String.format(Locale.ROOT, "%s", sandbox.clock().rate()));
        out.println("Env file " + envFile + " (kubeconfig " + kubeconfig + "):");
        out.println();
        out.print(envText());
        out.println();
        out.println("In another shell:  source " + envFile);
        out.println("  aws efs describe-file-systems; aws efs describe-replication-configurations");
        out.println("  aws ssm get-parameter --name " + Sandbox.PLAN_PARAMETER);
        out.println("  kubectl --context dr get deployments -A; kubectl --context primary get storageclass -o yaml");
        if (!execAuthentication) {
            out.println("(aws is not on the PATH: the kubeconfig carries a static token the sandbox accepts)");
        }
        out.flush();
    }

    /**
     * Serves until the JVM is told to stop (SIGINT, SIGTERM): a shutdown hook closes the sandbox's
     * servers, and the process ends with nothing left running. Never returns normally.
     */
    public void awaitShutdown() throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "serve-shutdown"));
        forever.await();
    }
}
