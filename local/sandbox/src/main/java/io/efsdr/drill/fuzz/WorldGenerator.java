package io.efsdr.drill.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.handler.StepCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws a world from a seed: a scenario over the sandbox's vocabulary (docs/sandbox.md, "Scenario
 * files") and the workflow to run in it. The same seed and limits give the same world on every
 * run (one {@link Random} per world, drawn in a fixed order). Every drawn feature is a scenario
 * field, so a world prints as a scenario file.
 *
 * <p>Faults are transient ({@code times} 1 to 3): a workflow must survive them or fail safely,
 * and P4 redrives a failed run once they are gone. The fence's propagation in the sandbox
 * ({@code policyPropagationSeconds}) stays within the plan's {@code fencePropagationSeconds}: the
 * plan's bound is an assumption the properties rely on (docs/safety.md).
 *
 * <p>Every hostile feature a world may have is named once, in {@link #FEATURES}; a world lists the
 * ones it drew ({@link World#features()}), and a name outside the list is a bug of the generator.
 * The features added after the fixed CI seed set was chosen (crashes, redrive, the primary lost
 * mid-run, faults beyond the first operations, many-times faults) are drawn from a second random
 * stream, so the first stream's draws, and the worlds the CI seeds had, are kept where possible.
 *
 * <p>Approval requests never wait in real time: every world scripts {@code approvals} (an empty
 * list when none was drawn), and a request past the list times out at once (HandlerHost), as the
 * state's timeout would, with the clock moved past it.
 */
public final class WorldGenerator {
    static final String HOOK_ARN = "arn:aws:lambda:us-west-2:123456789012:function:fuzz-hook-";

    /**
     * AWS and Kubernetes operations the workflows call, per service (the fault plan's names: AWS
     * operation names, Kubernetes {@code verb:resource}).
     */
    private static final List<String[]> OPERATIONS = List.of(
            new String[] {"elasticfilesystem", "DescribeReplicationConfigurations"},
            new String[] {"elasticfilesystem", "DeleteReplicationConfiguration"},
            new String[] {"elasticfilesystem", "CreateReplicationConfiguration"},
            new String[] {"elasticfilesystem", "DescribeFileSystems"},
            new String[] {"elasticfilesystem", "UpdateFileSystemProtection"},
            new String[] {"elasticfilesystem", "PutFileSystemPolicy"},
            new String[] {"elasticfilesystem", "DeleteFileSystemPolicy"},
            new String[] {"elasticfilesystem", "*"},
            new String[] {"ssm", "GetParameter"},
            new String[] {"ssm", "PutParameter"},
            new String[] {"sns", "Publish"},
            new String[] {"states", "*"},
            new String[] {"eks", "DescribeCluster"},
            new String[] {"kubernetes", "patch:scale"},
            new String[] {"kubernetes", "get:scale"},
            new String[] {"kubernetes", "list:pods"},
            new String[] {"kubernetes", "list:statefulsets"},
            new String[] {"kubernetes", "list:deployments"},
            new String[] {"kubernetes", "*"},
            new String[] {"lambda", "Invoke"},
            new String[] {"route53", "ChangeResourceRecordSets"},
            new String[] {"route53", "GetChange"},
            new String[] {"route53-recovery-cluster", "UpdateRoutingControlStates"},
            new String[] {"route53-recovery-cluster", "GetRoutingControlState"});

    // ---- issue 21, scenario fields (crashes, redrive, primaryLost) and wider faults: begin
    /** More operations the workflows or the guard call, drawn from the second stream. */
    private static final List<String[]> MORE_OPERATIONS = List.of(
            new String[] {"monitoring", "GetMetricData"},
            new String[] {"events", "EnableRule"},
            new String[] {"events", "DisableRule"},
            new String[] {"s3", "PutObject"},
            new String[] {"states", "SendTaskSuccess"},
            new String[] {"kubernetes", "get:storageclasses"},
            new String[] {"kubernetes", "create:storageclasses"},
            new String[] {"kubernetes", "list:persistentvolumeclaims"},
            new String[] {"kubernetes", "list:horizontalpodautoscalers"},
            new String[] {"elasticfilesystem", "DescribeFileSystemPolicy"});

    private static final List<String[]> ALL_OPERATIONS = java.util.stream.Stream.concat(
                    OPERATIONS.stream(), MORE_OPERATIONS.stream())
            .toList();

    private static final List<String> SERVICES =
            ALL_OPERATIONS.stream().map(o -> o[0]).distinct().toList();

    /** The {service, operation} pairs the generator's faults name ({@code *} for any operation). */
    static List<String[]> faultOperations() {
        return ALL_OPERATIONS;
    }

    /** The errors a fault may answer with (scenario {@code faults[].error}); {@code timeout} only as a slow feature. */
    private static final List<String> FAULT_ERRORS = List.of("throttling", "5xx", "unreachable", "conflict", "timeout");

    /**
     * Every hostile feature the generator can draw, in one place: WorldGeneratorTest requires each in
     * at least 20 of 1000 worlds (the slow ones included), so a feature named here and never drawn
     * fails it; generating a feature not named here throws.
     */
    public static final List<String> FEATURES = features();

    private static List<String> features() {
        Set<String> f = new LinkedHashSet<>(List.of(
                "workflow:failover",
                "workflow:failback",
                "workflow:cycle",
                "workloads:over20",
                "workloads:over100",
                "waves",
                "endedPods",
                "replicationLag:high",
                "syncInterval",
                "syncJitter",
                "replicationStatus",
                "planTimeouts",
                "primaryUnreachable",
                "primaryLost",
                "primaryReturns",
                "deleteHangs",
                "controllers",
                "unplannedWriters",
                "faults",
                "fault:manyTimes",
                "fault:every",
                "fault:region",
                "crashes",
                "crash:beyondRetries",
                "redrive",
                "hooks",
                "hook:fails",
                "hook:slow",
                "hook:duplicate",
                "traffic:routing-control",
                "traffic:route53",
                "traffic:endpointsDown",
                "traffic:endpointsHanging",
                "approval:approve",
                "approval:reject",
                "approval:timeout",
                "onUnprovenSync:promote",
                "onUnprovenSync:abort",
                "dryRun",
                "sequence",
                "overlapping",
                "fault:runs",
                // ---- issue 22 (third stream)
                "gitopsObjects",
                "gitops:management",
                "gitops:helmRelease"));
        for (List<String[]> ops : List.of(OPERATIONS, MORE_OPERATIONS)) {
            ops.forEach(op -> f.add("fault:" + op[0]));
        }
        FAULT_ERRORS.forEach(e -> f.add("fault:error:" + e));
        return List.copyOf(f);
    }

    /**
     * The retries a Task state gives a crashed runtime ({@code Lambda.Unknown}: MaxAttempts 3 in every
     * Task's Retry block, StateMachineDefinitionTest); more crashes than that fail the run.
     */
    static final int CRASH_RETRIES = 3;

    /** The hooks of one point must fit in one RunHooks invocation together (HookRules). */
    private static final int MAX_HOOK_SECONDS_PER_POINT = (int) io.efsdr.plan.PlanValidator.MAX_HOOK_SECONDS_PER_POINT;

    /** The features a world drew, each checked against {@link #FEATURES}. */
    private static final class Drawn {
        final List<String> names = new ArrayList<>();

        void add(String feature) {
            if (!FEATURES.contains(feature)) {
                throw new IllegalStateException("feature " + feature + " is not in WorldGenerator.FEATURES");
            }
            names.add(feature);
        }
    }
    // ---- issue 21, scenario fields and wider faults: end

    private final int maxWorkloads;
    private final boolean slowFeatures;

    /**
     * @param maxWorkloads the most workloads a world gets (1 to 300)
     * @param slowFeatures whether to draw the features that cost real time (a {@code timeout}
     *     fault holds its answer 15 s; a hanging ARC endpoint 5 s per call)
     */
    public WorldGenerator(int maxWorkloads, boolean slowFeatures) {
        if (maxWorkloads < 1 || maxWorkloads > 300) {
            throw new IllegalArgumentException("maxWorkloads: 1 to 300, not " + maxWorkloads);
        }
        this.maxWorkloads = maxWorkloads;
        this.slowFeatures = slowFeatures;
    }

    public World generate(long seed) {
        // Consecutive seeds give java.util.Random nearly the same first draws: spread them first.
        Random r = new Random(new SplittableRandom(seed).nextLong());
        // The second stream (issue 21's fields): its own seed, so the first stream's draws stay as they were.
        Random x = new Random(new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong());
        ObjectNode s = Json.MAPPER.createObjectNode();
        Drawn features = new Drawn();
        double w = r.nextDouble();
        String workflow = w < 0.45 ? "failover" : w < 0.75 ? "failback" : "cycle";
        features.add("workflow:" + workflow);
        s.put("description", "fuzz world, seed " + seed + ", " + workflow);
        if (workflow.equals("failback")) {
            s.put("activeSide", "dr");
        }
        ObjectNode plan = Json.MAPPER.createObjectNode();

        // Workloads: mostly a few, sometimes many.
        double size = r.nextDouble();
        int n = size < 0.6 ? 1 + r.nextInt(5) : size < 0.85 ? 6 + r.nextInt(15) : 21 + r.nextInt(280);
        n = Math.min(n, maxWorkloads);
        boolean waves = r.nextDouble() < 0.25;
        boolean ended = r.nextDouble() < 0.12;
        List<String> names = new ArrayList<>();
        if (n > 20) {
            s.put("workloadCount", n);
            features.add("workloads:over20");
            if (n > 100) {
                features.add("workloads:over100");
            }
        } else {
            ArrayNode list = s.putArray("workloads");
            for (int i = 0; i < n; i++) {
                ObjectNode item = list.addObject();
                String kind = r.nextDouble() < 0.3 ? "StatefulSet" : "Deployment";
                item.put("namespace", "shop").put("kind", kind).put("name", "w" + i);
                item.put("activeReplicas", 1 + r.nextInt(3));
                if (waves) {
                    item.put("wave", 1 + r.nextInt(3));
                }
                names.add("shop/" + kind + "/w" + i);
            }
            if (waves) {
                features.add("waves");
            }
            if (ended) {
                ObjectNode target = (ObjectNode) list.get(r.nextInt(n));
                ObjectNode pod = target.putArray("endedPods").addObject();
                String phase = pick(r, "Failed", "Succeeded", "Unknown");
                pod.put("phase", phase);
                if (!phase.equals("Unknown")) {
                    pod.put("reason", pick(r, "Evicted", "Shutdown"));
                }
                if (r.nextDouble() < 0.25) {
                    pod.put("terminatingOnNotReadyNode", true);
                }
                String region = pick(r, "primary", "dr", "both");
                boolean mayWrite = phase.equals("Unknown")
                        || pod.path("terminatingOnNotReadyNode").asBoolean();
                // After a failover (activeSide dr) no primary pod may still write (Scenario refuses it).
                pod.put("region", workflow.equals("failback") && mayWrite ? "dr" : region);
                features.add("endedPods");
            }
        }

        // Replication and the world's delays.
        if (r.nextDouble() < 0.1) {
            s.put("replicationLagSeconds", 600 + r.nextInt(900));
            features.add("replicationLag:high");
        } else {
            s.put("replicationLagSeconds", r.nextInt(121));
        }
        if (r.nextDouble() < 0.25) {
            int interval = 60 + r.nextInt(841);
            s.put("syncIntervalSeconds", interval);
            features.add("syncInterval");
            if (r.nextDouble() < 0.5) {
                s.put("syncJitterSeconds", r.nextInt(Math.max(1, interval / 2 - 1)));
                s.put("syncJitterSeed", r.nextInt(1000));
                features.add("syncJitter");
            }
        }
        if (r.nextDouble() < 0.05) {
            s.put("replicationStatus", pick(r, "PAUSED", "ERROR"));
            features.add("replicationStatus");
        }
        s.put("promotionDelaySeconds", 5 + r.nextInt(296));
        s.put("readinessDelaySeconds", 5 + r.nextInt(116));
        s.put("terminationGraceSeconds", r.nextInt(121));
        s.put("sideDeletionSkewSeconds", r.nextInt(61));
        long fencePropagation = 180;
        if (r.nextDouble() < 0.15) {
            ObjectNode timeouts = plan.putObject("timeouts");
            fencePropagation = 60 + r.nextInt(541);
            timeouts.put("fencePropagationSeconds", fencePropagation);
            timeouts.put("readinessSeconds", 60 + r.nextInt(1141));
            timeouts.put("finalSyncSeconds", 60 + r.nextInt(1741));
            features.add("planTimeouts");
        }
        s.put("policyPropagationSeconds", 10 + r.nextInt((int) fencePropagation - 9));

        // The primary region: lost, and maybe back.
        if (r.nextDouble() < 0.15) {
            s.put("primaryReachable", false);
            features.add("primaryUnreachable");
            if (r.nextDouble() < 0.4) {
                s.put("primaryReturnsAfterSeconds", 60 + r.nextInt(2941));
                s.put("observeSeconds", 300);
                features.add("primaryReturns");
            }
            if (r.nextDouble() < 0.3) {
                s.put("deleteHangsWhileSourceDown", true);
                features.add("deleteHangs");
            }
        }

        // GitOps controllers and writers outside the plan.
        if (r.nextDouble() < 0.1) {
            ArrayNode controllers = s.putArray("controllers");
            ObjectNode c = controllers.addObject();
            c.put("kind", pick(r, "argocd", "flux"));
            c.put("workload", names.isEmpty() || r.nextBoolean() ? "*" : names.get(r.nextInt(names.size())));
            c.put("region", pick(r, "primary", "dr"));
            c.put("revertAfterSeconds", 10 + r.nextInt(591));
            if (r.nextDouble() < 0.2) {
                c.put("ignoresReplicas", true);
            }
            if (r.nextDouble() < 0.2) {
                c.put("tracked", false);
            }
            features.add("controllers");
        }
        if (r.nextDouble() < 0.1) {
            ObjectNode writer = s.putArray("unplannedWriters").addObject();
            writer.put("name", "reports/CronJob/export");
            writer.put("everySeconds", 30 + r.nextInt(271));
            writer.put("runSeconds", 5 + r.nextInt(56));
            features.add("unplannedWriters");
        }

        // Transient faults.
        if (r.nextDouble() < 0.35) {
            ArrayNode faults = s.putArray("faults");
            int count = 1 + r.nextInt(3);
            for (int i = 0; i < count; i++) {
                String[] op = OPERATIONS.get(r.nextInt(OPERATIONS.size()));
                ObjectNode f = faults.addObject();
                f.put("service", op[0]).put("operation", op[1]);
                List<String> errors = new ArrayList<>(List.of("throttling", "5xx", "unreachable"));
                if (op[0].equals("kubernetes")) {
                    errors.add("conflict");
                }
                if (slowFeatures && r.nextDouble() < 0.1) {
                    errors = List.of("timeout");
                }
                String error = errors.get(r.nextInt(errors.size()));
                f.put("error", error);
                f.put("times", 1 + r.nextInt(3));
                if (r.nextDouble() < 0.3) {
                    f.put("region", pick(r, "us-east-1", "us-west-2"));
                    features.add("fault:region");
                }
                if (r.nextDouble() < 0.1) {
                    f.put("every", 2 + r.nextInt(3));
                    features.add("fault:every");
                }
                // ---- issue 21: any operation, any count (second stream)
                if (x.nextDouble() < 0.45) {
                    // A service drawn evenly, then one of its operations: services the workflows call
                    // once (sns, eks, monitoring) get as many faults as the others.
                    String service = SERVICES.get(x.nextInt(SERVICES.size()));
                    List<String[]> ofService = ALL_OPERATIONS.stream()
                            .filter(o -> o[0].equals(service))
                            .toList();
                    op = ofService.get(x.nextInt(ofService.size()));
                    f.put("service", op[0]).put("operation", op[1]);
                    if (error.equals("conflict") && !op[0].equals("kubernetes")) {
                        error = "5xx";
                        f.put("error", error);
                    }
                }
                if (x.nextDouble() < 0.15) {
                    // More than any retry policy allows: the run fails, and is redriven once it is gone.
                    f.put("times", 4 + x.nextInt(7));
                    features.add("fault:manyTimes");
                }
                features.add("fault:" + op[0]);
                features.add("fault:error:" + error);
            }
            features.add("faults");
        }

        // Hooks.
        if (r.nextDouble() < 0.15) {
            ArrayNode hooks = plan.putArray("hooks");
            ObjectNode functions = s.putObject("hookFunctions");
            int count = 1 + r.nextInt(3);
            String[] points = {
                "beforeFence", "afterPromotion", "afterWave", "afterReadiness", "beforeQuiesce", "afterFailback"
            };
            java.util.Map<String, Integer> secondsAt = new java.util.HashMap<>();
            for (int i = 0; i < count; i++) {
                String arn = HOOK_ARN + i;
                int drawn = 5 + r.nextInt(56);
                String at = pick(r, points);
                // A valid plan: the hooks of one point fit in one RunHooks invocation together
                // (HookRules.MAX_HOOK_SECONDS_PER_POINT; seed 113326005742332 drew 107 s at one point).
                for (int k = 0; secondsAt.getOrDefault(at, 0) > MAX_HOOK_SECONDS_PER_POINT - 5; k++) {
                    at = points[k];
                }
                int timeout = Math.min(drawn, MAX_HOOK_SECONDS_PER_POINT - secondsAt.getOrDefault(at, 0));
                secondsAt.merge(at, timeout, Integer::sum);
                hooks.addObject()
                        .put("at", at)
                        .put("lambda", arn)
                        .put("timeoutSeconds", timeout)
                        .put("onFailure", pick(r, "abort", "continue"));
                ObjectNode fn = functions.putObject(arn);
                if (r.nextDouble() < 0.25) {
                    fn.put("result", "fail");
                    features.add("hook:fails");
                }
                if (r.nextDouble() < 0.2) {
                    fn.put("delaySeconds", timeout + 1 + r.nextInt(10));
                    features.add("hook:slow");
                } else {
                    fn.put("delaySeconds", r.nextInt(timeout));
                }
                if (r.nextDouble() < 0.15) {
                    fn.put("duplicate", true);
                    features.add("hook:duplicate");
                }
            }
            features.add("hooks");
        }

        // Traffic.
        if (r.nextDouble() < 0.2) {
            String traffic = r.nextDouble() < 0.6 ? "routing-control" : "route53";
            s.put("traffic", traffic);
            features.add("traffic:" + traffic);
            if (traffic.equals("routing-control")) {
                if (r.nextDouble() < 0.25) {
                    s.put("routingControlEndpointsDown", 1 + r.nextInt(3));
                    features.add("traffic:endpointsDown");
                }
                if (slowFeatures && r.nextDouble() < 0.3) {
                    s.put("routingControlEndpointsHanging", 1);
                    features.add("traffic:endpointsHanging");
                }
            }
        }

        // Approvals, answered by the world.
        if (r.nextDouble() < 0.4) {
            ArrayNode approvals = s.putArray("approvals");
            int count = 1 + r.nextInt(2);
            for (int i = 0; i < count; i++) {
                double a = r.nextDouble();
                String answer = a < 0.6 ? "approve" : a < 0.8 ? "reject" : "timeout";
                approvals.add(answer);
                features.add("approval:" + answer);
            }
        }
        double unproven = r.nextDouble();
        if (unproven < 0.2) {
            plan.put("onUnprovenSync", "promote");
            features.add("onUnprovenSync:promote");
        } else if (unproven < 0.3) {
            plan.put("onUnprovenSync", "abort");
            features.add("onUnprovenSync:abort");
        }
        if (r.nextDouble() < 0.1) {
            s.put("dryRun", true);
            features.add("dryRun");
        }
        // ---- issue 21: the primary lost mid-run, handler crashes, redrive (second stream)
        if (!s.has("primaryReachable") && x.nextDouble() < 0.12) {
            // At any moment of a run (a failover's healthy run is a few hundred sandbox seconds).
            s.put("primaryLostAfterSeconds", x.nextInt(1500));
            features.add("primaryLost");
            if (x.nextDouble() < 0.4) {
                s.put("primaryReturnsAfterSeconds", 60 + x.nextInt(2941));
                s.put("observeSeconds", 300);
                features.add("primaryReturns");
            }
            if (x.nextDouble() < 0.3) {
                s.put("deleteHangsWhileSourceDown", true);
                features.add("deleteHangs");
            }
        }
        if (x.nextDouble() < 0.15) {
            List<String> workflows = workflow.equals("cycle") ? List.of("failover", "failback") : List.of(workflow);
            List<String> states = StepCatalogue.STEPS.stream()
                    .filter(step -> workflows.contains(step.workflow()))
                    .map(StepCatalogue.Step::state)
                    .distinct()
                    .toList();
            ArrayNode crashes = s.putArray("crashes");
            int count = 1 + x.nextInt(2);
            for (int i = 0; i < count; i++) {
                int times = 1 + x.nextInt(CRASH_RETRIES + 2);
                crashes.addObject()
                        .put("state", states.get(x.nextInt(states.size())))
                        .put("times", times);
                if (times > CRASH_RETRIES) {
                    features.add("crash:beyondRetries");
                }
            }
            features.add("crashes");
        }
        // A world with faults or crashes is redriven once they are gone (P4), so it says so; others at times.
        boolean faulted = s.has("faults") || s.has("crashes");
        if (faulted || x.nextDouble() < 0.1) {
            s.put("redrive", true);
            features.add("redrive");
        }
        if (!s.has("approvals")) {
            s.putArray("approvals");
        }
        // ---- issue 21: end
        // ---- issue 22, GitOps objects and the management cluster (third stream): begin
        // Its own stream, so the draws of the first two, and the worlds the seeds had, stay as they were.
        Random g = new Random(new SplittableRandom(seed ^ 0x22_0000_0022L).nextLong());
        if (g.nextDouble() < 0.15) {
            ArrayNode objects = s.putArray("gitopsObjects");
            int count = 1 + g.nextInt(2);
            for (int i = 0; i < count; i++) {
                String kind = pick(g, "Application", "Kustomization", "HelmRelease");
                boolean management = kind.equals("Application") && g.nextDouble() < 0.5;
                String destination = pick(g, "primary", "dr");
                ObjectNode o = objects.addObject().put("kind", kind);
                o.put(
                        "namespace",
                        kind.equals("Application") ? "argocd" : kind.equals("HelmRelease") ? "shop" : "flux-system");
                o.put("name", "shop-" + i);
                o.put("region", management ? "management" : destination);
                if (management) {
                    o.put("destination", destination);
                    features.add("gitops:management");
                }
                if (kind.equals("HelmRelease")) {
                    features.add("gitops:helmRelease");
                }
                o.putArray("manages")
                        .add(names.isEmpty() || g.nextBoolean() ? "*" : names.get(g.nextInt(names.size())));
                if (kind.equals("Application") && g.nextDouble() < 0.2) {
                    o.put("ignoresReplicas", true);
                }
                if (g.nextDouble() < 0.5) {
                    // Its controller: the entry's timing applies to the workloads this object manages.
                    ArrayNode controllers =
                            s.has("controllers") ? (ArrayNode) s.get("controllers") : s.putArray("controllers");
                    controllers
                            .addObject()
                            .put("kind", kind.equals("Application") ? "argocd" : "flux")
                            .put("workload", o.get("manages").get(0).asText())
                            .put("region", destination)
                            .put("revertAfterSeconds", 10 + g.nextInt(591));
                    features.add("controllers");
                }
            }
            features.add("gitopsObjects");
        }
        // ---- issue 22: end
        if (!plan.isEmpty()) {
            s.set("plan", plan);
        }
        // ---- Sequences (issue 21, point 1): a random stream of their own, after every draw above.
        workflow = SequenceWorlds.draw(seed, workflow, s, features::add);
        // ---- end of sequences
        return new World(seed, workflow, s, features.names.stream().distinct().toList());
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
