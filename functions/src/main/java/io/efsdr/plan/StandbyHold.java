package io.efsdr.plan;

import java.util.List;

/**
 * A warm standby is not returned to standby while DR is unprotected. When a failback's
 * re-protection gave up, the DR file system's replication overwrite protection is ENABLED and no
 * replication targets it, so it is writable (EFS API reference, UpdateFileSystemProtection and
 * "Replication overwrite protection": only a replication's destination is read-only). Standby pods
 * on it would write while the primary serves: two regions that can write, and those writes would be
 * lost at the next re-protection, which overwrites the DR file system. So a return to standby in
 * that state holds every workload with standby replicas at 0 instead; pilot light (standby 0) is
 * unchanged.
 */
public final class StandbyHold {
    /** Why the workloads are held. */
    public static final String REASON = "DR file system writable without replication";

    private StandbyHold() {}

    /** Whether {@code level} in {@code target}'s cluster is held at 0 ({@code drUnprotected}: re-protection gave up). */
    public static boolean applies(Target target, ReplicaLevel level, boolean drUnprotected) {
        return drUnprotected && target == Target.DR && level == ReplicaLevel.STANDBY;
    }

    /** The workloads as the return to standby treats them: those held at 0 get standby 0. */
    public static List<Workload> apply(
            List<Workload> workloads, Target target, ReplicaLevel level, boolean drUnprotected) {
        if (!applies(target, level, drUnprotected)) {
            return workloads;
        }
        return workloads.stream()
                .map(w -> w.standbyReplicas() == 0
                        ? w
                        : new Workload(w.namespace(), w.kind(), w.name(), w.activeReplicas(), 0, w.wave()))
                .toList();
    }

    /** One line per workload held at 0, with the reason; empty when nothing is held. */
    public static List<String> held(
            List<Workload> workloads, Target target, ReplicaLevel level, boolean drUnprotected) {
        if (!applies(target, level, drUnprotected)) {
            return List.of();
        }
        return workloads.stream()
                .filter(w -> w.standbyReplicas() > 0)
                .map(w -> w.id() + " held at 0 instead of standby " + w.standbyReplicas() + ": " + REASON)
                .toList();
    }

    /** The held lines as one sentence for a summary, at most {@code max} named; empty when none. */
    public static String describe(List<String> held, int max) {
        if (held.isEmpty()) {
            return "";
        }
        return "; " + held.size() + " workload(s) " + (held.size() == 1 ? "is" : "are")
                + " held at 0 because DR is unprotected: "
                + String.join("; ", held.stream().limit(max).toList())
                + (held.size() > max ? "; and " + (held.size() - max) + " more" : "");
    }
}
