package io.efsdr.drill.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
        Random r = new Random(new java.util.SplittableRandom(seed).nextLong());
        ObjectNode s = Json.MAPPER.createObjectNode();
        List<String> features = new ArrayList<>();
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
                f.put("error", errors.get(r.nextInt(errors.size())));
                f.put("times", 1 + r.nextInt(3));
                if (r.nextDouble() < 0.3) {
                    f.put("region", pick(r, "us-east-1", "us-west-2"));
                }
                if (r.nextDouble() < 0.1) {
                    f.put("every", 2 + r.nextInt(3));
                }
                features.add("fault:" + op[0]);
            }
            features.add("faults");
        }

        // Hooks.
        if (r.nextDouble() < 0.15) {
            ArrayNode hooks = plan.putArray("hooks");
            ObjectNode functions = s.putObject("hookFunctions");
            int count = 1 + r.nextInt(3);
            for (int i = 0; i < count; i++) {
                String arn = HOOK_ARN + i;
                int timeout = 5 + r.nextInt(56);
                hooks.addObject()
                        .put(
                                "at",
                                pick(
                                        r,
                                        "beforeFence",
                                        "afterPromotion",
                                        "afterWave",
                                        "afterReadiness",
                                        "beforeQuiesce",
                                        "afterFailback"))
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
                if (slowFeatures && r.nextDouble() < 0.1) {
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
        if (!plan.isEmpty()) {
            s.set("plan", plan);
        }
        // ---- Sequences (issue 21, point 1): a random stream of their own, after every draw above.
        workflow = SequenceWorlds.draw(seed, workflow, s, features);
        // ---- end of sequences
        return new World(seed, workflow, s, features.stream().distinct().toList());
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
