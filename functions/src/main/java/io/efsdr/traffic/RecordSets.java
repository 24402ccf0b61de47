package io.efsdr.traffic;

import java.util.List;

/** The one Route 53 record set a route53 traffic switch points at a region. */
public interface RecordSets {
    /** The values of the simple record set {@code name}/{@code type}; empty when there is none. */
    List<String> values(String hostedZoneId, String name, String type);

    /** Creates or replaces the record set with one value (an UPSERT); returns the change. */
    Change upsert(String hostedZoneId, String name, String type, long ttl, String value, String comment);

    /** Where a change stands. */
    Change change(String changeId);

    /**
     * A submitted change: {@code PENDING} until every Route 53 authoritative server has it, then
     * {@code INSYNC} (Route 53 API reference, GetChange).
     */
    record Change(String id, String status) {
        public boolean inSync() {
            return "INSYNC".equals(status);
        }
    }
}
