package io.efsdr.drill.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.drill.Drill;
import io.efsdr.drill.DrillReport;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.PlanValidator;
import io.efsdr.plan.WorkflowLimits;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Runs generated worlds with the drill's machinery (the real state machines in the ASL engine,
 * every Task by its real handler, against the sandbox) and judges each by the {@link Judge};
 * shrinks a failing world to a smaller one that still fails.
 */
public final class Fuzzer {
    /** The approval timeout the sandbox's handlers run with (Settings: APPROVAL_TIMEOUT_MINUTES, 60). */
    static final long APPROVAL_SECONDS = 3600;
    /** The split-brain guard's schedule (Sandbox: rate(1 minute)). */
    static final long GUARD_INTERVAL_SECONDS = 60;

    /**
     * The documented changes of a run (docs/workflows.md): EFS replication delete and create,
     * overwrite protection, the write fence (file system policy); the active-region record, the
     * guard's rule, notifications, the audit record, approvals, hooks and the traffic switch.
     */
    static final Set<String> DOCUMENTED_AWS = Set.of(
            "elasticfilesystem:DeleteReplicationConfiguration",
            "elasticfilesystem:CreateReplicationConfiguration",
            "elasticfilesystem:UpdateFileSystemProtection",
            "elasticfilesystem:PutFileSystemPolicy",
            "elasticfilesystem:DeleteFileSystemPolicy",
            "ssm:PutParameter",
            "events:EnableRule",
            "events:DisableRule",
            "sns:Publish",
            "s3:PutObject",
            "states:SendTaskSuccess",
            "states:SendTaskFailure",
            "states:SendTaskHeartbeat",
            "lambda:Invoke",
            "route53:ChangeResourceRecordSets");

    private final Path root;

    public Fuzzer(Path root) {
        this.root = root;
    }

    /**
     * While open, the handlers log warnings and errors only (their INFO lines, a few megabytes per
     * hundred worlds, cost a fuzz run more CPU than most handlers); closing restores the level.
     * The judge reads the sandbox, never a log.
     */
    public static AutoCloseable quietHandlerLogs() {
        org.apache.logging.log4j.Level before =
                org.apache.logging.log4j.LogManager.getLogger("io.efsdr").getLevel();
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.efsdr", org.apache.logging.log4j.Level.WARN);
        return () -> org.apache.logging.log4j.core.config.Configurator.setLevel("io.efsdr", before);
    }

