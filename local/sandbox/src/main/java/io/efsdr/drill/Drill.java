package io.efsdr.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.aws.EfsFileSystemView;
import io.efsdr.sandbox.aws.LambdaModel;
import io.efsdr.sandbox.aws.SfnExecution;
import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import io.efsdr.sandbox.kubernetes.ScaleChange;
import io.efsdr.sandbox.kubernetes.WorkloadView;
import io.efsdr.sandbox.truth.GroundTruth;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a DR workflow end to end in the local sandbox: the real state machine definition in the
 * ASL engine, every Task done by the real handler, against two simulated regions; then reports
 * the outcome, the final world and whether any moment had writers in both regions.
 */
public final class Drill {
    private final Path root;
    private final PrintStream out;
    private final boolean redrive;

    public Drill(Path root, PrintStream out) {
        this(root, out, false);
    }

    private Drill(Path root, PrintStream out, boolean redrive) {
        this.root = root;
        this.out = out;
        this.redrive = redrive;
    }

    /**
     * The same drill, but a failed execution is redriven once, as RedriveExecution does: every
     * scenario fault and crash is cleared (the cause was fixed), and the execution resumes at the
     * state that failed with that state's original input; the states before it are not run again.
     * A scenario with {@code redrive: true} is run so without it (the {@code --redrive} flag).
     */
    public Drill redriving() {
        return new Drill(root, out, true);
    }

    /** Runs one workflow in an already started sandbox, printing the timeline as it goes. */
    public DrillReport run(Sandbox sandbox, String workflow, JsonNode input) {
        try (HandlerHost host = new HandlerHost(sandbox)) {
            return run(sandbox, host, workflow, input);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the handler host: " + e.getMessage(), e);
        }
    }

    /** Runs one workflow with a given handler host (tests use it to inject handler crashes). */
    public DrillReport run(Sandbox sandbox, HandlerHost host, String workflow, JsonNode input) {
        String executionName =
                "drill-" + workflow + "-" + sandbox.clock().instant().toString().replaceAll("[^0-9]", "");
        Instant realStart = Instant.now();
        Instant worldStart = sandbox.clock().instant();
        if (sandbox.writersInBothNow()) {
            out.println("NOTE: writers in both regions before the workflow starts (the scenario's doing): it "
                    + "must end that");
        }
        Timeline timeline = new Timeline(out, realStart);
        out.printf(
                "%s: %s of %s -> %s, execution %s%n",
                workflow.toUpperCase(Locale.ROOT),
                "drill",
                sandbox.scenario().primary().region(),
                sandbox.scenario().dr().region(),
                executionName);
        String region = sandbox.scenario().dr().region();
        var stepFunctions = sandbox.aws().stepFunctions();
        var execution = stepFunctions.recordLocalExecution(
                region, HandlerHost.stateMachineArn(region, workflow), executionName, input.toString());
        ExecutionHistoryRecorder history = new ExecutionHistoryRecorder(stepFunctions, execution.executionArn());
        history.started(input);
        ExecutionRunner runner = new ExecutionRunner(root);
        Consumer<ExecutionEvent> listener = timeline.andThen(history);
        ExecutionRecord record;
        int redrives = 0;
        try {
            record = runner.run(
                    workflow,
                    input,
                    executionName,
                    host.endpoint(),
                    region,
                    sandbox.clock().instant().toString(),
                    listener);
            ended(sandbox, host, execution, record, history);
            boolean redriving = redrive || sandbox.scenario().redrive();
            if (!record.succeeded() && redriving && record.failedState() != null) {
                String failed = record.failedState();
                sandbox.faults().clear();
                redrives++;
                out.printf(
                        "%nREDRIVE: every scenario fault and crash cleared; %s resumes at \"%s\" with that state's "
                                + "original input%n",
                        executionName, failed);
                stepFunctions.setExecutionStatus(execution.executionArn(), "RUNNING");
                history.redriven();
                ExecutionRecord again = runner.run(
                        workflow,
                        record.lastInputOf(failed),
                        executionName,
                        host.endpoint(),
                        region,
                        sandbox.clock().instant().toString(),
                        failed,
                        listener);
                List<ExecutionEvent> events = new ArrayList<>(record.events());
                events.addAll(again.events());
                record = new ExecutionRecord(
                        again.status(), List.copyOf(events), again.output(), again.error(), again.cause());
                ended(sandbox, host, execution, record, history);
            }
        } catch (RuntimeException e) {
            stepFunctions.setExecutionStatus(execution.executionArn(), "FAILED");
            throw e;
        }
        new AfterWorkflow(sandbox, host, out).observe();
        DrillReport report = report(sandbox, workflow, record, timeline.steps(), worldStart, redrives);
        print(report);
        return report;
    }

