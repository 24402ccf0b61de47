package io.efsdr.traffic;

import java.util.List;

/** The one Route 53 record set a route53 traffic switch points at a region. */
public interface RecordSets {
    /**
     * Every record set named {@code name} of type {@code type}: one for a simple record; several, each
     * with a {@code SetIdentifier}, when a routing policy (weighted, failover, latency, ...) owns the
     * name.
     */
    List<RecordSet> recordSets(String hostedZoneId, String name, String type);

    /**
     * The values of the simple record set {@code name}/{@code type} (an alias record's: its target's
     * DNS name); empty when there is none.
     */
    default List<String> values(String hostedZoneId, String name, String type) {
        return recordSets(hostedZoneId, name, type).stream()
                .filter(s -> !s.routed())
                .findFirst()
                .map(RecordSet::shownValues)
                .orElse(List.of());
    }

    /**
     * Creates or replaces the record set with one value (an UPSERT); returns the change. With
     * {@code aliasHostedZoneId} the record is written as an alias record whose target is {@code value}
     * in that hosted zone (no TTL: an alias record takes its target's).
     */
    Change upsert(
            String hostedZoneId,
            String name,
            String type,
            long ttl,
            String value,
            String aliasHostedZoneId,
            String comment);

    /** Where a change stands. */
    Change change(String changeId);

    /**
     * A record set as ListResourceRecordSets answers it (Route 53 API reference, ResourceRecordSet).
     *
     * @param values the ResourceRecords' values; empty for an alias record
     * @param aliasDnsName the AliasTarget's DNSName; null for a record with values
     * @param aliasHostedZoneId the AliasTarget's HostedZoneId
     * @param setIdentifier present for every routing policy but simple
     * @param failover {@code PRIMARY} or {@code SECONDARY} for a failover record
     * @param weight a weighted record's weight
     */
    record RecordSet(
            List<String> values,
            String aliasDnsName,
            String aliasHostedZoneId,
            String setIdentifier,
            String failover,
            Long weight) {
        /** Another routing policy than simple owns the name: a switch of one set would not move traffic. */
        public boolean routed() {
            return setIdentifier != null || failover != null || weight != null;
        }

        public boolean alias() {
            return aliasDnsName != null;
        }

        List<String> shownValues() {
            return alias() ? List.of(aliasDnsName) : values;
        }

        String policy() {
            return failover != null
                    ? "failover (" + failover + ")"
                    : weight != null ? "weighted (weight " + weight + ")" : "SetIdentifier " + setIdentifier;
        }
    }

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
