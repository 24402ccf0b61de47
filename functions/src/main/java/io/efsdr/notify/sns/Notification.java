package io.efsdr.notify.sns;

/** A message for people (subject and body) ready to publish. */
public record Notification(String subject, String body) {}
