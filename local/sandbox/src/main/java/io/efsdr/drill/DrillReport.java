package io.efsdr.drill;

import java.util.List;
import java.util.Map;

/**
 * The drill's report, also written by {@code --json}: the workflow's outcome, each state's
 * outcome and time, the RTO and data-loss window, the invariant check, the notifications sent and
 * the final state of both regions.
 */
public record DrillReport(
    String workflow,
    String status,
    String failedState,
    String error,
    List<Step> steps,
    Double rtoSeconds,
    Long dataLossWindowSeconds,
    List<String> invariantViolations,
    List<NotificationView> notifications,
    @com.fasterxml.jackson.annotation.JsonProperty("final") Final fin) {

  /** One state of the workflow: its last outcome and the real time spent in it over all entries. */
  public record Step(String name, String status, long durationMs, int entries, int retries) {}

  public record NotificationView(String subject, String message) {}

  public record Final(Map<String, RegionView> regions) {}

  public record RegionView(FileSystemView fileSystem, StorageClassView storageClass, List<WorkloadView> workloads) {}

  public record FileSystemView(String id, boolean writable, ReplicationView replication) {}

  public record ReplicationView(String sourceFileSystemId, String destinationFileSystemId, String status) {}

  public record StorageClassView(String name, Map<String, String> parameters) {}

  public record WorkloadView(String namespace, String kind, String name, int replicas, int readyReplicas) {}
}
