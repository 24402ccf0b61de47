package io.efsdr.sandbox.aws;

import java.time.Instant;

/**
 * One Step Functions execution; {@code stopDate} is null while {@code RUNNING}.
 *
 * @param status {@code RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE}
 */
public record SfnExecution(
        String region,
        String executionArn,
        String stateMachineArn,
        String name,
        String input,
        String status,
        Instant startDate,
        Instant stopDate) {}
