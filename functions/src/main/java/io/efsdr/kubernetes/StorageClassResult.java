package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.Map;

/**
 * What ensuring the StorageClass did.
 *
 * @param action CREATED, UNCHANGED, RECREATED, or the same prefixed with {@code DRY_RUN_}
 * @param differences for each parameter that differed, {@code "was -> wanted"}
 */
public record StorageClassResult(
    String name,
    String cluster,
    String action,
    Map<String, String> differences,
    String summary,
    Instant startedAt,
    Instant finishedAt)
    implements StepResult {}
