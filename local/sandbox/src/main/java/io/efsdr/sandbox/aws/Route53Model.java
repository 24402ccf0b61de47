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
 * Route 53 hosted zones, their simple record sets and the changes made to them. A change is
 * {@code PENDING} for {@link #SYNC_DELAY} after it was submitted, then {@code INSYNC} (Route 53 API
 * reference, GetChange: "INSYNC indicates that the changes have propagated to all Route 53 DNS
 * servers"); the record set answers its new values at once, as ListResourceRecordSets reads the
 * control plane's record.
 */
public final class Route53Model {
    /** How long a change stays PENDING. */
    public static final Duration SYNC_DELAY = Duration.ofSeconds(30);

    /** A simple record set. */
    public record RecordSet(String name, String type, long ttl, List<String> values) {}

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
        zone(zoneId).put(key(set.name(), set.type()), normalised(set));
    }

    synchronized boolean hasZone(String zoneId) {
        return zones.containsKey(zoneId);
    }

    /** The record set {@code name}/{@code type} of the zone, if any. */
    public synchronized Optional<RecordSet> recordSet(String zoneId, String name, String type) {
        return Optional.ofNullable(zone(zoneId).get(key(name, type)));
    }

    /** The zone's record sets from {@code name}/{@code type} on, in Route 53's order (reversed labels, type). */
    synchronized List<RecordSet> list(String zoneId, String name, String type) {
        List<RecordSet> all = new ArrayList<>(zone(zoneId).values());
        Comparator<RecordSet> order =
                Comparator.comparing((RecordSet r) -> reversed(r.name())).thenComparing(RecordSet::type);
        all.sort(order);
        if (name == null) {
            return all;
        }
        RecordSet start = new RecordSet(fqdn(name), type == null ? "" : type, 0, List.of());
        return all.stream().filter(r -> order.compare(r, start) >= 0).toList();
    }

    synchronized Change upsert(String zoneId, RecordSet set, String comment) {
        RecordSet normalised = normalised(set);
        zone(zoneId).put(key(set.name(), set.type()), normalised);
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
        return new RecordSet(fqdn(set.name()), set.type(), set.ttl(), List.copyOf(set.values()));
    }

    private static String key(String name, String type) {
        return fqdn(name) + " " + type;
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
