package io.efsdr.kubernetes;

import java.time.Instant;

/**
 * A claim created after the last completed replication sync: whatever it holds was written after
 * that sync, so the DR copy of its directory is empty or incomplete.
 *
 * @param claim {@code namespace/name}
 * @param createdAt its {@code metadata.creationTimestamp}
 * @param ageSeconds how old it was when checked
 */
public record NewClaim(String claim, Instant createdAt, long ageSeconds) {}
