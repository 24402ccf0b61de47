package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What ensuring the StorageClass did.
 *
 * @param action CREATED, UNCHANGED, RECREATED, or the same prefixed with {@code DRY_RUN_}
 * @param differences for each parameter that differed, {@code "was -> wanted"}
 * @param mountOptions the StorageClass's {@code mountOptions} after the step (for a dry run: what
 *     they would be); empty when it has none
 */
public record StorageClassResult(
        String name,
        String cluster,
        StorageClassAction action,
        Map<String, String> differences,
        List<String> mountOptions,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
