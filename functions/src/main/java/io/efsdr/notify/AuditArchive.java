package io.efsdr.notify;

import io.efsdr.notify.sns.Notification;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's audit record ({@code record.json}) and report ({@code report.md}). A write is
 * tried a bounded number of times here, on top of the SDK's own retries; what still fails is
 * returned as a problem for the caller to report, never thrown: a missing record must not fail a
 * failover.
 */
public final class AuditArchive {
    static final int ATTEMPTS = 3;
    private final AuditStore store;
    private final String location;

    /**
     * @param store where the objects go; null when the deployment configured no bucket
     * @param location how the store is named in a report, e.g. {@code s3://bucket}
     */
    public AuditArchive(AuditStore store, String location) {
        this.store = store;
        this.location = location;
    }

    /** An archive that writes nothing and says so. */
    public static AuditArchive disabled() {
        return new AuditArchive(null, null);
    }

    /**
     * What was written: the keys, and a problem when an object could not be written.
     *
     * @param keys the keys written, in order
     * @param problem why an object is missing, or null when both were written
     */
    public record Outcome(List<String> keys, String problem) {
        public boolean complete() {
            return problem == null;
        }
    }

    /** Whether a bucket is configured. */
    public boolean enabled() {
        return store != null;
    }

    /**
     * The notification with a closing section naming where the record is, or why it is missing;
     * unchanged when no bucket is configured.
     */
    public Notification annotate(Notification notification, Outcome outcome) {
        if (!enabled()) {
            return notification;
        }
        StringBuilder body = new StringBuilder(notification.body()).append("\nAudit record\n");
        outcome.keys()
                .forEach(key -> body.append("  ")
                        .append(location)
                        .append("/")
                        .append(key)
                        .append("\n"));
        if (!outcome.complete()) {
            body.append("  NOT WRITTEN: ").append(outcome.problem()).append("\n");
        }
        return new Notification(notification.subject(), body.toString());
    }

    public Outcome write(AuditRecord record) {
        if (store == null) {
            return new Outcome(List.of(), "no audit record written: AUDIT_BUCKET is not set");
        }
        List<String> written = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        put(record.recordKey(), "application/json", record.json(), written, problems);
        put(record.reportKey(), "text/markdown; charset=utf-8", record.markdown(), written, problems);
        return new Outcome(
                List.copyOf(written),
                problems.isEmpty()
                        ? null
                        : "audit record not written to " + location + ": " + String.join("; ", problems));
    }

    private void put(String key, String contentType, String body, List<String> written, List<String> problems) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                store.put(key, contentType, body);
                written.add(key);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        problems.add(key + " (" + ATTEMPTS + " attempts): " + last.getMessage());
    }
}
