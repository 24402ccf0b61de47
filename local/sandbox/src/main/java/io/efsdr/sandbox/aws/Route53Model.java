package io.efsdr.sandbox.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Route 53 hosted zones, their record sets and the changes made to them. A record set is keyed by
 * name, type and SetIdentifier (Route 53 API reference, ResourceRecordSet: weighted and failover
 * sets of one name differ by SetIdentifier); a simple set and sets with a routing policy cannot share
 * a name and type, nor can an alias and a non-alias set (ChangeResourceRecordSets answers
 * InvalidChangeBatch). A change is
 * {@code PENDING} for {@link #SYNC_DELAY} after it was submitted, then {@code INSYNC} (Route 53 API
 * reference, GetChange: "INSYNC indicates that the changes have propagated to all Route 53 DNS
 * servers"); the record set answers its new values at once, as ListResourceRecordSets reads the
 * control plane's record.
 */
public final class Route53Model {
    /** How long a change stays PENDING. */
    public static final Duration SYNC_DELAY = Duration.ofSeconds(30);

    /**
     * A record set: simple (no {@code setIdentifier}), weighted ({@code weight}) or failover
     * ({@code failover} PRIMARY/SECONDARY), with values or an alias target ({@code aliasDnsName} in
     * {@code aliasHostedZoneId}, then no TTL and no values).
     */
    public record RecordSet(
            String name,
            String type,
            long ttl,
            List<String> values,
            String setIdentifier,
            String failover,
            Long weight,
            String aliasDnsName,
            String aliasHostedZoneId) {
        public RecordSet(String name, String type, long ttl, List<String> values) {
            this(name, type, ttl, values, null, null, null, null, null);
        }

        /** An alias record set pointing at a load balancer. */
        public static RecordSet alias(String name, String type, String dnsName, String hostedZoneId) {
            return new RecordSet(name, type, 0, List.of(), null, null, null, dnsName, hostedZoneId);
        }

        public boolean isAlias() {
            return aliasDnsName != null;
        }
    }

    /** A change of one record set, and when it was submitted. */
    public record Change(String id, Instant submittedAt, String zoneId, RecordSet recordSet, String comment) {}

    private final Clock clock;
    private final Map<String, Map<String, RecordSet>> zones = new LinkedHashMap<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();

    Route53Model(Clock clock) {
        this.clock = clock;
    }

    public synchronized void createHostedZone(String zoneId) {
        zones.putIfAbsent(zoneId, new TreeMap<>());
    }

    /** Sets a record set directly (as it was before the drill). */
    public synchronized void putRecordSet(String zoneId, RecordSet set) {
        zone(zoneId).put(key(set.name(), set.type(), set.setIdentifier()), normalised(set));
    }

    synchronized boolean hasZone(String zoneId) {
        return zones.containsKey(zoneId);
    }

    /** The simple record set {@code name}/{@code type} of the zone, if any. */
    public synchronized Optional<RecordSet> recordSet(String zoneId, String name, String type) {
        return Optional.ofNullable(zone(zoneId).get(key(name, type, null)));
    }

    /** The zone's record sets from {@code name}/{@code type} on, in Route 53's order (reversed labels, type). */
    public synchronized List<RecordSet> list(String zoneId, String name, String type) {
        List<RecordSet> all = new ArrayList<>(zone(zoneId).values());
        Comparator<RecordSet> order =
                Comparator.comparing((RecordSet r) -> reversed(r.name())).thenComparing(RecordSet::type);
        all.sort(order.thenComparing(r -> r.setIdentifier() == null ? "" : r.setIdentifier()));
        if (name == null) {
            return all;
        }
        RecordSet start = new RecordSet(fqdn(name), type == null ? "" : type, 0, List.of());
        return all.stream().filter(r -> order.compare(r, start) >= 0).toList();
    }

    synchronized Change upsert(String zoneId, RecordSet set, String comment) {
        RecordSet normalised = normalised(set);
        for (RecordSet other : zone(zoneId).values()) {
            if (!other.name().equals(normalised.name())
                    || !other.type().equals(normalised.type())
                    || java.util.Objects.equals(other.setIdentifier(), normalised.setIdentifier())) {
                continue;
            }
            if ((other.setIdentifier() == null) != (normalised.setIdentifier() == null)) {
                throw new ServiceError(
                        400,
                        "InvalidChangeBatch",
                        "[RRSet with DNS name " + normalised.name() + ", type " + normalised.type()
                                + " cannot be created because a non-"
                                + (normalised.setIdentifier() == null ? "simple" : "weighted")
                                + " set with the same name and type exists]");
            }
        }
        zone(zoneId).put(key(set.name(), set.type(), set.setIdentifier()), normalised);
        Change change = new Change(
                "C" + String.format(Locale.ROOT, "%019d", changes.size() + 1),
                clock.instant(),
                zoneId,
                normalised,
                comment);
        changes.add(change);
        return change;
    }

    Optional<Change> change(String id) {
        return changes.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    String status(Change change) {
        return clock.instant().isBefore(change.submittedAt().plus(SYNC_DELAY)) ? "PENDING" : "INSYNC";
    }

    /** Every change submitted, in order. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    private Map<String, RecordSet> zone(String zoneId) {
        Map<String, RecordSet> zone = zones.get(zoneId);
        if (zone == null) {
            throw new ServiceError(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId);
        }
        return zone;
    }

    private static RecordSet normalised(RecordSet set) {
        return new RecordSet(
                fqdn(set.name()),
                set.type(),
                set.ttl(),
                List.copyOf(set.values()),
                set.setIdentifier(),
                set.failover(),
                set.weight(),
                set.aliasDnsName() == null ? null : fqdn(set.aliasDnsName()),
                set.aliasHostedZoneId());
    }

    private static String key(String name, String type, String setIdentifier) {
        return fqdn(name) + " " + type + (setIdentifier == null ? "" : " " + setIdentifier);
    }

    static String fqdn(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    private static String reversed(String name) {
        List<String> labels = new ArrayList<>(List.of(fqdn(name).split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels);
    }
}
