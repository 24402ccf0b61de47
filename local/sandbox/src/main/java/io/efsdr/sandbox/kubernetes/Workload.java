package io.efsdr.sandbox.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mutable state of one Deployment or StatefulSet; guarded by the owning {@link ClusterState}. */
final class Workload {
  final WorkloadKind kind;
  final String namespace;
  final String name;
  final String uid;
  final Instant created;
  final Map<String, String> labels;
  final Map<String, String> annotations;
  final List<String> claimNames;
  final List<VolumeClaimTemplate> templates;
  int specReplicas;
  int statusReplicas;
  long generation = 1;
  long observedGeneration = 1;
  long resourceVersion;
  private Instant convergeAt;

  Workload(
      WorkloadKind kind,
      String namespace,
      String name,
      String uid,
      Instant created,
      int replicas,
      Map<String, String> labels,
      Map<String, String> annotations,
      List<String> claimNames,
      List<VolumeClaimTemplate> templates,
      long resourceVersion) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.uid = uid;
    this.created = created;
    this.specReplicas = replicas;
    this.statusReplicas = replicas;
    this.labels = Map.copyOf(labels);
    this.annotations = Map.copyOf(annotations);
    this.claimNames = List.copyOf(claimNames);
    this.templates = List.copyOf(templates);
    this.resourceVersion = resourceVersion;
  }

  /**
   * Sets {@code spec.replicas}; the status follows after {@code readinessDelay} when growing and
   * {@code terminationDelay} when shrinking. Returns false when nothing changed.
   */
  boolean scale(int replicas, Instant now, Duration readinessDelay, Duration terminationDelay) {
    if (replicas == specReplicas) {
      return false;
    }
    specReplicas = replicas;
    generation++;
    observedGeneration = generation;
    if (replicas == statusReplicas) {
      convergeAt = null;
    } else {
      convergeAt = now.plus(replicas > statusReplicas ? readinessDelay : terminationDelay);
    }
    return true;
  }

  /** Brings the status up to date with {@code now}; true when it changed. */
  boolean evaluate(Instant now) {
    if (convergeAt == null || now.isBefore(convergeAt)) {
      return false;
    }
    statusReplicas = specReplicas;
    convergeAt = null;
    return true;
  }

  String selector() {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(labels)
        .forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  WorkloadView view() {
    return new WorkloadView(
        kind,
        namespace,
        name,
        specReplicas,
        statusReplicas,
        statusReplicas,
        generation,
        observedGeneration,
        Long.toString(resourceVersion),
        labels,
        annotations,
        claimNames,
        templates);
  }
}