    /**
     * The execution has ended: its status is recorded, and when it did not succeed EventBridge's
     * "Step Functions Execution Status Change" event reaches NotifyExecutionEndedFunction, as the
     * template's rule delivers it.
     */
    private void ended(
            Sandbox sandbox,
            HandlerHost host,
            SfnExecution execution,
            ExecutionRecord record,
            ExecutionHistoryRecorder history) {
        sandbox.aws().stepFunctions().setExecutionStatus(execution.executionArn(), record.status());
        if (record.succeeded()) {
            return;
        }
        history.failed(record.error(), record.cause());
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0")
                .put("detail-type", "Step Functions Execution Status Change")
                .put("source", "aws.states")
                .put("region", execution.region())
                .put("time", sandbox.clock().instant().toString());
        event.putArray("resources").add(execution.executionArn());
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", execution.executionArn())
                .put("stateMachineArn", execution.stateMachineArn())
                .put("name", execution.name())
                .put("status", record.status())
                .put("input", execution.input())
                .put("error", record.error())
                .put("cause", record.cause());
        try {
            host.invokeDirectly("NotifyExecutionEndedFunction", event);
        } catch (IOException | RuntimeException e) {
            out.println("NOTE: the execution-ended notice could not be sent: " + e.getMessage());
        }
    }

    /**
     * Failover, then failback, in one world; the report joins both (steps prefixed with their
     * workflow) and ends with the final world. The failback is skipped when the failover failed.
     */
    public DrillReport cycle(Sandbox sandbox) {
        DrillReport failover = run(sandbox, "failover", input(sandbox.scenario(), "local drill: cycle, failover"));
        if (!failover.status().equals("SUCCEEDED")) {
            return joined(failover, null, sandbox);
        }
        out.println();
        DrillReport failback = run(sandbox, "failback", input(sandbox.scenario(), "local drill: cycle, failback"));
        return joined(failover, failback, sandbox);
    }

    private static DrillReport joined(DrillReport failover, DrillReport failback, Sandbox sandbox) {
        List<DrillReport.Step> steps = new ArrayList<>();
        failover.steps().forEach(s -> steps.add(prefixed("failover", s)));
        List<String> violations = new ArrayList<>(failover.invariantViolations());
        List<DrillReport.NotificationView> notifications = new ArrayList<>(failover.notifications());
        DrillReport last = failover;
        Long window = failover.dataLossWindowSeconds();
        if (failback != null) {
            failback.steps().forEach(s -> steps.add(prefixed("failback", s)));
            failback.invariantViolations().stream()
                    .filter(v -> !violations.contains(v))
                    .forEach(violations::add);
            failback.notifications().stream()
                    .filter(n -> !notifications.contains(n))
                    .forEach(notifications::add);
            last = failback;
            if (window != null && failback.dataLossWindowSeconds() != null) {
                window = Math.max(window, failback.dataLossWindowSeconds());
            }
        }
        String failedState = last.failedState() == null ? null : last.workflow() + ": " + last.failedState();
        List<String> evidence = new ArrayList<>(failover.fin().evidence());
        if (failback != null) {
            failback.fin().evidence().stream()
                    .filter(key -> !evidence.contains(key))
                    .forEach(evidence::add);
        }
        boolean proven = Boolean.TRUE.equals(failover.dataLossProven())
                && (failback == null || Boolean.TRUE.equals(failback.dataLossProven()));
        return new DrillReport(
                "cycle",
                last.status(),
                failedState,
                last.error(),
                steps,
                failover.rtoSeconds(),
                window,
                failover.mode(),
                proven,
                last.groundTruth(),
                failover.redrives() + (failback == null ? 0 : failback.redrives()),
                violations,
                notifications,
                Math.max(failover.maxStateBytes(), failback == null ? 0 : failback.maxStateBytes()),
                new DrillReport.Final(
                        finalWorld(sandbox).regions(),
                        evidence,
                        sandbox.trafficState(),
                        finalWorld(sandbox).gitops()),
                joinedHooks(failover, failback),
                failover.floorSeconds());
    }

    private static List<DrillReport.HookView> joinedHooks(DrillReport failover, DrillReport failback) {
        List<DrillReport.HookView> hooks = new ArrayList<>(failover.hooks());
        if (failback != null) {
            hooks.addAll(failback.hooks());
        }
        return hooks;
    }

    private static DrillReport.Step prefixed(String workflow, DrillReport.Step step) {
        return new DrillReport.Step(
                workflow + ": " + step.name(),
                step.status(),
                step.durationMs(),
                step.entries(),
                step.retries(),
                step.metricEvidence());
    }

