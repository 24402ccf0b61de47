package io.efsdr.notify;

/** Where audit objects are kept: one put per object, overwriting an object of the same key. */
@FunctionalInterface
public interface AuditStore {
    /** Stores {@code body} under {@code key}; a failure is an unchecked exception. */
    void put(String key, String contentType, String body);
}
