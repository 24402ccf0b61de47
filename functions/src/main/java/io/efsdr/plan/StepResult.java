package io.efsdr.plan;

import java.time.Instant;

/**
 * What every step reports: when it ran (the first poll to the last for a waiting step) and one
 * line a person can read. The notifications are built from these.
 */
public interface StepResult {
    Instant startedAt();

    Instant finishedAt();

    String summary();
}
