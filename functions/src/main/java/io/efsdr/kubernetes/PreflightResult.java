package io.efsdr.kubernetes;

import io.efsdr.plan.StepResult;
import java.time.Instant;
import java.util.List;

/**
 * The volume pre-flight: each claim the workloads use checked for presence, StorageClass and the
 * EFS CSI driver's and EFS's path limits. {@code violations} lists at most
 * {@value WorkloadScaler#MAX_LISTED}.
 *
 * @param newClaimCount how many claims were created after the last sync the step was given
 * @param newClaims those claims created after the last sync the step was given, oldest first (at most
 *     {@value WorkloadScaler#MAX_LISTED}; the summary gives the count); empty when it was given none
 */
public record PreflightResult(
        boolean ok,
        int claimsChecked,
        int violationCount,
        List<String> violations,
        int newClaimCount,
        List<NewClaim> newClaims,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements StepResult {}