    /**
     * Runs the worlds of {@code seeds} on {@code threads} threads (each world has its own sandbox,
     * handler host and runner process, so worlds run side by side; a world's run is a chain of
     * calls that keeps about one core busy) and returns the outcomes in seed order.
     */
    public List<Outcome> runAll(List<Long> seeds, WorldGenerator generator, int threads) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
            for (long seed : seeds) {
                futures.add(pool.submit(() -> run(generator.generate(seed))));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (var f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One world's run: its facts, the verdicts, and the drill's report. */
    public record Outcome(World world, RunFacts facts, Map<String, Judge.Verdict> verdicts, String error) {
        public List<String> failed() {
            if (error != null) {
                return List.of("P3");
            }
            return verdicts.values().stream()
                    .filter(v -> Boolean.FALSE.equals(v.passed()))
                    .map(Judge.Verdict::property)
                    .toList();
        }
    }

    /** Runs the world (redriving a failed run once its faults are gone) and judges it. */
    public Outcome run(World world) {
        try {
            Run run = execute(world, world.redrives());
            WorldState reference = null;
            if (run.redriven) {
                // The world without faults, run as the operator runs it: redriven once if it failed
                // too. A run can fail without any fault (a stop or readiness wait that the world's own
                // delays outlast); its redrive is then part of the outcome the faulted run's redrive
                // must match (seed 1016: StatefulSet pods stopping one by one outlast readinessSeconds).
                reference = execute(world.withoutFaults(), true).after;
            }
            RunFacts facts = new RunFacts(
                    run.statuses,
                    run.report.dataLossWindowSeconds(),
                    Boolean.TRUE.equals(run.report.dataLossProven()),
                    run.lost,
                    run.splitBrain,
                    run.primaryReturned,
                    run.splitBrainBound,
                    run.seconds,
                    run.bound,
                    world.dryRun(),
                    run.before,
                    run.after,
                    run.changes,
                    run.undocumented,
                    run.redriven,
                    reference,
                    run.splitBrainLost,
                    run.guardReported,
                    run.guardOngoing);
            return new Outcome(world, facts, Judge.judge(facts), null);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException
                    && e.getMessage() != null
                    && e.getMessage().startsWith("scenario")) {
                throw e;
            }
            return new Outcome(world, null, Map.of(), "the run did not end: " + e);
        }
    }

    private record Run(
            DrillReport report,
            List<String> statuses,
            double lost,
            double splitBrain,
            boolean primaryReturned,
            double splitBrainBound,
            double seconds,
            double bound,
            WorldState before,
            WorldState after,
            List<String> changes,
            List<String> undocumented,
            boolean redriven,
            double splitBrainLost,
            Long guardReported,
            boolean guardOngoing) {}

    private Run execute(World world, boolean redrive) {
        Scenario scenario = Scenario.parse(world.scenario(), null);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Sandbox sandbox = Sandbox.start(scenario)) {
            WorldState before = WorldState.of(sandbox);
            int awsBefore = sandbox.aws().calls().all().size();
            int primaryBefore = sandbox.primaryCluster().calls().size();
            int drBefore = sandbox.drCluster().calls().size();
            int managementBefore = sandbox.managementCluster() == null
                    ? 0
                    : sandbox.managementCluster().calls().size();
            Set<String> planWorkloads = new HashSet<>();
            sandbox.drCluster()
                    .workloads()
                    .forEach(w ->
                            planWorkloads.add(w.namespace() + "/" + w.kind().kind() + "/" + w.name()));
            Instant start = sandbox.clock().instant();
            Drill drill = new Drill(root, quiet);
            if (redrive) {
                drill = drill.redriving();
            }
            List<String> statuses = new ArrayList<>();
            DrillReport report;
            int executions = 1;
            if (world.workflow().equals("cycle")) {
                report = drill.cycle(sandbox);
                executions = report.steps().stream().anyMatch(s -> s.name().startsWith("failback: ")) ? 2 : 1;
                if (executions == 2) {
                    statuses.add("SUCCEEDED");
                }
                statuses.add(report.status());
            } else {
                report = drill.run(sandbox, world.workflow(), Drill.input(scenario, "fuzz world"));
                statuses.add(report.status());
            }
            double seconds = Duration.between(start, sandbox.clock().instant()).toMillis() / 1000.0
                    - (double) executions * scenario.observeSeconds();
            double bound = bound(sandbox, world.workflow()) * (report.redrives() + 1);
            WorldState after = WorldState.of(sandbox);
            List<String> changes = new ArrayList<>();
            List<String> undocumented = new ArrayList<>();
            List<AwsCall> aws = sandbox.aws().calls().all();
            for (AwsCall c : aws.subList(awsBefore, aws.size())) {
                if (c.mutating() && c.succeeded()) {
                    String key = c.service() + ":" + c.operation();
                    changes.add(key + " " + c.region());
                    if (!DOCUMENTED_AWS.contains(key)) {
                        undocumented.add(key + " " + c.region());
                    }
                }
            }
            k8sChanges(
                    sandbox.primaryCluster().calls(), primaryBefore, "primary", planWorkloads, changes, undocumented);
            k8sChanges(sandbox.drCluster().calls(), drBefore, "dr", planWorkloads, changes, undocumented);
            // ---- issue 22: the hand-over's patches of the plan's workloads' GitOps objects, in any cluster
            if (sandbox.managementCluster() != null) {
                k8sChanges(
                        sandbox.managementCluster().calls(),
                        managementBefore,
                        "management",
                        planWorkloads,
                        changes,
                        undocumented);
            }
            Set<String> handOver = handOverPaths(sandbox, planWorkloads);
            undocumented.removeIf(c -> c.startsWith("kubernetes:patch:")
                    && !c.startsWith("kubernetes:patch:scale")
                    && handOver.contains(c.substring(c.lastIndexOf(' ') + 1)));
            // ---- issue 22: end
            if (sandbox.routingControls() != null) {
                sandbox.routingControls().calls().stream()
                        .filter(c ->
                                c.operation().startsWith("Update") && c.answer().startsWith("2"))
                        .forEach(c ->
                                changes.add("route53-recovery-cluster:" + c.operation() + " " + c.endpointRegion()));
            }
            var truth = sandbox.groundTruth(servingFileSystem(sandbox, world, report.status(), executions == 2));
            boolean returned = sandbox.primaryCameBack();
            long propagation = planTimeouts(sandbox).fencePropagationSeconds();
            return new Run(
                    report,
                    statuses,
                    truth.lostWriteSeconds(),
                    truth.splitBrainSeconds(),
                    returned,
                    GUARD_INTERVAL_SECONDS + scenario.terminationGraceSeconds() + propagation,
                    seconds,
                    bound,
                    before,
                    after,
                    changes,
                    undocumented,
                    report.redrives() > 0,
                    truth.splitBrainLostWriteSeconds(),
                    guardReported(sandbox),
                    guardReportsOngoing(sandbox));
        }
    }

