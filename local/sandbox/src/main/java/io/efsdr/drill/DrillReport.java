package io.efsdr.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The drill's report, also written by {@code --json}: the workflow's outcome, each state's
 * outcome and time, the RTO and the data-loss window the workflow reported (with the failover mode
 * and whether the window is proven), the sandbox's own ground truth of lost writes and split brain,
 * the invariant check, the notifications sent, the largest state input or output the ASL engine saw
 * ({@code maxStateBytes}, against the 262,144 bytes Step Functions allows) and the final state of both regions.
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

        @JsonProperty("final") Final fin) {

    /**
     * What really happened, as the sandbox recorded it (never what the handlers said).
     *
     * @param lostWriteSeconds the longest span of writes accepted by some file system that never
     *     reached the file system serving at the end; 0 when nothing was lost
     * @param splitBrainSeconds sandbox seconds during which writers ran on two writable file systems
     * @param servingFileSystemId the file system the lost writes are measured against
     */
    public record GroundTruthView(double lostWriteSeconds, double splitBrainSeconds, String servingFileSystemId) {}

    /** Whether the workflow reported a data-loss window smaller than what was really lost. */
    public boolean underReportsLoss() {
        if (groundTruth == null || groundTruth.lostWriteSeconds() <= 0) {
            return false;
        }
        return dataLossWindowSeconds != null && dataLossWindowSeconds < groundTruth.lostWriteSeconds();
    }

    /** One state of the workflow: its last outcome and the real time spent in it over all entries. */
    public record Step(String name, String status, long durationMs, int entries, int retries) {}

    public record NotificationView(String subject, String message) {}

    /**
     * @param evidence the audit objects written in the run ({@code s3://<bucket>/<key>}), as the S3
     *     stand-in holds them
     */
    public record Final(Map<String, RegionView> regions, List<String> evidence) {}

    public record RegionView(FileSystemView fileSystem, StorageClassView storageClass, List<WorkloadView> workloads) {}

    /** @param writeFenced whether its policy denies ClientWrite to every client (the split-brain guard's fence) */
    public record FileSystemView(String id, boolean writable, ReplicationView replication, boolean writeFenced) {}

    public record ReplicationView(String sourceFileSystemId, String destinationFileSystemId, String status) {}

    public record StorageClassView(String name, Map<String, String> parameters, List<String> mountOptions) {}

    public record WorkloadView(String namespace, String kind, String name, int replicas, int readyReplicas) {}
}
