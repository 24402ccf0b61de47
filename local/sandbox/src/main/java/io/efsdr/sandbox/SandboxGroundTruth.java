package io.efsdr.sandbox;

import io.efsdr.sandbox.kubernetes.KubernetesStandIn;
import io.efsdr.sandbox.kubernetes.PodLifetime;
import io.efsdr.sandbox.truth.GroundTruth;
import io.efsdr.sandbox.truth.Spans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's ground truth, from its own records, never from what the handlers reported: when each
 * file system accepted writes (its cluster's pods and the writers outside the plan, while it was
 * writable and its region up), what replication carried, and so what was lost ({@link GroundTruth}).
 * It is also the CloudWatch stand-in's view of the world ({@link io.efsdr.sandbox.aws.CloudWatchModel}): each
 * file system's accepted writes, and its client connections: one per pod of its cluster for the
 * pod's life (the EFS CSI driver mounts at the pod's start), one per connection of a writer
 * outside the plan, refused writes or not; nothing while its region is down.
 */
final class SandboxGroundTruth implements io.efsdr.sandbox.aws.EfsMetricSource {
    private final Sandbox sandbox;

    SandboxGroundTruth(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * What really happened to the data until now, from the sandbox's own records: each file system
     * accepted writes while it was writable, its region was up and a pod of its cluster existed
     * (running or terminating: a terminating pod keeps writing through its grace period, Kubernetes
     * "Pod Lifecycle", termination of pods); replication carried what was written before each sync.
     * A lost write made while the other file system was writable too (after its promotion) is counted
     * apart, as a split-brain write ({@link GroundTruth}).
     *
     * @param servingFileSystemId the file system that serves at the end
     */
    GroundTruth.Result groundTruth(String servingFileSystemId) {
        Instant now = sandbox.clock.instant();
        Map<String, Spans> writes = new LinkedHashMap<>();
        writes.put(
                sandbox.scenario.primary().fileSystemId(),
                acceptedWrites(sandbox.scenario.primary().fileSystemId(), now));
        writes.put(
                sandbox.scenario.dr().fileSystemId(),
                acceptedWrites(sandbox.scenario.dr().fileSystemId(), now));
        List<GroundTruth.Flow> flows = sandbox.aws.efs().replicationHistory().stream()
                .map(r -> new GroundTruth.Flow(
                        r.sourceFileSystemId(), r.destinationFileSystemId(), r.createdAt(), r.lastReplicatedAt()))
                .toList();
        Map<String, Spans> writable = new LinkedHashMap<>();
        writes.keySet().forEach(fs -> writable.put(fs, writable(fs)));
        return GroundTruth.compute(writes, writable, flows, servingFileSystemId, now);
    }

    /**
     * When a file system of the world accepted writes until {@code now}: its cluster's pods and, on
     * the primary, the writers outside the plan, while its region was up. The ground truth and the
     * CloudWatch stand-in's {@code DataWriteIOBytes} both read this one record.
     */
    private Spans acceptedWrites(String fileSystemId, Instant now) {
        if (fileSystemId.equals(sandbox.scenario.primary().fileSystemId())) {
            return writesOf(sandbox.scenario.primary(), sandbox.primaryCluster)
                    .union(unplannedWrites(now))
                    .minus(sandbox.primaryDownSpans(now));
        }
        return writesOf(sandbox.scenario.dr(), sandbox.drCluster);
    }

    @Override
    public Spans writes(String region, String fileSystemId, Instant now) {
        return siteOf(region, fileSystemId) == null ? Spans.EMPTY : acceptedWrites(fileSystemId, now);
    }

    @Override
    public List<Spans.Span> connections(String region, String fileSystemId, Instant now) {
        Scenario.SiteSpec site = siteOf(region, fileSystemId);
        if (site == null) {
            return List.of();
        }
        boolean primary = site == sandbox.scenario.primary();
        KubernetesStandIn cluster = primary ? sandbox.primaryCluster : sandbox.drCluster;
        List<Spans.Span> connections = new ArrayList<>();
        for (PodLifetime pod : cluster.podLifetimes()) {
            long to = pod.goneAt() == null ? Long.MAX_VALUE : pod.goneAt().toEpochMilli();
            connections.add(new Spans.Span(
                    pod.createdAt().toEpochMilli(), Math.max(pod.createdAt().toEpochMilli(), to)));
        }
        if (primary) {
            for (Scenario.UnplannedWriter writer : sandbox.scenario.unplannedWriters()) {
                for (Instant at = sandbox.startedAt; !at.isAfter(now); at = at.plusSeconds(writer.everySeconds())) {
                    connections.add(new Spans.Span(
                            at.toEpochMilli(),
                            at.plusSeconds(writer.runSeconds()).toEpochMilli()));
                }
            }
            Spans down = sandbox.primaryDownSpans(now);
            connections = connections.stream()
                    .filter(c -> Spans.of(List.of(c)).minus(down).totalMillis() > 0)
                    .toList();
        }
        return connections;
    }

    private Scenario.SiteSpec siteOf(String region, String fileSystemId) {
        for (Scenario.SiteSpec site : List.of(sandbox.scenario.primary(), sandbox.scenario.dr())) {
            if (site.region().equals(region) && site.fileSystemId().equals(fileSystemId)) {
                return site;
            }
        }
        return null;
    }

    /**
     * When the file system accepted writes from the cluster's pods: while it was writable and one of
     * its pods existed whose mount may write and its containers had not ended (a pod in phase Failed
     * or Succeeded stays but writes nothing; one in phase Unknown or stuck terminating on a NotReady
     * node may still write). The EFS CSI driver mounts a pod's volume when the pod starts, before its
     * containers run, so a pod's mount is made at its creation ({@link #podMayWrite}).
     */
    private Spans writesOf(Scenario.SiteSpec site, KubernetesStandIn cluster) {
        Spans writable = writable(site.fileSystemId());
        Spans writers = Spans.EMPTY;
        for (var pod : cluster.podLifetimes()) {
            if (!sandbox.podMayWrite(site.fileSystemId(), pod)) {
                continue;
            }
            writers = writers.union(Spans.of(
                    pod.createdAt().toEpochMilli(),
                    pod.writesUntil() == null
                            ? Long.MAX_VALUE
                            : pod.writesUntil().toEpochMilli()));
        }
        return writable.intersect(writers);
    }

    /**
     * The writes of the scenario's writers outside the plan on the primary file system until {@code
     * now}: one connection at the world's start and every {@code everySeconds} after, each writing
     * for {@code runSeconds} unless the write fence was in effect when it connected.
     */
    private Spans unplannedWrites(Instant now) {
        String fs = sandbox.scenario.primary().fileSystemId();
        List<Spans.Span> spans = new ArrayList<>();
        for (Scenario.UnplannedWriter writer : sandbox.scenario.unplannedWriters()) {
            for (Instant at = sandbox.startedAt; !at.isAfter(now); at = at.plusSeconds(writer.everySeconds())) {
                if (!sandbox.aws.efs().mountRefusesWrites(fs, at)) {
                    spans.add(new Spans.Span(
                            at.toEpochMilli(),
                            at.plusSeconds(writer.runSeconds()).toEpochMilli()));
                }
            }
        }
        return writable(fs).intersect(Spans.of(spans));
    }

    private Spans writable(String fileSystemId) {
        return Spans.of(sandbox.aws.efs().writableHistory(fileSystemId).stream()
                .map(i -> new Spans.Span(
                        i.from().toEpochMilli(), i.to() == null ? Long.MAX_VALUE : i.to().toEpochMilli()))
                .toList());
    }
}
