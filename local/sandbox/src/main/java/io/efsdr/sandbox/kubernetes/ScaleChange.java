package io.efsdr.sandbox.kubernetes;

import java.time.Instant;

/**
 * One change of a workload's {@code spec.replicas}, as the stand-in applied it (a scale call, or a
 * controller restoring its count): the sandbox's own record of when each workload was told to start
 * or stop.
 *
 * @param at virtual time the new count took effect
 */
public record ScaleChange(String namespace, WorkloadKind kind, String name, Instant at, int from, int to) {}