    /** The default input of a workflow in the drill. */
    public static ObjectNode input(Scenario scenario, String reason) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("reason", reason);
        input.put("dryRun", scenario.dryRun());
        return input;
    }

    private DrillReport report(
            Sandbox sandbox,
            String workflow,
            ExecutionRecord record,
            List<DrillReport.Step> steps,
            Instant worldStart,
            int redrives) {
        JsonNode state = record.succeeded() ? record.output() : record.lastTaskOutput();
        Double rto = null;
        Long window = null;
        String mode = null;
        Boolean proven = null;
        if (state != null) {
            JsonNode run = state.path("run");
            JsonNode readiness = state.path("steps").path("readiness");
            if (readiness.path("ready").asBoolean(false) && run.hasNonNull("startedAt")) {
                rto = Duration.between(
                                        Instant.parse(run.get("startedAt").asText()),
                                        Instant.parse(
                                                readiness.get("finishedAt").asText()))
                                .toMillis()
                        / 1000.0;
            }
            JsonNode promote = state.path("steps").path("promote");
            JsonNode assess = state.path("steps").path("assess");
            if (promote.hasNonNull("mode") && !promote.path("action").asText().equals("ALREADY_PROMOTED")) {
                mode = promote.get("mode").asText();
                proven = promote.path("dataLossProven").asBoolean(false);
                window = promote.hasNonNull("dataLossWindowSeconds")
                        ? promote.get("dataLossWindowSeconds").asLong()
                        : null;
            } else if (assess.hasNonNull("dataLossWindowSeconds")) {
                window = assess.get("dataLossWindowSeconds").asLong();
            }
            String evidence = promote.path("metricEvidence").path("outcome").asText(null);
            if (evidence != null && !evidence.equals("NOT_CHECKED")) {
                steps = steps.stream()
                        .map(step ->
                                step.name().equals("Promote DR File System") ? step.withMetricEvidence(evidence) : step)
                        .toList();
            }
        }
        List<DrillReport.NotificationView> notifications = sandbox.aws().sns().published().stream()
                .filter(p -> !p.at().isBefore(worldStart))
                .map(p -> new DrillReport.NotificationView(p.subject(), p.message()))
                .toList();
        List<DrillReport.HookView> hooks = hooks(state, invokedSince(sandbox, worldStart));
        List<String> violations = new ArrayList<>(sandbox.invariantViolationsSince(worldStart));
        violations.addAll(hookViolations(sandbox, hooks, worldStart));
        String serving = servingFileSystem(sandbox, workflow, record.succeeded());
        GroundTruth.Result truth = sandbox.groundTruth(serving);
        return new DrillReport(
                workflow,
                record.status(),
                record.failedState(),
                errorText(record),
                steps,
                rto,
                window,
                mode,
                proven,
                new DrillReport.GroundTruthView(
                        truth.lostWriteSeconds(),
                        truth.splitBrainSeconds(),
                        serving,
                        truth.splitBrainLostWriteSeconds()),
                redrives,
                violations,
                notifications,
                record.maxStateBytes(),
                finalWorld(sandbox, worldStart),
                hooks,
                rto == null
                        ? null
                        : PhysicalFloor.failoverSeconds(
                                sandbox.scenario(),
                                workflow,
                                mode,
                                sandbox.startedAt(),
                                Instant.parse(state.path("run").get("startedAt").asText())));
    }

    /**
     * The hook calls the workflow reported, from its state's hook record, each with the runs the
     * Lambda stand-in journaled under its idempotency key.
     */
    static List<DrillReport.HookView> hooks(JsonNode state, List<LambdaModel.Invocation> invoked) {
        List<DrillReport.HookView> hooks = new ArrayList<>();
        if (state == null) {
            return hooks;
        }
        for (JsonNode result : state.path("steps").path("hooks").path("results")) {
            String key = result.hasNonNull("idempotencyKey")
                    ? result.get("idempotencyKey").asText()
                    : null;
            hooks.add(new DrillReport.HookView(
                    result.path("at").asText(),
                    result.path("target").asText(),
                    result.hasNonNull("wave") ? result.get("wave").asInt() : null,
                    result.path("status").asText(),
                    result.path("durationMs").asLong(),
                    key,
                    key == null
                            ? 0
                            : invoked.stream()
                                    .filter(i -> key.equals(i.idempotencyKey()))
                                    .count()));
        }
        return hooks;
    }

    private static List<LambdaModel.Invocation> invokedSince(Sandbox sandbox, Instant since) {
        return sandbox.aws().lambda().invocations().stream()
                .filter(i -> !i.at().isBefore(since))
                .toList();
    }

    /**
     * Every hook the workflow reported as called (ok, fail, timeout) must have been invoked, as the
     * Lambda stand-in saw it, as often as reported; a hook reported skipped was not. A call reported
     * {@code fail} that its function never ran, whose requests the stand-in refused before the
     * function ran (a throttle, 429, through the hook's whole timeout), is consistent with no run and
     * not counted: Lambda returns {@code TooManyRequestsException} before the function runs (AWS
     * Lambda API reference, Invoke, Errors). The refusals come from the stand-in's journal, matched by
     * the call's idempotency key.
     */
    static List<String> hookViolations(Sandbox sandbox, List<DrillReport.HookView> hooks, Instant since) {
        List<LambdaModel.Invocation> invoked = invokedSince(sandbox, since);
        Set<String> refusedKeys = sandbox.aws().lambda().refusals().stream()
                .filter(r -> !r.at().isBefore(since))
                .map(LambdaModel.Refusal::idempotencyKey)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<String> violations = new ArrayList<>();
        Map<String, Long> reported = new LinkedHashMap<>();
        hooks.stream()
                .filter(h -> !h.status().equals("skipped-dry-run"))
                .filter(h -> !(h.status().equals("fail")
                        && h.invocations() == 0
                        && h.idempotencyKey() != null
                        && refusedKeys.contains(h.idempotencyKey())))
                .forEach(h -> reported.merge(h.target(), 1L, Long::sum));
        reported.forEach((target, times) -> {
            long seen =
                    invoked.stream().filter(i -> i.functionArn().equals(target)).count();
            if (seen < times) {
                violations.add("hook " + target + " reported called " + times + " time(s), but the Lambda stand-in saw "
                        + seen + " invocation(s)");
            }
        });
        if (hooks.stream().anyMatch(h -> h.status().equals("skipped-dry-run")) && !invoked.isEmpty()) {
            violations.add("a dry run invoked hook functions: "
                    + invoked.stream()
                            .map(LambdaModel.Invocation::functionArn)
                            .distinct()
                            .toList());
        }
        return violations;
    }

    /**
     * The file system that serves once the workflow ended: its destination when it succeeded;
     * otherwise the side that served before, while it is writable.
     */
    private static String servingFileSystem(Sandbox sandbox, String workflow, boolean succeeded) {
        Scenario.SiteSpec primary = sandbox.scenario().primary();
        Scenario.SiteSpec dr = sandbox.scenario().dr();
        boolean failback = workflow.equals("failback");
        Scenario.SiteSpec target = failback ? primary : dr;
        Scenario.SiteSpec origin = failback ? dr : primary;
        if (succeeded) {
            return target.fileSystemId();
        }
        return sandbox.aws().efs().isWritable(origin.fileSystemId()) ? origin.fileSystemId() : target.fileSystemId();
    }

    private static String errorText(ExecutionRecord record) {
        if (record.succeeded()) {
            return null;
        }
        String cause = record.cause();
        if (cause != null && cause.startsWith("{")) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(cause);
                cause = parsed.path("errorMessage").asText(cause);
            } catch (IOException e) {
                // keep the raw cause
            }
        }
        return record.error() + (cause == null || cause.isEmpty() ? "" : ": " + cause);
    }

    /** Both regions as they are now: file system, StorageClass, workloads. */
    public static DrillReport.Final finalWorld(Sandbox sandbox) {
        return finalWorld(sandbox, null);
    }

    /**
     * Both regions as they are now, and the audit objects written since {@code since} (none when
     * null).
     */
    public static DrillReport.Final finalWorld(Sandbox sandbox, Instant since) {
        Map<String, DrillReport.RegionView> regions = new LinkedHashMap<>();
        List<EfsFileSystemView> fileSystems = sandbox.fileSystems();
        for (Scenario.SiteSpec site :
                List.of(sandbox.scenario().primary(), sandbox.scenario().dr())) {
            EfsFileSystemView fs = fileSystems.stream()
                    .filter(f -> f.fileSystemId().equals(site.fileSystemId()))
                    .findFirst()
                    .orElseThrow();
            DrillReport.ReplicationView replication = fs.replication() == null
                    ? null
                    : new DrillReport.ReplicationView(
                            fs.replication().sourceFileSystemId(),
                            fs.replication().destinationFileSystemId(),
                            fs.replication().status());
            KubernetesStandIn cluster = sandbox.cluster(site.region());
            DrillReport.StorageClassView storageClass = cluster.storageClass("efs-sc")
                    .map(sc -> new DrillReport.StorageClassView(sc.name(), sc.parameters(), sc.mountOptions()))
                    .orElse(null);
            List<ScaleChange> changes = cluster.scaleChanges();
            List<PodLifetime> pods = cluster.podLifetimes();
            List<KubernetesStandIn.ControllerRevert> reverts = cluster.controllerReverts();
            List<DrillReport.WorkloadView> workloads = cluster.workloads().stream()
                    .map(w -> withReverts(
                            workloadView(w, changes, pods, sandbox.startedAt()), reverts, sandbox.startedAt()))
                    .toList();
            regions.put(
                    site.region(),
                    new DrillReport.RegionView(
                            new DrillReport.FileSystemView(
                                    fs.fileSystemId(),
                                    fs.writable(),
                                    replication,
                                    sandbox.aws().efs().isWriteFenced(fs.fileSystemId())),
                            storageClass,
                            workloads));
        }
        List<String> evidence = since == null
                ? List.of()
                : sandbox.aws().s3().list(Sandbox.AUDIT_BUCKET, "").stream()
                        .filter(o -> !o.at().isBefore(since))
                        .map(o -> "s3://" + o.bucket() + "/" + o.key())
                        .toList();
        return new DrillReport.Final(regions, evidence, sandbox.trafficState(), gitOpsViews(sandbox));
    }

    /** issue 22: every GitOps object of the world, from the clusters that hold them, in primary, DR, management order. */
    static List<DrillReport.GitOpsView> gitOpsViews(Sandbox sandbox) {
        List<DrillReport.GitOpsView> views = new ArrayList<>();
        List<KubernetesStandIn> clusters = new ArrayList<>(List.of(sandbox.primaryCluster(), sandbox.drCluster()));
        if (sandbox.managementCluster() != null) {
            clusters.add(sandbox.managementCluster());
        }
        for (KubernetesStandIn cluster : clusters) {
            for (KubernetesStandIn.GitOpsObjectView o : cluster.gitOpsObjects()) {
                views.add(new DrillReport.GitOpsView(
                        o.kind(),
                        o.namespace(),
                        o.name(),
                        o.site(),
                        o.leverOn(),
                        o.inSync(),
                        o.reverts(),
                        o.leverChanges().stream()
                                .map(c -> new DrillReport.LeverChangeView(
                                        seconds(sandbox.startedAt(), c.at()), c.on(), c.by(), c.workload()))
                                .toList()));
            }
        }
        return views;
    }

    /**
     * A workload with its start and stop times, from the stand-in's scale changes and pod lifetimes
     * (never from what the handlers reported).
     */
    static DrillReport.WorkloadView workloadView(
            WorkloadView w, List<ScaleChange> changes, List<PodLifetime> pods, Instant origin) {
        List<ScaleChange> own = changes.stream()
                .filter(c -> c.namespace().equals(w.namespace())
                        && c.kind() == w.kind()
                        && c.name().equals(w.name()))
                .toList();
        List<PodLifetime> ownPods = pods.stream()
                .filter(p -> p.namespace().equals(w.namespace()) && p.workload().equals(w.name()))
                .toList();
        ScaleChange up =
                own.stream().filter(c -> c.to() > c.from()).reduce((a, b) -> b).orElse(null);
        ScaleChange stop = own.stream()
                .filter(c -> c.to() == 0 && c.from() > 0)
                .reduce((a, b) -> b)
                .orElse(null);
        Instant readyAt = null;
        if (up != null) {
            List<PodLifetime> started = ownPods.stream()
                    .filter(p -> !p.createdAt().isBefore(up.at()))
                    .toList();
            if (!started.isEmpty() && started.stream().allMatch(p -> p.readyAt() != null)) {
                readyAt = started.stream()
                        .map(PodLifetime::readyAt)
                        .max(Instant::compareTo)
                        .orElseThrow();
            }
        }
        Instant stoppedAt = null;
        if (stop != null) {
            List<PodLifetime> running = ownPods.stream()
                    .filter(p -> !p.createdAt().isAfter(stop.at())
                            && (p.writesUntil() == null || p.writesUntil().isAfter(stop.at())))
                    .toList();
            if (running.stream().allMatch(p -> p.writesUntil() != null)) {
                stoppedAt = running.stream()
                        .map(PodLifetime::writesUntil)
                        .max(Instant::compareTo)
                        .orElse(stop.at());
            }
        }
        Map<String, Integer> endedPods = new TreeMap<>();
        ownPods.stream()
                .filter(p -> p.goneAt() == null && p.phase() != null)
                .forEach(p -> endedPods.merge(p.phase(), 1, Integer::sum));
        return new DrillReport.WorkloadView(
                w.namespace(),
                w.kind().kind(),
                w.name(),
                w.replicas(),
                w.readyReplicas(),
                seconds(origin, up == null ? null : up.at()),
                seconds(origin, readyAt),
                seconds(origin, stoppedAt),
                endedPods,
                List.of());
    }

    /** The workload with the reverts the controllers' journal holds for it. */
    static DrillReport.WorkloadView withReverts(
            DrillReport.WorkloadView w, List<KubernetesStandIn.ControllerRevert> reverts, Instant origin) {
        List<DrillReport.Revert> own = reverts.stream()
                .filter(r -> r.namespace().equals(w.namespace())
                        && r.kind().equals(w.kind())
                        && r.name().equals(w.name()))
                .map(r -> new DrillReport.Revert(r.controller(), seconds(origin, r.at())))
                .toList();
        return own.isEmpty()
                ? w
                : new DrillReport.WorkloadView(
                        w.namespace(),
                        w.kind(),
                        w.name(),
                        w.replicas(),
                        w.readyReplicas(),
                        w.scaledAt(),
                        w.readyAt(),
                        w.stoppedAt(),
                        w.endedPods(),
                        own);
    }

    private static Double seconds(Instant origin, Instant at) {
        return at == null ? null : Duration.between(origin, at).toMillis() / 1000.0;
    }

    private void print(DrillReport report) {
        out.println();
        out.printf(
                "Result: %s%s%n",
                report.status(),
                report.failedState() == null ? "" : " at \"" + report.failedState() + "\": " + report.error());
        if (report.rtoSeconds() != null) {
            out.printf("RTO (start to workloads ready, sandbox time): %.0f s%n", report.rtoSeconds());
        }
        if (report.floorSeconds() != null) {
            out.printf(
                    "Physical floor (the world's own delays): %.0f s; orchestration overhead %.1f s%n",
                    report.floorSeconds(), report.overheadSeconds());
        }
        if (!report.workflow().equals("failback")) {
            out.printf(
                    "Data-loss window: %s%s%n",
                    report.dataLossWindowSeconds() == null ? "not measured" : report.dataLossWindowSeconds() + " s",
                    report.mode() == null
                            ? ""
                            : " (" + report.mode() + (Boolean.TRUE.equals(report.dataLossProven()) ? ", proven" : "")
                                    + ")");
        }
        if (report.groundTruth() != null) {
            out.printf(
                    "Ground truth (the sandbox's own record): lost writes %.1f s, split brain %.1f s,"
                            + " split-brain writes lost %.1f s%s%n",
                    report.groundTruth().lostWriteSeconds(),
                    report.groundTruth().splitBrainSeconds(),
                    report.groundTruth().splitBrainLostWriteSeconds(),
                    report.underReportsLoss() ? "  << MORE WAS LOST THAN THE WORKFLOW REPORTED" : "");
        }
        out.println("Invariant (never writers in both regions): "
                + (report.invariantViolations().isEmpty() ? "held" : "BROKEN " + report.invariantViolations()));
        out.printf("Largest state: %,d bytes (Step Functions allows 262,144)%n", report.maxStateBytes());
        out.println();
        if (report.redrives() > 0) {
            out.printf("Redrives: %d (the failed state resumed with its original input)%n", report.redrives());
        }
        report.fin().regions().forEach((region, view) -> {
            var fs = view.fileSystem();
            out.printf(
                    "%s: %s %s, replication %s%n",
                    region,
                    fs.id(),
                    fs.writable() ? "WRITABLE" : "read-only",
                    fs.replication() == null
                            ? "none"
                            : fs.replication().sourceFileSystemId() + " -> "
                                    + fs.replication().destinationFileSystemId() + " "
                                    + fs.replication().status());
            out.printf(
                    "  StorageClass %s%n",
                    view.storageClass() == null
                            ? "absent"
                            : view.storageClass().name() + " fileSystemId="
                                    + view.storageClass().parameters().get("fileSystemId"));
            long running =
                    view.workloads().stream().filter(w -> w.replicas() > 0).count();
            int ready = view.workloads().stream()
                    .mapToInt(DrillReport.WorkloadView::readyReplicas)
                    .sum();
            out.printf(
                    "  workloads: %d of %d scaled up, %d pods ready%n",
                    running, view.workloads().size(), ready);
        });
        if (report.fin().traffic() != null) {
            out.println("Traffic (as the switch's stand-in holds it): "
                    + report.fin().traffic());
        }
        out.println();
        out.println("Notifications sent:");
        report.notifications().forEach(n -> out.println("  - " + n.subject()));
    }

    /** Prints each state as it ends, with its time and what the handler said; aggregates per state. */
    static final class Timeline implements Consumer<ExecutionEvent> {
        private final PrintStream out;
        private final Instant start;
        private final Map<String, long[]> entered = new LinkedHashMap<>();
        private final Map<String, DrillReport.Step> steps = new LinkedHashMap<>();

        Timeline(PrintStream out, Instant start) {
            this.out = out;
            this.start = start;
        }

        @Override
        public void accept(ExecutionEvent event) {
            if (event.state() == null) {
                return;
            }
            switch (event.type()) {
                case "StateEntered" -> entered.put(event.state(), new long[] {event.at()});
                case "StateRetried" -> {
                    DrillReport.Step step =
                            steps.getOrDefault(event.state(), new DrillReport.Step(event.state(), "RETRIED", 0, 0, 0));
                    steps.put(
                            event.state(),
                            new DrillReport.Step(
                                    step.name(), "RETRIED", step.durationMs(), step.entries(), step.retries() + 1));
                    out.printf("%7.2fs  %-28s retried after %s%n", seconds(event.at()), event.state(), event.error());
                }
                case "StateExited", "StateFailed" -> finish(event);
                default -> {}
            }
        }

        private void finish(ExecutionEvent event) {
            long[] began = entered.remove(event.state());
            long duration = began == null ? 0 : event.at() - began[0];
            boolean failed = event.type().equals("StateFailed");
            DrillReport.Step previous = steps.get(event.state());
            int entries = previous == null ? 1 : previous.entries() + 1;
            int retries = previous == null ? 0 : previous.retries();
            long total = previous == null ? duration : previous.durationMs() + duration;
            steps.put(
                    event.state(),
                    new DrillReport.Step(event.state(), failed ? "FAILED" : "SUCCEEDED", total, entries, retries));
            if ("Task".equals(event.stateType()) || failed) {
                String detail = failed
                        ? "FAILED: " + event.error()
                        : event.state().startsWith("Notify")
                                ? "sent: "
                                        + event.output()
                                                .path("notification")
                                                .path("subject")
                                                .asText()
                                : summary(event.output());
                out.printf("%7.2fs  %-28s %5d ms  %s%n", seconds(event.at()), event.state(), duration, detail);
            }
        }

        private double seconds(long at) {
            return (at - start.toEpochMilli()) / 1000.0;
        }

        private static String summary(JsonNode output) {
            if (output == null) {
                return "";
            }
            String best = null;
            Instant latest = Instant.MIN;
            for (JsonNode step : output.path("steps")) {
                if (step.hasNonNull("finishedAt") && step.hasNonNull("summary")) {
                    Instant finished = Instant.parse(step.get("finishedAt").asText());
                    if (finished.isAfter(latest)) {
                        latest = finished;
                        best = step.get("summary").asText();
                    }
                }
            }
            return best == null ? "" : best;
        }

        List<DrillReport.Step> steps() {
            return new ArrayList<>(steps.values());
        }
    }

    /**
     * Runs the readiness function once against a fresh sandbox and prints each check; 0 when none
     * is FAIL.
     */
    private int readiness(Scenario scenario, Path json) throws IOException {
        JsonNode report;
        try (Sandbox sandbox = Sandbox.start(scenario);
                HandlerHost host = new HandlerHost(sandbox)) {
            out.printf(
                    "READINESS: %s -> %s, one run of RunReadinessChecksFunction%n",
                    scenario.primary().region(), scenario.dr().region());
            report = runReadiness(host);
            out.println();
            out.printf("%-19s %-7s %s%n", "Check", "Status", "Detail");
            for (JsonNode check : report.path("checks")) {
                out.printf(
                        "%-19s %-7s %s%n",
                        check.path("name").asText(),
                        check.path("status").asText(),
                        check.path("detail").asText());
            }
            out.println();
            out.println("Overall: " + report.path("overall").asText());
            out.println("Notifications sent:");
            sandbox.aws().sns().published().forEach(p -> out.println("  - " + p.subject()));
        }
        if (json != null) {
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            out.println("Report written to " + json);
        }
        return report.path("overall").asText().equals("FAIL") ? 1 : 0;
    }

    /** One run of the readiness function through its Lambda entry point, as a manual start would send it. */
    public static JsonNode runReadiness(HandlerHost host) throws IOException {
        return host.invokeDirectly("RunReadinessChecksFunction", Json.MAPPER.createObjectNode());
    }

    /** {@code failover|failback|cycle|readiness [--scenario FILE] [--workloads N] [--json FILE]} */
    public static void main(String[] args) throws IOException {
        System.exit(new Drill(ExecutionRunner.projectRoot(), System.out).execute(args));
    }

    int execute(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("fuzz")) {
            return fuzz(args);
        }
        if (args.length == 0
                || !List.of("failover", "failback", "cycle", "readiness", "serve")
                        .contains(args[0])) {
            out.println("usage: local/drill failover|failback|cycle [--scenario FILE] [--workloads N] [--json "
                    + "FILE] [--redrive] [--serve-after [--env-file FILE] [--clock-rate N]]");
            out.println("       local/drill readiness [--scenario FILE] [--workloads N] [--json FILE]");
            out.println(
                    "       local/drill serve [--scenario FILE] [--workloads N] [--env-file FILE] [--clock-rate N]");
            out.println(FUZZ_USAGE);
            return 2;
        }
        String workflow = args[0];
        Path scenarioFile = null;
        Integer workloads = null;
        Path json = null;
        boolean redriveOnFailure = false;
        boolean serveAfter = false;
        Path envFile = root.resolve("local/.build/sandbox.env");
        double clockRate = 1.0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--redrive")) {
                redriveOnFailure = true;
                continue;
            }
            if (args[i].equals("--serve-after")) {
                serveAfter = true;
                continue;
            }
            if (i + 1 >= args.length) {
                out.println("missing value for " + args[i]);
                return 2;
            }
            switch (args[i]) {
                case "--scenario" -> scenarioFile = Path.of(args[i + 1]);
                case "--workloads" -> {
                    try {
                        workloads = Integer.parseInt(args[i + 1]);
                    } catch (NumberFormatException e) {
                        out.println("--workloads: must be a whole number, not " + args[i + 1]);
                        return 2;
                    }
                }
                case "--json" -> json = Path.of(args[i + 1]);
                case "--env-file" -> envFile = Path.of(args[i + 1]);
                case "--clock-rate" -> {
                    try {
                        clockRate = Double.parseDouble(args[i + 1]);
                    } catch (NumberFormatException e) {
                        clockRate = Double.NaN;
                    }
                    if (!(clockRate > 0) || Double.isInfinite(clockRate)) {
                        out.println("--clock-rate: must be a positive number (sandbox seconds per real second), not "
                                + args[i + 1]);
                        return 2;
                    }
                }
                default -> {
                    out.println("unknown option " + args[i]);
                    return 2;
                }
            }
            i++;
        }
        JsonNode scenarioNode;
        Scenario scenario;
        try {
            scenarioNode = scenarioFile == null
                    ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(Files.readString(scenarioFile));
            scenario = Scenario.parse(scenarioNode, workloads);
        } catch (IOException | IllegalArgumentException e) {
            out.println("error: the scenario " + (scenarioFile == null ? "" : scenarioFile + " ") + "cannot be used: "
                    + e.getMessage());
            return 2;
        }
        if (workflow.equals("failback") && !Scenario.choosesActiveSide(scenarioNode)) {
            scenario = scenario.withActiveSide("dr");
        }
        if (workflow.equals("readiness")) {
            return readiness(scenario, json);
        }
        if (workflow.equals("serve")) {
            Sandbox sandbox = Sandbox.start(scenario);
            return serve(sandbox, envFile, clockRate);
        }
        DrillReport report;
        Sandbox sandbox = Sandbox.start(scenario);
        boolean handedOver = false;
        try {
            Drill drill = redriveOnFailure ? redriving() : this;
            report = workflow.equals("cycle")
                    ? drill.cycle(sandbox)
                    : drill.run(sandbox, workflow, input(scenario, "local drill"));
            if (json != null) {
                Files.writeString(
                        json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                out.println("Report written to " + json);
            }
            if (serveAfter) {
                out.println("Exit status of the drill: " + exitStatus(report) + " (serving its end state now)");
                handedOver = true;
                return serve(sandbox, envFile, clockRate);
            }
        } finally {
            if (!handedOver) {
                sandbox.close();
            }
        }
        return exitStatus(report);
    }

    static final String FUZZ_USAGE =
            "       local/drill fuzz [--seeds N] [--seed S] [--max-workloads M] [--shrink-budget B] [--threads T] [--json FILE]";

    /**
     * {@code fuzz}: generated worlds, each judged by the sandbox's ground truth (issue 21); 0 when
     * every world passed every property, 1 otherwise, 2 for bad arguments.
     */
    private int fuzz(String[] args) throws IOException {
        int seeds = 100;
        Long seed = null;
        int maxWorkloads = 300;
        int shrinkBudget = 40;
        int threads = Runtime.getRuntime().availableProcessors();
        Path json = null;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                out.println("missing value for " + args[i]);
                out.println("usage:" + FUZZ_USAGE.substring(6));
                return 2;
            }
            String value = args[i + 1];
            try {
                switch (args[i]) {
                    case "--seeds" -> seeds = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--max-workloads" -> maxWorkloads = Integer.parseInt(value);
                    case "--shrink-budget" -> shrinkBudget = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--json" -> json = Path.of(value);
                    default -> {
                        out.println("unknown option " + args[i]);
                        out.println("usage:" + FUZZ_USAGE.substring(6));
                        return 2;
                    }
                }
            } catch (NumberFormatException e) {
                out.println(args[i] + ": must be a whole number, not " + value);
                return 2;
            }
        }
        if (seeds < 1 || maxWorkloads < 1 || maxWorkloads > 300 || shrinkBudget < 0 || threads < 1 || threads > 16) {
            out.println(
                    "--seeds must be at least 1, --max-workloads 1 to 300, --shrink-budget at least 0, --threads 1 to 16");
            return 2;
        }
        long first = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        out.printf(
                "FUZZ: %d world(s) from seed %d (world i has seed %d + i; one world again: --seed <its seed> --seeds 1)%n",
                seeds, first, first);
        ObjectNode report = new io.efsdr.drill.fuzz.Fuzzer(root)
                .fuzz(
                        first,
                        seeds,
                        new io.efsdr.drill.fuzz.WorldGenerator(maxWorkloads, true),
                        out,
                        shrinkBudget,
                        threads);
        out.println();
        out.println("Seed: " + first);
        out.println("Properties: " + report.get("properties"));
        out.println("Coverage: " + report.get("coverage"));
        out.printf("Worlds per minute: %s%n", report.get("worldsPerMinute"));
        if (json != null) {
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            out.println("Report written to " + json);
        }
        return report.get("failing").isEmpty() ? 0 : 1;
    }

    /**
     * Serve mode: writes the env file and kubeconfig for the running sandbox, prints them and serves
     * until the process is interrupted; the shutdown hook closes the sandbox.
     */
    private int serve(Sandbox sandbox, Path envFile, double clockRate) throws IOException {
        try {
            sandbox.clock().setRate(clockRate);
            ServeSession session = new ServeSession(sandbox, envFile, ServeSession.awsOnPath());
            session.write();
            session.print(out);
            session.awaitShutdown();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sandbox.close();
            return 130;
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** 0 only when the workflow succeeded, no moment had writers in both regions and no loss went unreported. */
    static int exitStatus(DrillReport report) {
        return report.status().equals("SUCCEEDED")
                        && report.invariantViolations().isEmpty()
                        && !report.underReportsLoss()
                ? 0
                : 1;
    }
}
