package io.efsdr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.drill.Drill;
import io.efsdr.drill.DrillReport;
import io.efsdr.drill.HandlerHost;
import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark driver. It hosts the sandbox in this JVM and starts every measured handler in a
 * fresh JVM through the Lambda Runtime Interface Client, as the java21 runtime does. Each command
 * writes a Markdown section to {@code bench/target/results}; {@code bench/run} joins them into
 * {@code bench/RESULTS.md}. Benchmarks measure; they assert nothing.
 */
public final class Bench {
    /** The flags the java21 managed runtime and our template give every function's JVM. */
    static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:+TieredCompilation",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-Djava.net.preferIPv4Stack=true");

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The Runtime Interface Client's CRaC context, which it runs around a SnapStart snapshot. */
    private static final String RIC_CRAC = "com.amazonaws.services.lambda.crac";
    /** The failover's Task functions, heaviest (the Kubernetes scaling one) first. */
    static final List<String> FUNCTIONS = List.of(
            "ScaleWorkloads",
            "ValidatePlan",
            "AssessReplication",
            "PromoteFileSystem",
            "CheckPromotion",
            "EnsureStorageClass",
            "PreflightVolumes",
            "CheckReadiness",
            "RecordActiveRegion",
            "Notify");

    private final Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
    private final Path out = root.resolve("bench/target/results");
    private final String java = System.getProperty(
            "bench.java",
            Path.of(System.getProperty("java.home"), "bin", "java").toString());
    private final String packageClasspath = System.getProperty("bench.package");
    private final String ricClasspath = System.getProperty("bench.ric");
    private final String benchClasses = System.getProperty("bench.classes");
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench();
        Files.createDirectories(bench.out);
        String command = args[0];
        int runs = args.length > 1 && args[1].chars().allMatch(Character::isDigit) ? Integer.parseInt(args[1]) : 10;
        switch (command) {
            case "coldstart" -> bench.coldStart(runs);
            case "failover" -> bench.failover();
            case "throughput" ->
                bench.throughput(
                        args.length > 1 ? Integer.parseInt(args[1]) : 1000,
                        args.length > 2 ? Integer.parseInt(args[2]) : 100,
                        args.length > 3 ? Integer.parseInt(args[3]) : 20);
            case "token" -> bench.token(runs);
            case "primed" -> bench.primed(runs);
            case "start" -> bench.start(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 10);
            case "targets" -> bench.targets();
            default -> throw new IllegalArgumentException("unknown benchmark " + command);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------
    // 1 and 6: cold start and memory per handler

    private void coldStart(int runs) throws Exception {
        Map<String, byte[]> payloads3 = payloads(Scenario.parse(Json.MAPPER.createObjectNode(), null));
        Map<String, byte[]> payloads100 = payloads(Scenario.parse(Json.MAPPER.createObjectNode(), 100));
        StringBuilder md = new StringBuilder();
        md.append("## 1. Cold start per handler\n\n")
                .append("Fresh JVM per run (`")
                .append(String.join(" ", LAMBDA_FLAGS))
                .append("`), started as the java21 runtime ")
                .append("starts it: `AWSLambda <handler>::handleRequest` (Runtime Interface Client 2.10.1) against a "
                        + "loopback ")
                .append("Runtime API, only the runtime on the JVM class path and the function loaded by the client's "
                        + "own class ")
                .append("loader from the package directory (as from `/var/task`); timed from process start to the "
                        + "response POST. ")
                .append("The payload is the one the state machine sent that function in a drill of the default world "
                        + "(3 ")
                .append("workloads); each run gets a fresh sandbox. ")
                .append(runs)
                .append(" runs each. Peak RSS is the JVM's ")
                .append("`VmHWM`. The sandbox answers AWS calls over plain HTTP and Kubernetes calls over TLS; in AWS "
                        + "both are ")
                .append("TLS, so a function that only calls AWS also pays a TLS start (the Kubernetes functions show "
                        + "its size).\n\n")
                .append("| handler | median ms | min ms | max ms | p90 ms | peak RSS MB (median) | target "
                        + "|\n|---|---|---|---|---|---|---|\n");
        for (String function : FUNCTIONS) {
            byte[] payload = payloads3.get(function);
            if (payload == null) {
                md.append("| ").append(function).append(" | not invoked in the drill | | | | | |\n");
                continue;
            }
            List<Run> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(launch(function, payload, null, List.of(), false));
            }
            Stats t = Stats.of(results.stream().map(Run::millis).toList());
            Stats m = Stats.of(results.stream().map(Run::rssMb).toList());
            String target = function.equals("ScaleWorkloads") ? "<= 1000" : "<= 800";
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %s %s |%n",
                    function,
                    t.median(),
                    t.min(),
                    t.max(),
                    t.p90(),
                    m.median(),
                    target,
                    t.median() <= (function.equals("ScaleWorkloads") ? 1000 : 800) ? "met" : "MISSED"));
            System.err.println(function + ": " + t);
            if (results.stream().anyMatch(Run::error)) {
                md.append("\n(")
                        .append(function)
                        .append(" answered an error: ")
                        .append(results.get(0).answer())
                        .append(")\n\n");
            }
        }

        md.append(primedFirstRequest(payloads3, runs));

        md.append(whereTheTimeGoes(payloads3, runs));

        md.append("\n## 6. Memory\n\n")
                .append("Each failover function in its own fresh JVM, given the payload it got in a 100-workload "
                        + "failover drill ")
                .append("(so `ScaleWorkloads` scales 100 workloads and `CheckReadiness` reads 100), Lambda's heap "
                        + "sizing for ")
                .append("1024 MB (`-XX:MaxHeapSize=870m`, as the runtime sets about 85 % of the memory). Peak RSS = "
                        + "`VmHWM` after ")
                .append("the answer, 3 runs each.\n\n| handler (100 workloads) | peak RSS MB median | max | time to "
                        + "result ms |\n|---|---|---|---|\n");
        for (String function : FUNCTIONS) {
            byte[] payload = payloads100.get(function);
            if (payload == null) {
                continue;
            }
            List<Run> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(launch(function, payload, 100, heapFlags(1024), false));
            }
            Stats m = Stats.of(results.stream().map(Run::rssMb).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d |%n",
                    function,
                    m.median(),
                    m.max(),
                    Stats.of(results.stream().map(Run::millis).toList()).median()));
        }

        md.append("\n### Cold start of the heaviest handler at a MemorySize\n\n")
                .append("Lambda gives CPU in proportion to memory (1,769 MB = one vCPU). Here: the heap flags Lambda "
                        + "derives from ")
                .append("the setting, and `taskset` to one core for settings below 1,769 MB (this machine cannot give "
                        + "a fraction ")
                .append("of a core, so below one vCPU Lambda is slower than these figures). ScaleWorkloads, 3 "
                        + "workloads, ")
                .append(runs)
                .append(" runs.\n\n| MemorySize | CPUs here | median ms | min ms | max ms | peak RSS MB "
                        + "|\n|---|---|---|---|---|---|\n");
        for (int memory : List.of(512, 1024, 2048)) {
            List<String> prefix = memory < 1769 && Files.isExecutable(Path.of("/usr/bin/taskset"))
                    ? List.of("taskset", "-c", "0")
                    : List.of();
            List<Run> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(launch(
                        "ScaleWorkloads", payloads3.get("ScaleWorkloads"), null, heapFlags(memory), false, prefix));
            }
            Stats t = Stats.of(results.stream().map(Run::millis).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %d MB | %s | %d | %d | %d | %d |%n",
                    memory,
                    prefix.isEmpty() ? "2" : "1",
                    t.median(),
                    t.min(),
                    t.max(),
                    Stats.of(results.stream().map(Run::rssMb).toList()).median()));
        }
        Files.writeString(out.resolve("coldstart.md"), md);
        System.out.print(md);
    }

    /**
     * One handler's cold start alone, for trying a change: {@code bench/run start FUNCTION [RUNS]}.
     * Extra JVM flags for the handler can be given in {@code bench.handlerFlags} (space-separated).
     */
    private void start(String function, int runs) throws Exception {
        byte[] payload =
                payloads(Scenario.parse(Json.MAPPER.createObjectNode(), null)).get(function);
        if (payload == null) {
            throw new IllegalArgumentException(function + " is not invoked in a failover drill; one of " + FUNCTIONS);
        }
        String flags = System.getProperty("bench.handlerFlags", "").trim();
        List<String> extra = flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(launch(function, payload, null, extra, false));
        }
        Stats t = Stats.of(results.stream().map(Run::millis).toList());
        System.out.printf(
                Locale.ROOT,
                "%s cold start: median %d ms (min %d, max %d, p90 %d), %d runs%s%s%n",
                function,
                t.median(),
                t.min(),
                t.max(),
                t.p90(),
                runs,
                extra.isEmpty() ? "" : ", flags " + extra,
                results.stream().anyMatch(Run::error)
                        ? ", ERROR: " + results.get(0).answer()
                        : "");
    }

    /** Primed (what a SnapStart restore runs) and unprimed first requests per function, with the targets. */
    static final long PRIMED_TARGET_MS = 300;

    static final long UNPRIMED_TARGET_MS = 1000;

    private String primedFirstRequest(Map<String, byte[]> payloads, int runs) throws Exception {
        StringBuilder md = new StringBuilder("\n### First request after priming (SnapStart) and unprimed\n\n")
                .append("Primed: the runtime starts as on a SnapStart version "
                        + "(`AWS_LAMBDA_INITIALIZATION_TYPE=snap-start`): ")
                .append("the Runtime Interface Client builds the handler, runs the CRaC `beforeCheckpoint` hooks (the ")
                .append("function's priming) and asks for `/restore/next`, where "
                        + "Lambda takes the snapshot; all of that is ")
                .append("untimed. The clock starts when the stand-in answers "
                        + "`/restore/next` (where a restored JVM goes on) ")
                .append("and stops at the response: `afterRestore` hooks, the "
                        + "event poll and the first request in the JVM ")
                .append("that was primed. The snapshot restore itself (on Lambda, typically 100-300 ms) is not in it. ")
                .append("Unprimed: a fresh JVM to the response, as in section 1, run alternately with the primed ")
                .append("ones so both see the same machine load. ")
                .append(runs)
                .append(" runs each; targets: primed <= ")
                .append(PRIMED_TARGET_MS)
                .append(" ms, unprimed <= ")
                .append(UNPRIMED_TARGET_MS)
                .append(" ms, every function.\n\n")
                .append("| handler | primed median ms | min | max | verdict | "
                        + "unprimed median ms | min | max | verdict ")
                .append("|\n|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder tsv = new StringBuilder();
        for (String function : FUNCTIONS) {
            byte[] payload = payloads.get(function);
            if (payload == null) {
                continue;
            }
            List<Run> primed = new ArrayList<>();
            List<Run> cold = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                primed.add(launch(function, payload, null, List.of(), true));
                cold.add(launch(function, payload, null, List.of(), false));
            }
            Stats p = Stats.of(primed.stream().map(Run::millis).toList());
            Stats c = Stats.of(cold.stream().map(Run::millis).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %d | %d | %d | %s |%n",
                    function,
                    p.median(),
                    p.min(),
                    p.max(),
                    p.median() <= PRIMED_TARGET_MS ? "met" : "MISSED",
                    c.median(),
                    c.min(),
                    c.max(),
                    c.median() <= UNPRIMED_TARGET_MS ? "met" : "MISSED"));
            System.err.println(function + ": primed " + p + ", unprimed " + c);
            tsv.append(function)
                    .append('\t')
                    .append(p.median())
                    .append('\t')
                    .append(c.median())
                    .append('\n');
            primed.stream()
                    .filter(Run::error)
                    .findFirst()
                    .ifPresent(r -> md.append("\n(")
                            .append(function)
                            .append(" primed answered an error: ")
                            .append(r.answer())
                            .append(")\n\n"));
        }
        Files.writeString(out.resolve("primed.tsv"), tsv);
        return md.toString();
    }

    /** The primed and unprimed first requests alone: {@code bench/run primed [RUNS]}. */
    private void primed(int runs) throws Exception {
        String md = primedFirstRequest(payloads(Scenario.parse(Json.MAPPER.createObjectNode(), null)), runs);
        Files.writeString(out.resolve("primed.md"), md);
        System.out.print(md);
    }

    /**
     * Why the unprimed start takes what it takes: how many classes a cold start loads and from
     * where, what starting Log4j alone costs, and the same start with those classes in a class-data
     * archive (made by this JVM, with the function's classes in a jar on the JVM's class path).
     */
    private String whereTheTimeGoes(Map<String, byte[]> payloads, int runs) throws Exception {
        StringBuilder md = new StringBuilder("\n### Where an unprimed start goes\n\n")
                .append("Classes loaded by one cold start (`-Xlog:class+load`), by origin:\n\n")
                .append("| handler | classes | JDK | Log4j | Jackson | AWS SDK | Powertools | efs-dr | other "
                        + "|\n|---|---|---|---|---|---|---|---|---|\n");
        for (String function : List.of("ScaleWorkloads", "PromoteFileSystem")) {
            Path classLog = out.resolve("logs").resolve(function + "-classes.log");
            Files.deleteIfExists(classLog);
            launch(function, payloads.get(function), null, List.of("-Xlog:class+load:file=" + classLog), false);
            Map<String, Integer> origins = new LinkedHashMap<>();
            for (String origin : List.of("JDK", "Log4j", "Jackson", "AWS SDK", "Powertools", "efs-dr", "other")) {
                origins.put(origin, 0);
            }
            int total = 0;
            for (String line : Files.readAllLines(classLog)) {
                int source = line.indexOf(" source: ");
                if (source < 0) {
                    continue;
                }
                String name = line.substring(line.indexOf("] ") + 2, source);
                origins.merge(originOf(name, line.substring(source)), 1, Integer::sum);
                total++;
            }
            md.append("| ").append(function).append(" | ").append(total);
            origins.values().forEach(n -> md.append(" | ").append(n));
            md.append(" |\n");
        }

        List<Long> logInit = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(LAMBDA_FLAGS);
            command.addAll(List.of("-cp", packageClasspath + ":" + benchClasses, LogInit.class.getName()));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            logInit.add(Long.parseLong(
                    printed.substring(printed.lastIndexOf('\n') + 1).trim()));
        }
        md.append("\nStarting Log4j with the packaged configuration (Powertools JSON layout) in a fresh JVM, to "
                        + "the first ")
                .append("logger: median ")
                .append(Stats.of(logInit).median())
                .append(" ms (")
                .append(runs)
                .append(" runs). Every handler pays it: Powertools logging is Log4j.\n");

        // The class-data archive experiment: the function's classes in a jar, all on the JVM class path.
        Path jar = out.resolve("functions.jar");
        Path packageRoot = Path.of(packageClasspath.split(":")[0]);
        Process jarring = new ProcessBuilder(
                        Path.of(java).resolveSibling("jar").toString(),
                        "cf",
                        jar.toString(),
                        "-C",
                        packageRoot.toString(),
                        "io",
                        "-C",
                        packageRoot.toString(),
                        "priming",
                        "-C",
                        packageRoot.toString(),
                        "log4j2.properties")
                .inheritIO()
                .start();
        if (jarring.waitFor() != 0) {
            throw new IOException("jar failed");
        }
        String jarClassPath = jar + packageClasspath.substring(packageClasspath.indexOf(':'));
        Path archive = out.resolve("functions.jsa");
        Files.deleteIfExists(archive);
        String function = "PromoteFileSystem";
        launch(
                function,
                payloads.get(function),
                null,
                List.of("-XX:ArchiveClassesAtExit=" + archive),
                false,
                List.of(),
                jarClassPath);
        List<Long> plain = new ArrayList<>();
        List<Long> archived = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(launch(function, payloads.get(function), null, List.of(), false, List.of(), jarClassPath)
                    .millis());
            if (Files.exists(archive)) {
                archived.add(launch(
                                function,
                                payloads.get(function),
                                null,
                                List.of("-XX:SharedArchiveFile=" + archive),
                                false,
                                List.of(),
                                jarClassPath)
                        .millis());
            }
        }
        md.append("\n")
                .append(function)
                .append(" with the function's classes in a jar on the JVM class path: median ")
                .append(Stats.of(plain).median())
                .append(" ms; the same with a class-data archive of what that start loaded ")
                .append("(`-XX:ArchiveClassesAtExit`, then `-XX:SharedArchiveFile`): ")
                .append(
                        archived.isEmpty()
                                ? "no archive was written"
                                : "median " + Stats.of(archived).median() + " ms")
                .append(" (")
                .append(runs)
                .append(" runs each). Not shipped: an archive only works on the exact JVM build ")
                .append("that made it (Lambda updates its Corretto), and the JVM will not archive with the `sam "
                        + "build` ")
                .append("layout, whose classes sit in a directory (\"non-empty directory\"); SnapStart is the "
                        + "deployed ")
                .append("form of the same saving.\n");
        return md.toString();
    }

    private static String originOf(String className, String source) {
        if (className.startsWith("org.apache.logging.") || className.startsWith("org.slf4j.")) {
            return "Log4j";
        } else if (className.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        } else if (className.startsWith("software.amazon.awssdk.")) {
            return "AWS SDK";
        } else if (className.startsWith("software.amazon.lambda.")
                || className.startsWith("software.amazon.cloudwatchlogs.")) {
            return "Powertools";
        } else if (className.startsWith("io.efsdr.")) {
            return "efs-dr";
        } else if (source.contains("jrt:/")
                || source.contains("shared objects file")
                || className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.")
                || className.startsWith("javax.")) {
            return "JDK";
        }
        return "other";
    }

    static List<String> heapFlags(int memoryMb) {
        return List.of(
                "-XX:MaxHeapSize=" + memoryMb * 85 / 100 + "m",
                "-XX:MaxMetaspaceSize=" + memoryMb / 10 + "m",
                "-XX:ReservedCodeCacheSize=" + Math.max(memoryMb / 20, 48) + "m");
    }

    /** Runs a failover drill in process and keeps the first payload each function got. */
    private Map<String, byte[]> payloads(Scenario scenario) throws IOException {
        Map<String, byte[]> payloads = new HashMap<>();
        try (Sandbox sandbox = Sandbox.start(scenario);
                HandlerHost host = new HandlerHost(sandbox)) {
            new Drill(root, quiet).run(sandbox, host, "failover", Drill.input(scenario, "bench"));
            for (HandlerHost.Invocation invocation : host.invocations()) {
                String name = invocation.function().replaceFirst("Function$", "");
                host.firstPayload(invocation.function()).ifPresent(p -> payloads.putIfAbsent(name, p));
            }
        }
        return payloads;
    }

    record Run(long millis, long rssMb, boolean error, String answer) {}

    private Run launch(String function, byte[] payload, Integer workloads, List<String> extraFlags, boolean primed)
            throws Exception {
        return launch(function, payload, workloads, extraFlags, primed, List.of());
    }

    private Run launch(
            String function,
            byte[] payload,
            Integer workloads,
            List<String> extraFlags,
            boolean primed,
            List<String> prefix)
            throws Exception {
        return launch(function, payload, workloads, extraFlags, primed, prefix, null);
    }

    /** One fresh handler JVM in a fresh sandbox: start, one invocation, peak RSS, stop. */
    private Run launch(
            String function,
            byte[] payload,
            Integer workloads,
            List<String> extraFlags,
            boolean primed,
            List<String> prefix,
            String appClassPath)
            throws Exception {
        Scenario scenario = Scenario.parse(Json.MAPPER.createObjectNode(), workloads);
        try (Sandbox sandbox = Sandbox.start(scenario);
                RuntimeApi api = new RuntimeApi(function + "Function")) {
            String handler = "io.efsdr.handler." + function + "Handler::handleRequest";
            List<String> command = new ArrayList<>(prefix);
            command.add(java);
            command.addAll(LAMBDA_FLAGS);
            command.addAll(extraFlags);
            command.add("-cp");
            // As on Lambda: the JVM's class path holds the runtime only; the Runtime Interface Client
            // loads the function from its working directory (/var/task there: classes plus lib/*.jar)
            // with its own class loader.
            // appClassPath: the function on the JVM's own class path instead (the class-data archive
            // experiment: the JVM archives only what its built-in loaders load from jars).
            command.add(appClassPath != null ? appClassPath + ":" + ricClasspath : ricClasspath);
            if (primed) {
                // The function's org.crac registrations reach the runtime's own CRaC context, which
                // the client runs before the snapshot (org.crac Core: the Compat system property).
                command.add(command.size() - 2, "-Dorg.crac.Core.Compat=" + RIC_CRAC);
            }
            command.add(RIC_MAIN);
            command.add(handler);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.directory(
                    appClassPath != null
                            ? out.toFile()
                            : Path.of(packageClasspath.split(":")[0]).toFile());
            builder.environment().putAll(environment(sandbox, api, function));
            if (primed) {
                builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            }
            Path log = out.resolve("logs").resolve(function + ".log");
            Files.createDirectories(log.getParent());
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                if (primed) {
                    // Init and priming ran untimed; the clock starts where a restored snapshot goes on.
                    api.snapshotPoint().get(120, TimeUnit.SECONDS);
                    started = System.nanoTime();
                    api.restore();
                }
                RuntimeApi.Answer answer = api.invoke(payload).get(120, TimeUnit.SECONDS);
                long millis = (answer.arrivedNanos() - started) / 1_000_000;
                long rss = peakRssMb(process.pid());
                return new Run(
                        millis,
                        rss,
                        answer.error(),
                        answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body());
            } finally {
                // SIGTERM first, so a JVM told to write a class-data archive at exit can write it.
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Map<String, String> environment(Sandbox sandbox, RuntimeApi api, String function) {
        String region = sandbox.scenario().dr().region();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", Sandbox.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Sandbox.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL", sandbox.awsEndpoint().toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function + "Function");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function + "Function");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("_HANDLER", "io.efsdr.handler." + function + "Handler::handleRequest");
        env.putAll(HandlerHost.functionEnvironment(sandbox));
        env.put("POWERTOOLS_SERVICE_NAME", "efs-dr");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "EfsDr");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------
    // 3: whole failover

    private void failover() throws IOException {
        StringBuilder md = new StringBuilder("## 3. Whole failover, Wait states scaled to zero\n\n")
                .append("In process (the JVM is already up): the real failover state machine in the ASL engine, every "
                        + "Task by the ")
                .append("real handler against the sandbox. Time per state is the sum over its entries (polls "
                        + "loop).\n\n");
        Map<Integer, DrillReport> reports = new LinkedHashMap<>();
        Map<Integer, Long> walls = new LinkedHashMap<>();
        // One untimed run first: the handlers share this JVM, and the first run would otherwise carry
        // their class loading (Lambda's is the cold start, measured in section 1).
        try (Sandbox sandbox = Sandbox.start(Scenario.defaults())) {
            new Drill(root, quiet).run(sandbox, "failover", Drill.input(sandbox.scenario(), "bench warm-up"));
        }
        for (int workloads : List.of(3, 10, 100, 1000)) {
            Scenario scenario = Scenario.parse(Json.MAPPER.createObjectNode(), workloads);
            try (Sandbox sandbox = Sandbox.start(scenario)) {
                long started = System.nanoTime();
                DrillReport report = new Drill(root, quiet).run(sandbox, "failover", Drill.input(scenario, "bench"));
                walls.put(workloads, (System.nanoTime() - started) / 1_000_000);
                reports.put(workloads, report);
                System.err.println(
                        workloads + " workloads: " + report.status() + " in " + walls.get(workloads) + " ms");
            }
        }
        md.append("| workloads | result | wall ms |\n|---|---|---|\n");
        reports.forEach((n, r) -> md.append("| ")
                .append(n)
                .append(" | ")
                .append(r.status())
                .append(" | ")
                .append(walls.get(n))
                .append(" |\n"));
        md.append(overheadAboveFloor(reports, walls));
        md.append("\n| state | ");
        reports.keySet().forEach(n -> md.append(n).append(" workloads ms | "));
        md.append("\n|---|");
        reports.keySet().forEach(n -> md.append("---|"));
        md.append("\n");
        List<String> states = new ArrayList<>();
        reports.values()
                .forEach(r -> r.steps().forEach(s -> {
                    if (!states.contains(s.name())) {
                        states.add(s.name());
                    }
                }));
        for (String state : states) {
            md.append("| ").append(state).append(" | ");
            for (DrillReport r : reports.values()) {
                md.append(r.steps().stream()
                                .filter(s -> s.name().equals(state))
                                .findFirst()
                                .map(s -> s.durationMs() + (s.entries() > 1 ? " (" + s.entries() + "x)" : ""))
                                .orElse(""))
                        .append(" | ");
            }
            md.append("\n");
        }
        Files.writeString(out.resolve("failover.md"), md);
        System.out.print(md);
    }

    /**
     * Overhead targets of issue 16: at most 10 s at 1,000 workloads, at most 5 % of the floor for the default world.
     */
    static final double OVERHEAD_TARGET_SECONDS = 10;

    static final double OVERHEAD_TARGET_FRACTION = 0.05;

    /**
     * What the orchestration adds to the world's physical floor (the drill report's {@code
     * floorSeconds}: the primary's stop, the final sync, the promotion, each wave's start), with
     * verdicts; also written as {@code rto.tsv} (workloads, rtoSeconds) for the runbook comparison.
     */
    private String overheadAboveFloor(Map<Integer, DrillReport> reports, Map<Integer, Long> walls) throws IOException {
        StringBuilder md = new StringBuilder("\n### Orchestration overhead above the physical floor\n\n")
                .append("`rtoSeconds` (sandbox time from the execution's start to the last wave ready) against ")
                .append("`floorSeconds`, the fastest the world allows: the primary's stop (termination grace), the ")
                .append("final sync (replication lag), the promotion and the pods' start (see docs/sandbox.md, \"The ")
                .append("physical floor\"). The overhead is handler and engine time (the wall column, this machine, ")
                .append("sandbox included), polls that land after the world changed, and a stop's 10 s hold ")
                .append("where it outlasts the final sync. Targets: <= ")
                .append((long) OVERHEAD_TARGET_SECONDS)
                .append(" s at 1,000 workloads; <= ")
                .append((long) (OVERHEAD_TARGET_FRACTION * 100))
                .append(" % of the floor for the default world (3 workloads).\n\n")
                .append("| workloads | rtoSeconds | floorSeconds | overhead s | % "
                        + "of floor | execution wall s | target ")
                .append("|\n|---|---|---|---|---|---|---|\n");
        StringBuilder tsv = new StringBuilder();
        StringBuilder overheads = new StringBuilder();
        reports.forEach((n, r) -> {
            Double overhead = r.overheadSeconds();
            if (overhead != null) {
                overheads.append(String.format(
                        Locale.ROOT, "%d\t%.1f\t%.1f\t%.1f%n", n, r.rtoSeconds(), r.floorSeconds(), overhead));
            }
            String target = "";
            if (overhead != null && n == 3) {
                target = "<= 5 % of floor: "
                        + (overhead <= OVERHEAD_TARGET_FRACTION * r.floorSeconds() ? "met" : "MISSED");
            } else if (overhead != null && n == 1000) {
                target = "<= 10 s: " + (overhead <= OVERHEAD_TARGET_SECONDS ? "met" : "MISSED");
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %d%s | %s | %s | %s | %s | %.1f | %s |%n",
                    n,
                    n == 3 ? " (default world)" : "",
                    r.rtoSeconds() == null ? r.status() : String.format(Locale.ROOT, "%.1f", r.rtoSeconds()),
                    r.floorSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.floorSeconds()),
                    overhead == null ? "-" : String.format(Locale.ROOT, "%.1f", overhead),
                    overhead == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * overhead / r.floorSeconds()),
                    walls.get(n) / 1000.0,
                    target));
            if (r.rtoSeconds() != null) {
                tsv.append(n)
                        .append('\t')
                        .append(String.format(Locale.ROOT, "%.1f", r.rtoSeconds()))
                        .append('\n');
            }
        });
        Files.writeString(out.resolve("rto.tsv"), tsv);
        Files.writeString(out.resolve("overhead.tsv"), overheads);
        return md.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // The targets table: verdicts computed from this run's figures (the .tsv files the sections wrote)

    private void targets() throws IOException {
        StringBuilder md = new StringBuilder("## Targets of this run\n\n")
                .append("Verdicts computed by `bench/run` from the figures below "
                        + "(not written by hand); a target whose ")
                .append("figures this run did not measure says so.\n\n")
                .append("| target | measured | verdict |\n|---|---|---|\n");
        List<String[]> runbook = rows("runbook.tsv");
        if (runbook.isEmpty()) {
            md.append("| Runbook time / orchestrator rtoSeconds at 10, 100, 1,000 workloads | not measured | - |\n");
        } else {
            List<String> ratios = new ArrayList<>();
            boolean complete = true;
            for (String[] row : runbook) {
                if (row.length < 3 || row[1].isEmpty()) {
                    ratios.add(row[0] + ": runbook failed");
                    complete = false;
                    continue;
                }
                double ratio = Double.parseDouble(row[1]) / Double.parseDouble(row[2]);
                ratios.add(
                        String.format(Locale.ROOT, "%s: %s s / %s s = %.2f", thousands(row[0]), row[1], row[2], ratio));
            }
            md.append("| Runbook time / orchestrator rtoSeconds, same worlds, one run (the runbook neither stops ")
                    .append("the primary nor syncs: see below) | ")
                    .append(String.join("; ", ratios))
                    .append(" | ")
                    .append(complete ? "reported" : "**incomplete**")
                    .append(" |\n");
        }
        Map<Integer, double[]> overhead = new LinkedHashMap<>();
        for (String[] row : rows("overhead.tsv")) {
            overhead.put(
                    Integer.parseInt(row[0]),
                    new double[] {Double.parseDouble(row[1]), Double.parseDouble(row[2]), Double.parseDouble(row[3])});
        }
        double[] at1000 = overhead.get(1000);
        md.append("| Overhead above the floor (rtoSeconds - floorSeconds), 1,000 workloads, <= ")
                .append((long) OVERHEAD_TARGET_SECONDS)
                .append(" s | ")
                .append(
                        at1000 == null
                                ? "not measured | - |"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f s (%.1f - %.0f); 10: %s, 100: %s | %s |",
                                        at1000[2],
                                        at1000[0],
                                        at1000[1],
                                        overheadOf(overhead.get(10)),
                                        overheadOf(overhead.get(100)),
                                        verdict(at1000[2] <= OVERHEAD_TARGET_SECONDS)))
                .append("\n");
        double[] world = overhead.get(3);
        md.append("| Overhead above the floor, default world (3 workloads), <= ")
                .append((long) (OVERHEAD_TARGET_FRACTION * 100))
                .append(" % of the floor | ")
                .append(
                        world == null
                                ? "not measured | - |"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f s = %.1f %% of %.0f s | %s |",
                                        world[2],
                                        100 * world[2] / world[1],
                                        world[1],
                                        verdict(world[2] <= OVERHEAD_TARGET_FRACTION * world[1])))
                .append("\n");
        List<String[]> primed = rows("primed.tsv");
        md.append(firstRequestRow(
                        primed, 1, "Primed (SnapStart) first request, every function, median <= ", PRIMED_TARGET_MS))
                .append(firstRequestRow(
                        primed, 2, "Unprimed first request, every function, median <= ", UNPRIMED_TARGET_MS));
        Files.writeString(out.resolve("targets.md"), md);
        System.out.print(md);
    }

    private static String firstRequestRow(List<String[]> rows, int column, String label, long targetMs) {
        String target = label
                + String.format(
                        Locale.ROOT,
                        "%.1f s (this machine, %d cores) | ",
                        targetMs / 1000.0,
                        Runtime.getRuntime().availableProcessors());
        if (rows.isEmpty()) {
            return "| " + target + "not measured | - |\n";
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        String slowest = "";
        List<String> over = new ArrayList<>();
        for (String[] row : rows) {
            long ms = Long.parseLong(row[column]);
            min = Math.min(min, ms);
            if (ms > max) {
                max = ms;
                slowest = row[0];
            }
            if (ms > targetMs) {
                over.add(row[0] + " " + ms + " ms");
            }
        }
        return String.format(
                Locale.ROOT,
                "| %s%d-%d ms over %d functions (slowest %s)%s | %s |%n",
                target,
                min,
                max,
                rows.size(),
                slowest,
                over.isEmpty() ? "" : "; over: " + String.join(", ", over),
                verdict(over.isEmpty()));
    }

    private static String overheadOf(double[] row) {
        return row == null ? "-" : String.format(Locale.ROOT, "%.1f s", row[2]);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**not met**";
    }

    private static String thousands(String n) {
        return String.format(Locale.ROOT, "%,d", Long.parseLong(n));
    }

    private List<String[]> rows(String file) throws IOException {
        Path path = out.resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        return Files.readAllLines(path).stream()
                .filter(line -> !line.isBlank())
                .map(line -> line.split("\t", -1))
                .toList();
    }

    // ---------------------------------------------------------------------------------------------
    // 4: scaling throughput under a rate limit and 429s

    private void throughput(int workloads, int rate, int concurrency) throws Exception {
        Scenario scenario = Scenario.parse(Json.MAPPER.createObjectNode(), workloads);
        StringBuilder md = new StringBuilder("## 4. Scaling throughput\n\n");
        try (Sandbox sandbox = Sandbox.start(scenario);
                HandlerHost host = new HandlerHost(sandbox)) {
            sandbox.faults().add(new FaultPlan.Fault("kubernetes", "*", null, FaultKind.THROTTLING, null, 20));
            ObjectNode plan = sandbox.scenario().plan().deepCopy();
            plan.put("kubernetesConcurrency", concurrency);
            plan.put("kubernetesRateLimit", rate);
            ObjectNode payload = Json.MAPPER.createObjectNode();
            payload.set("plan", plan);
            payload.putObject("run")
                    .put("executionName", "bench-throughput")
                    .put("workflow", "failover")
                    .put("reason", "bench")
                    .put("dryRun", false)
                    .put("startedAt", sandbox.clock().instant().toString());
            payload.put("target", "dr").put("replicas", "active");
            HttpClient http = HttpClient.newHttpClient();
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(host.endpoint() + "/invoke/ScaleWorkloadsFunction"))
                            .POST(HttpRequest.BodyPublishers.ofString(payload.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonNode result = Json.MAPPER.readTree(response.body());
            Map<String, Integer> wanted = new HashMap<>();
            scenario.workloads().forEach(w -> wanted.put(w.namespace() + "/" + w.name(), w.activeReplicas()));
            var views = sandbox.cluster(scenario.dr().region()).workloads();
            long wrong = views.stream()
                    .filter(v -> !Integer.valueOf(v.replicas()).equals(wanted.get(v.namespace() + "/" + v.name())))
                    .count();
            long scaledUp = views.stream()
                    .filter(v -> Integer.valueOf(v.replicas()).equals(wanted.get(v.namespace() + "/" + v.name())))
                    .count();
            var dr = sandbox.cluster(scenario.dr().region());
            int throttled =
                    (int) dr.calls().stream().filter(c -> c.status() == 429).count();
            int calls = dr.calls().size();
            double ideal = 1.0 * workloads / rate * 1000;
            md.append(String.format(
                    Locale.ROOT,
                    """
          %d workloads scaled from 0 to their active replicas by the real ScaleWorkloads handler (in process, warm JVM),
          `kubernetesRateLimit` %d calls/s, `kubernetesConcurrency` %d, the API server answering every 20th call
          (5 %%) with 429 and `Retry-After: 1`. The handler reads every workload's replicas with one LIST per \
          namespace and
          kind, then PATCHes each scale subresource: N = %d workloads, and the ideal is N / rate = %.1f s; every 429 is
          retried and takes a rate slot of its own.

          | figure | value |
          |---|---|
          | wall time | %d ms |
          | ideal N / rate | %.0f ms |
          | ratio | %.3f x (target <= 1.1 x: %s) |
          | calls made (incl. retries) | %d (%d answered 429) |
          | handler result | %s |
          | workloads at their requested replicas | %d of %d |
          | workloads left wrong | %d |
          """,
                    workloads,
                    rate,
                    concurrency,
                    workloads,
                    ideal / 1000,
                    millis,
                    ideal,
                    millis / ideal,
                    millis / ideal <= 1.1 ? "met" : "MISSED",
                    calls,
                    throttled,
                    result.path("summary").asText(response.body()),
                    scaledUp,
                    views.size(),
                    wrong));
        }
        Files.writeString(out.resolve("throughput.md"), md);
        System.out.print(md);
    }

    // ---------------------------------------------------------------------------------------------
    // 5: EKS token

    private void token(int runs) throws Exception {
        List<Long> jvmToToken = new ArrayList<>();
        List<Long> firstMint = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        List<Long> hit = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(LAMBDA_FLAGS);
            command.addAll(List.of("-cp", packageClasspath + ":" + benchClasses, TokenBench.class.getName()));
            long started = System.nanoTime();
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long total = (System.nanoTime() - started) / 1_000_000;
            process.waitFor();
            JsonNode figures = Json.MAPPER.readTree(output.substring(output.indexOf('{')));
            jvmToToken.add(figures.get("processStartToFirstTokenMs").asLong(total));
            firstMint.add(figures.get("firstMintMicros").asLong());
            warm.add(figures.get("warmMintMicros").asLong());
            hit.add(figures.get("cacheHitNanos").asLong());
        }
        StringBuilder md = new StringBuilder("## 5. EKS token\n\n")
                .append("`EksTokenProvider` (SigV4 presign of STS GetCallerIdentity, no network) in a fresh JVM with "
                        + "the Lambda ")
                .append("flags, ")
                .append(runs)
                .append(" JVMs. Warm mint: median of 1,000 mints after 200 warm-up mints; cache hit: ")
                .append("mean of 1,000,000 hits.\n\n| figure | median | min | max |\n|---|---|---|---|\n");
        Stats a = Stats.of(jvmToToken);
        Stats b = Stats.of(firstMint);
        Stats c = Stats.of(warm);
        Stats d = Stats.of(hit);
        md.append(String.format(
                Locale.ROOT,
                "| process start to first token | %d ms | %d ms | %d ms |%n",
                a.median(),
                a.min(),
                a.max()));
        md.append(String.format(
                Locale.ROOT,
                "| first mint in a fresh JVM (the call alone) | %.1f ms | %.1f ms | %.1f ms |%n",
                b.median() / 1000.0,
                b.min() / 1000.0,
                b.max() / 1000.0));
        md.append(String.format(Locale.ROOT, "| warm mint | %d us | %d us | %d us |%n", c.median(), c.min(), c.max()));
        md.append(String.format(Locale.ROOT, "| cache hit | %d ns | %d ns | %d ns |%n", d.median(), d.min(), d.max()));
        Files.writeString(out.resolve("token.md"), md);
        System.out.print(md);
    }

    /** Median and spread of a sample. */
    record Stats(long median, long min, long max, long p90) {
        static Stats of(List<Long> values) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Stats(
                    median,
                    sorted.get(0),
                    sorted.get(n - 1),
                    sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.9) - 1)));
        }
    }
}