    /** The fence record's SSM parameter (the functions' default: the active-region record's + "-fence"). */
    static final String FENCE_RECORD = Sandbox.ACTIVE_REGION_PARAMETER + "-fence";

    /**
     * The largest {@code splitBrainWriteSeconds} the split-brain guard wrote in its fence record, read
     * from the SSM parameter's history (a failback clears the record); null when it wrote none.
     */
    static Long guardReported(Sandbox sandbox) {
        Long largest = null;
        for (var version : sandbox.aws().ssm().history(sandbox.scenario().dr().region(), FENCE_RECORD)) {
            try {
                var seconds = Json.MAPPER.readTree(version.value()).path("splitBrainWriteSeconds");
                if (seconds.canConvertToLong() && (largest == null || seconds.asLong() > largest)) {
                    largest = seconds.asLong();
                }
            } catch (IOException e) {
                // not JSON: no report in this version
            }
        }
        return largest;
    }

    /**
     * Whether the fence record says, at the end, that the old primary answers with pods of the plan
     * that may still write (its workloads part pending, a split-brain report in it).
     */
    static boolean guardReportsOngoing(Sandbox sandbox) {
        var versions = sandbox.aws().ssm().history(sandbox.scenario().dr().region(), FENCE_RECORD);
        if (versions.isEmpty()) {
            return false;
        }
        try {
            JsonNode last =
                    Json.MAPPER.readTree(versions.get(versions.size() - 1).value());
            return last.path("workloads").asText().equals("PENDING")
                    && last.path("splitBrainWriteSeconds").canConvertToLong();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The file system that serves at the end, from the sandbox: the one of the region whose
     * cluster runs the plan's workloads, when exactly one does; otherwise the workflow's target
     * when it succeeded (not in a dry run), else the side that served at the start while it is
     * writable.
     */
    static String servingFileSystem(Sandbox sandbox, World world, String status, boolean failbackRan) {
        Scenario.SiteSpec primary = sandbox.scenario().primary();
        Scenario.SiteSpec dr = sandbox.scenario().dr();
        // A region that is down serves nothing, whatever its partitioned pods do.
        boolean primaryRuns = !sandbox.primaryDown()
                && sandbox.primaryCluster().workloads().stream().anyMatch(w -> w.replicas() > 0);
        boolean drRuns = sandbox.drCluster().workloads().stream().anyMatch(w -> w.replicas() > 0);
        if (primaryRuns != drRuns) {
            return primaryRuns ? primary.fileSystemId() : dr.fileSystemId();
        }
        // The last run's origin: a cycle whose failback ran started it on DR.
        boolean startedOnDr = world.workflow().equals("failback") || failbackRan;
        Scenario.SiteSpec origin = startedOnDr ? dr : primary;
        Scenario.SiteSpec target = world.workflow().equals("failover") ? dr : primary;
        if (status.equals("SUCCEEDED") && !world.dryRun()) {
            return target.fileSystemId();
        }
        return sandbox.aws().efs().isWritable(origin.fileSystemId()) ? origin.fileSystemId() : target.fileSystemId();
    }

    private static void k8sChanges(
            List<ApiCall> calls,
            int from,
            String side,
            Set<String> planWorkloads,
            List<String> changes,
            List<String> undocumented) {
        for (ApiCall c : calls.subList(from, calls.size())) {
            if (!c.mutating() || c.status() < 200 || c.status() >= 300) {
                continue;
            }
            String change = "kubernetes:" + c.operation() + " " + side + " " + c.path();
            changes.add(change);
            boolean scale = c.operation().equals("patch:scale") || c.operation().equals("update:scale");
            if (!scale || !planWorkloads.contains(workloadOf(c.path()))) {
                undocumented.add(change);
            }
        }
    }

    // ---- issue 22: begin
    /**
     * The paths the hand-over (issue 22) may patch, a documented change: each plan workload itself
     * (the {@code kustomize.toolkit.fluxcd.io/reconcile} annotation) and each GitOps object that manages
     * a plan workload (skip-reconcile, suspend); never an object that manages none of them. The
     * stand-in's call record holds no body, so the judge checks the target, not the patch's fields.
     */
    static Set<String> handOverPaths(Sandbox sandbox, Set<String> planWorkloads) {
        Set<String> paths = new HashSet<>();
        for (String w : planWorkloads) {
            String[] p = w.split("/");
            paths.add("/apis/apps/v1/namespaces/" + p[0] + "/"
                    + (p[1].equals("Deployment") ? "deployments" : "statefulsets") + "/" + p[2]);
        }
        Scenario scenario = sandbox.scenario();
        for (Scenario.GitOpsObjectSpec o : scenario.gitOpsObjectsSeeded()) {
            boolean managesPlan = scenario.workloads().stream()
                    .anyMatch(w -> planWorkloads.contains(w.id()) && o.manages(w, o.destination()));
            if (managesPlan) {
                String base = switch (o.kind()) {
                    case "Application" -> "/apis/argoproj.io/v1alpha1/namespaces/" + o.namespace() + "/applications/";
                    case "Kustomization" ->
                        "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/" + o.namespace() + "/kustomizations/";
                    default -> "/apis/helm.toolkit.fluxcd.io/v2/namespaces/" + o.namespace() + "/helmreleases/";
                };
                paths.add(base + o.name());
            }
        }
        return paths;
    }
    // ---- issue 22: end

    /** {@code /apis/apps/v1/namespaces/shop/deployments/w0/scale} -> {@code shop/Deployment/w0}. */
    static String workloadOf(String path) {
        String[] p = path.split("/");
        for (int i = 0; i + 3 < p.length; i++) {
            if (p[i].equals("namespaces")) {
                String kind = switch (p[i + 2]) {
                    case "deployments" -> "Deployment";
                    case "statefulsets" -> "StatefulSet";
                    default -> p[i + 2];
                };
                return p[i + 1] + "/" + kind + "/" + p[i + 3];
            }
        }
        return path;
    }

    private static io.efsdr.plan.Timeouts planTimeouts(Sandbox sandbox) {
        return new PlanValidator().validate(sandbox.plan()).timeouts();
    }

    /** The longest run the plan allows (WorkflowLimits, as Validate Plan computes it); both runs of a cycle. */
    static double bound(Sandbox sandbox, String workflow) {
        DrPlan plan = new PlanValidator().validate(sandbox.plan());
        int waves = waves(sandbox.scenario());
        List<String> workflows = workflow.equals("cycle") ? List.of("failover", "failback") : List.of(workflow);
        long total = 0;
        for (String w : workflows) {
            total += WorkflowLimits.longestRunSeconds(w, plan.timeouts(), APPROVAL_SECONDS, waves)
                    + WorkflowLimits.hookSeconds(plan.hooks(), w, waves);
        }
        return total;
    }

    private static int waves(Scenario scenario) {
        Set<Integer> waves = new HashSet<>();
        scenario.workloads().forEach(w -> waves.add(w.wave() == null ? 1 : w.wave()));
        return Math.max(1, waves.size());
    }

    // ---------------------------------------------------------------- shrinking

    /**
     * A smaller world that still fails one of {@code properties}: each step drops a fault, an
     * element of a list, a field, or halves the workloads, and keeps the change while the world
     * still fails; at most {@code budget} runs.
     */
    public World shrink(World world, List<String> properties, int budget) {
        Predicate<World> fails = w -> {
            try {
                return run(w).failed().stream().anyMatch(properties::contains);
            } catch (RuntimeException e) {
                return false;
            }
        };
        World current = new World(null, world.workflow(), world.scenario().deepCopy(), world.features());
        int runs = 0;
        boolean progress = true;
        while (progress && runs < budget) {
            progress = false;
            for (ObjectNode candidate : candidates(current.scenario())) {
                if (runs >= budget) {
                    break;
                }
                try {
                    Scenario.parse(candidate, null);
                } catch (RuntimeException e) {
                    continue;
                }
                runs++;
                World smaller = new World(null, current.workflow(), candidate, current.features());
                if (fails.test(smaller)) {
                    current = smaller;
                    progress = true;
                    break;
                }
            }
        }
        if (current.workflow().equals("cycle")) {
            for (String w : List.of("failover", "failback")) {
                ObjectNode s = current.scenario().deepCopy();
                if (w.equals("failback")) {
                    s.put("activeSide", "dr");
                }
                World single = new World(null, w, s, current.features());
                if (runs++ < budget + 2 && fails.test(single)) {
                    return single;
                }
            }
        }
        return current;
    }

    /** Every one-step reduction of a scenario, the biggest first. */
    static List<ObjectNode> candidates(ObjectNode s) {
        List<ObjectNode> out = new ArrayList<>();
        if (s.has("workloadCount") && s.get("workloadCount").asInt() > 1) {
            ObjectNode c = s.deepCopy();
            c.put("workloadCount", s.get("workloadCount").asInt() / 2);
            out.add(c);
        }
        if (s.path("workloads").size() > 1) {
            ObjectNode c = s.deepCopy();
            ArrayNode list = (ArrayNode) c.get("workloads");
            int keep = (list.size() + 1) / 2;
            while (list.size() > keep) {
                list.remove(list.size() - 1);
            }
            out.add(c);
            for (int i = 0; i < s.get("workloads").size(); i++) {
                ObjectNode d = s.deepCopy();
                ((ArrayNode) d.get("workloads")).remove(i);
                out.add(d);
            }
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("description") || field.equals("activeSide") || field.equals("workloads")) {
                continue;
            }
            JsonNode value = s.get(field);
            if (value.isArray() && value.size() > 1) {
                for (int i = 0; i < value.size(); i++) {
                    ObjectNode c = s.deepCopy();
                    ((ArrayNode) c.get(field)).remove(i);
                    out.add(c);
                }
            }
            if (value.isObject() && value.size() > 1) {
                for (Iterator<String> inner = value.fieldNames(); inner.hasNext(); ) {
                    String key = inner.next();
                    ObjectNode c = s.deepCopy();
                    ((ObjectNode) c.get(field)).remove(key);
                    out.add(c);
                }
            }
            ObjectNode c = s.deepCopy();
            c.remove(field);
            if (field.equals("primaryReachable") || field.equals("primaryLostAfterSeconds")) {
                c.remove(List.of("primaryReturnsAfterSeconds", "deleteHangsWhileSourceDown"));
            }
            out.add(c);
        }
        for (int i = 0; i < s.path("workloads").size(); i++) {
            JsonNode w = s.get("workloads").get(i);
            for (String key : List.of("wave", "endedPods")) {
                if (w.has(key)) {
                    ObjectNode c = s.deepCopy();
                    ((ObjectNode) c.get("workloads").get(i)).remove(key);
                    out.add(c);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the report

    /** Runs {@code count} worlds from {@code firstSeed} on, one at a time; shrinks each failing one. */
    public ObjectNode fuzz(long firstSeed, int count, WorldGenerator generator, PrintStream out, int shrinkBudget) {
        return fuzz(firstSeed, count, generator, out, shrinkBudget, 1);
    }

    /**
     * Runs {@code count} worlds from {@code firstSeed} on, {@code threads} at a time, and reports
     * them in seed order; shrinks each failing one (while the next worlds run).
     */
    public ObjectNode fuzz(
            long firstSeed, int count, WorldGenerator generator, PrintStream out, int shrinkBudget, int threads) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (AutoCloseable quiet = quietHandlerLogs()) {
            List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long seed = firstSeed + i;
                futures.add(pool.submit(() -> run(generator.generate(seed))));
            }
            return report(firstSeed, count, futures, out, shrinkBudget);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private ObjectNode report(
            long firstSeed,
            int count,
            List<java.util.concurrent.Future<Outcome>> futures,
            PrintStream out,
            int shrinkBudget)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        Map<String, int[]> properties = new LinkedHashMap<>();
        Judge.PROPERTIES.forEach(p -> properties.put(p, new int[2]));
        Map<String, Integer> coverage = new TreeMap<>();
        ArrayNode failing = Json.MAPPER.createArrayNode();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long seed = firstSeed + i;
            Outcome outcome = futures.get(i).get();
            World world = outcome.world();
            world.features().forEach(f -> coverage.merge(f, 1, Integer::sum));
            if (outcome.facts() != null && outcome.facts().redriven()) {
                coverage.merge("redriven", 1, Integer::sum);
            }
            for (String p : Judge.PROPERTIES) {
                Judge.Verdict v = outcome.verdicts().get(p);
                boolean failed = outcome.failed().contains(p);
                if (failed) {
                    properties.get(p)[1]++;
                } else if (v != null && v.passed() != null) {
                    properties.get(p)[0]++;
                }
            }
            List<String> failed = outcome.failed();
            out.printf("seed %d: %s %s%n", seed, world.workflow(), failed.isEmpty() ? "ok" : "FAILED " + failed);
            if (!failed.isEmpty()) {
                ObjectNode f = failing.addObject();
                f.put("seed", seed);
                f.put("workflow", world.workflow());
                f.set("failed", Json.MAPPER.valueToTree(failed));
                ObjectNode details = f.putObject("details");
                if (outcome.error() != null) {
                    details.put("P3", outcome.error());
                }
                outcome.verdicts().values().stream()
                        .filter(v -> Boolean.FALSE.equals(v.passed()))
                        .forEach(v -> details.put(v.property(), v.detail()));
                details.properties()
                        .forEach(e -> out.println(
                                "  " + e.getKey() + ": " + e.getValue().asText()));
                f.set("scenario", world.scenario());
                if (shrinkBudget > 0) {
                    World shrunk = shrink(world, failed, shrinkBudget);
                    ObjectNode s = f.putObject("shrunk");
                    s.put("workflow", shrunk.workflow());
                    s.set("scenario", shrunk.scenario());
                    out.println("  shrunk (" + shrunk.workflow() + "): " + shrunk.scenario());
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("seed", firstSeed);
        report.put("worlds", count);
        report.put("minutes", Math.round(minutes * 100) / 100.0);
        report.put("worldsPerMinute", minutes == 0 ? 0 : Math.round(count / minutes * 10) / 10.0);
        ObjectNode props = report.putObject("properties");
        properties.forEach((p, c) -> props.putObject(p).put("pass", c[0]).put("fail", c[1]));
        ObjectNode cov = report.putObject("coverage");
        coverage.forEach(cov::put);
        report.set("failing", failing);
        return report;
    }
}
