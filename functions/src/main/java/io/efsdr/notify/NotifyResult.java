package io.efsdr.notify;

/** The published notification's id and subject, and the figures it reported. */
public record NotifyResult(String messageId, String subject, Long rtoSeconds, Long dataLossWindowSeconds) {}
