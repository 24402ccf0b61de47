package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The run's workloads when the state does not carry them (a Step Functions state holds at most
 * 262,144 bytes): the names the execution input narrowed the plan to (empty for all) and the
 * fingerprint of the set Validate Plan resolved, so each step that resolves the plan's selector
 * again can tell whether it still finds exactly that set.
 *
 * @param names the input's {@code workloads}, as given; empty when the run acts on all of them
 * @param count how many workloads the run acts on
 * @param sha256 {@link #fingerprint} of those workloads
 */
public record WorkloadScope(List<String> names, int count, String sha256) {
    public WorkloadScope {
        names = names == null ? List.of() : List.copyOf(names);
        if (sha256 == null || sha256.isBlank()) {
            throw new InvalidInputException("run.workloads.sha256: is missing");
        }
    }

    /** The scope of a run that acts on {@code workloads}, chosen by {@code names}. */
    public static WorkloadScope of(List<String> names, List<Workload> workloads) {
        return new WorkloadScope(names, workloads.size(), fingerprint(workloads));
    }

    /** Whether {@code workloads} is the set this scope was made from (order does not matter). */
    public boolean matches(List<Workload> workloads) {
        return workloads.size() == count && fingerprint(workloads).equals(sha256);
    }

    /**
     * SHA-256 (hex) of the workloads' ids with their replica counts, one
     * {@code namespace/Kind/name=active/standby} line each, sorted: the same set gives the same
     * value in any order, and a changed replica annotation changes it; so does a changed wave
     * ({@code @wave}, written only for a wave other than the default, so sets without waves keep
     * their fingerprint).
     */
    public static String fingerprint(List<Workload> workloads) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        workloads.stream()
                .map(w -> w.id() + "=" + w.activeReplicas() + "/" + w.standbyReplicas() + wave(w) + "\n")
                .sorted()
                .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String wave(Workload w) {
        return w.wave() == Workload.DEFAULT_WAVE ? "" : "@" + w.wave();
    }
}
