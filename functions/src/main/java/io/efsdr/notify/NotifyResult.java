package io.efsdr.notify;

import java.util.List;

/**
 * The published notification's id and subject, the figures it reported, and the run's audit
 * objects.
 *
 * @param evidence the keys of the audit record and report written for this run (none for a start)
 * @param evidenceProblem why the audit record is missing or incomplete; null when it was written
 */
public record NotifyResult(
        String messageId,
        String subject,
        Long rtoSeconds,
        Long dataLossWindowSeconds,
        List<String> evidence,
        String evidenceProblem) {

    public NotifyResult(String messageId, String subject, Long rtoSeconds, Long dataLossWindowSeconds) {
        this(messageId, subject, rtoSeconds, dataLossWindowSeconds, List.of(), null);
    }
}
