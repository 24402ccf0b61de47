package io.efsdr.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drill's report, also written by {@code --json}: the workflow's outcome, each state's
 * outcome and time, the RTO and the data-loss window the workflow reported (with the failover mode
 * and whether the window is proven), the sandbox's own ground truth of lost writes and split brain,
 * the invariant check, the notifications sent, the largest state input or output the ASL engine saw
 * ({@code maxStateBytes}, against the 262,144 bytes Step Functions allows), the final state of both regions
 * and the failover's physical floor ({@code floorSeconds}, see {@link PhysicalFloor}; null when not defined).
 */
public record DrillReport(
        String workflow,
        String status,
        String failedState,
        String error,
        List<Step> steps,
        Double rtoSeconds,
        Long dataLossWindowSeconds,
        String mode,
        Boolean dataLossProven,
        GroundTruthView groundTruth,
        int redrives,
        List<String> invariantViolations,
        List<NotificationView> notifications,
        long maxStateBytes,

        @JsonProperty("final") Final fin,
        List<HookView> hooks,
        Double floorSeconds) {

    public DrillReport {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** A report without a physical floor. */
    public DrillReport(
            String workflow,
            String status,
            String failedState,
            String error,
            List<Step> steps,
            Double rtoSeconds,
            Long dataLossWindowSeconds,
            String mode,
            Boolean dataLossProven,
            GroundTruthView groundTruth,
            int redrives,
            List<String> invariantViolations,
            List<NotificationView> notifications,
            long maxStateBytes,
            Final fin,
            List<HookView> hooks) {
        this(
                workflow,
                status,
                failedState,
                error,
                steps,
                rtoSeconds,
                dataLossWindowSeconds,
                mode,
                dataLossProven,
                groundTruth,
                redrives,
                invariantViolations,
                notifications,
                maxStateBytes,
                fin,
                hooks,
                null);
    }

    /** What the orchestration added to the physical floor: {@code rtoSeconds - floorSeconds}. */
    @JsonProperty("overheadSeconds")
    public Double overheadSeconds() {
        return rtoSeconds == null || floorSeconds == null ? null : rtoSeconds - floorSeconds;
    }

    /** A report of a run that called no hook. */
    public DrillReport(
            String workflow,
            String status,
            String failedState,
            String error,
            List<Step> steps,
            Double rtoSeconds,
            Long dataLossWindowSeconds,
            String mode,
            Boolean dataLossProven,
            GroundTruthView groundTruth,
            int redrives,
            List<String> invariantViolations,
            List<NotificationView> notifications,
            long maxStateBytes,
            Final fin) {
        this(
                workflow,
                status,
                failedState,
                error,
                steps,
                rtoSeconds,
                dataLossWindowSeconds,
                mode,
                dataLossProven,
                groundTruth,
                redrives,
                invariantViolations,
                notifications,
                maxStateBytes,
                fin,
                List.of(),
                null);
    }

    /**
     * One hook call as the workflow reported it ({@code $.steps.hooks}); checked against the Lambda
     * stand-in's journal.
     *
     * @param wave for {@code afterWave}, the wave that was ready; null otherwise
     * @param idempotencyKey the key the call carried (the same on every retry of the call)
     * @param invocations how many times the function ran with that key since the world started, from
     *     the Lambda stand-in's own journal (never from what the handler reported): more than 1 when
     *     Lambda ran it twice ({@code duplicate}) or the call was made again (a Step Functions retry,
     *     a redrive)
     */
    public record HookView(
            String at,
            String target,
            Integer wave,
            String status,
            long durationMs,
            String idempotencyKey,
            long invocations) {}

    /**
     * What really happened, as the sandbox recorded it (never what the handlers said).
     *
     * @param lostWriteSeconds the longest span of writes accepted by some file system while no other
     *     was writable (before a promotion) that never reached the file system serving at the end:
     *     the recovery point a data-loss window must cover; 0 when nothing was lost
     * @param splitBrainSeconds sandbox seconds during which writers ran on two writable file systems
     * @param servingFileSystemId the file system the lost writes are measured against
     * @param splitBrainLostWriteSeconds sandbox seconds, in all, of writes accepted by a file system
     *     while another was writable too (after the other's promotion) that never reached the one
     *     serving at the end: split-brain writes, which the split-brain guard reports
     */
    public record GroundTruthView(
            double lostWriteSeconds,
            double splitBrainSeconds,
            String servingFileSystemId,
            double splitBrainLostWriteSeconds) {
        public GroundTruthView(double lostWriteSeconds, double splitBrainSeconds, String servingFileSystemId) {
            this(lostWriteSeconds, splitBrainSeconds, servingFileSystemId, 0);
        }
    }

    /** Whether the workflow reported a data-loss window smaller than what was really lost. */
    public boolean underReportsLoss() {
        if (groundTruth == null || groundTruth.lostWriteSeconds() <= 0) {
            return false;
        }
        return dataLossWindowSeconds != null && dataLossWindowSeconds < groundTruth.lostWriteSeconds();
    }

    /** One state of the workflow: its last outcome and the real time spent in it over all entries. */
    /**
     * One state's outcome; {@code metricEvidence}: for the promote state, what the primary file
     * system's CloudWatch metrics said before the delete (the promote step's {@code
     * metricEvidence.outcome}); null elsewhere or when not read.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String name, String status, long durationMs, int entries, int retries, String metricEvidence) {
        public Step(String name, String status, long durationMs, int entries, int retries) {
            this(name, status, durationMs, entries, retries, null);
        }

        Step withMetricEvidence(String outcome) {
            return new Step(name, status, durationMs, entries, retries, outcome);
        }
    }

    public record NotificationView(String subject, String message) {}

    /**
     * @param evidence the audit objects written in the run ({@code s3://<bucket>/<key>}), as the S3
     *     stand-in holds them
     * @param traffic where client traffic goes, region to {@code ON}/{@code OFF}, read from the ARC
     *     cluster or Route 53 stand-in the plan's switch uses; null when the plan switches none
     */
    public record Final(
            Map<String, RegionView> regions,
            List<String> evidence,
            Map<String, String> traffic,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<GitOpsView> gitops) {
        public Final {
            gitops = gitops == null ? List.of() : List.copyOf(gitops);
        }

        public Final(Map<String, RegionView> regions, List<String> evidence, Map<String, String> traffic) {
            this(regions, evidence, traffic, List.of());
        }

        public Final(Map<String, RegionView> regions, List<String> evidence) {
            this(regions, evidence, null);
        }

        /** The world as a state: the same regions without the workloads' times (what happened when). */
        public Final withoutTimes() {
            Map<String, RegionView> stripped = new LinkedHashMap<>();
            regions.forEach((region, view) -> stripped.put(region, view.withoutTimes()));
            return new Final(
                    stripped,
                    evidence,
                    traffic,
                    gitops.stream().map(GitOpsView::withoutTimes).toList());
        }
    }

    // ---- issue 22: the GitOps objects in the final world
    /**
     * One GitOps object of the world at the end, from the stand-in that holds it (never from a handler):
     *
     * @param site where it lives: {@code primary}, {@code dr} or {@code management}
     * @param leverOn whether a lever that stops its controller is on (skip-reconcile, suspend, or the
     *     reconcile-disabled annotation on one of its workloads)
     * @param inSync whether its status says in sync (Application Synced; Flux Ready True)
     * @param reverts how many times its controller put a workload's replicas back to Git's
     * @param leverChanges every lever set or removed, in order: when (sandbox seconds since the world
     *     started), on or off, by whom, and the workload for a lever on a workload
     */
    public record GitOpsView(
            String kind,
            String namespace,
            String name,
            String site,
            boolean leverOn,
            boolean inSync,
            int reverts,
            List<LeverChangeView> leverChanges) {
        GitOpsView withoutTimes() {
            return new GitOpsView(kind, namespace, name, site, leverOn, inSync, 0, List.of());
        }
    }

    /** A lever set ({@code on}) or removed at {@code at} (sandbox seconds), by {@code by}; {@code workload} or null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeverChangeView(double at, boolean on, String by, String workload) {}
    // ---- issue 22: end

    public record RegionView(FileSystemView fileSystem, StorageClassView storageClass, List<WorkloadView> workloads) {
        /** The region as a state, without the workloads' times (what happened when). */
        public RegionView withoutTimes() {
            return new RegionView(
                    fileSystem,
                    storageClass,
                    workloads.stream()
                            .map(w -> new WorkloadView(
                                    w.namespace(),
                                    w.kind(),
                                    w.name(),
                                    w.replicas(),
                                    w.readyReplicas(),
                                    null,
                                    null,
                                    null,
                                    w.endedPods(),
                                    List.of()))
                            .toList());
        }
    }

    /** @param writeFenced whether its policy denies ClientWrite to every client (the split-brain guard's fence) */
    public record FileSystemView(String id, boolean writable, ReplicationView replication, boolean writeFenced) {}

    public record ReplicationView(String sourceFileSystemId, String destinationFileSystemId, String status) {}

    public record StorageClassView(String name, Map<String, String> parameters, List<String> mountOptions) {}

    /**
     * One workload as the sandbox saw it; the times are sandbox seconds since the world started,
     * from the stand-in's own records (its {@code spec.replicas} changes and its pods' lifetimes),
     * null when it did not happen.
     *
     * @param scaledAt the last scale-up
     * @param readyAt when the last pod that scale-up created became ready
     * @param stoppedAt after the last scale to zero, when the last pod that was running then stopped
     *     writing (was gone, or its containers ended)
     * @param endedPods the workload's pods that exist at the end in phase {@code Failed}, {@code
     *     Succeeded} or {@code Unknown}, counted by phase (left out of the JSON when there are none)
     * @param revertedBy each revert of its replicas by a GitOps controller of the scenario, from the
     *     controllers' own journal, in time order
     */
    public record WorkloadView(
            String namespace,
            String kind,
            String name,
            int replicas,
            int readyReplicas,
            Double scaledAt,
            Double readyAt,
            Double stoppedAt,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> endedPods,
            List<Revert> revertedBy) {
        public WorkloadView {
            endedPods = endedPods == null ? Map.of() : Map.copyOf(new TreeMap<>(endedPods));
        }

        public WorkloadView(
                String namespace,
                String kind,
                String name,
                int replicas,
                int readyReplicas,
                Double scaledAt,
                Double readyAt,
                Double stoppedAt) {
            this(namespace, kind, name, replicas, readyReplicas, scaledAt, readyAt, stoppedAt, Map.of(), List.of());
        }

        public WorkloadView(String namespace, String kind, String name, int replicas, int readyReplicas) {
            this(namespace, kind, name, replicas, readyReplicas, null, null, null);
        }
    }

    /** A GitOps controller's revert: {@code controller} ({@code argocd} or {@code flux}) at sandbox second {@code at}. */
    public record Revert(String controller, double at) {}
}
