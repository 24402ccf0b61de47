package io.efsdr.drill.fuzz;

import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.Scenario;
import io.efsdr.sandbox.aws.EfsFileSystemView;
import io.efsdr.sandbox.aws.SsmParameter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The world as the sandbox holds it, without times or ids: what P4 compares after a redrive with
 * the same world run without faults, and what P5 compares before and after a dry run. Read from
 * the stand-ins only, never from what a handler reported.
 *
 * @param fileSystems per file system: writable, overwrite protection, write fence present
 * @param replications each region's replication records, {@code region: source -> destination
 *     status}, sorted
 * @param replicas per region, {@code namespace/Kind/name} to {@code spec.replicas}
 * @param traffic where traffic goes (region to ON/OFF), null without a switch
 * @param activeRegion the {@code /efs-dr/active-region} parameter in the DR region, null when absent
 */
public record WorldState(
        Map<String, String> fileSystems,
        List<String> replications,
        Map<String, Map<String, Integer>> replicas,
        Map<String, String> traffic,
        String activeRegion) {

    public static WorldState of(Sandbox sandbox) {
        Map<String, String> fileSystems = new TreeMap<>();
        List<EfsFileSystemView> views = sandbox.fileSystems();
        for (EfsFileSystemView fs : views) {
            fileSystems.putIfAbsent(
                    fs.fileSystemId(),
                    (fs.writable() ? "writable" : "read-only") + ", protection " + fs.protection() + ", fence "
                            + (sandbox.aws().efs().isWriteFenced(fs.fileSystemId()) ? "present" : "absent"));
        }
        List<String> replications = views.stream()
                .filter(fs -> fs.replication() != null)
                .map(fs -> fs.region() + ": " + fs.replication().sourceFileSystemId() + " -> "
                        + fs.replication().destinationFileSystemId() + " "
                        + fs.replication().status())
                .distinct()
                .sorted()
                .toList();
        Map<String, Map<String, Integer>> replicas = new TreeMap<>();
        Scenario scenario = sandbox.scenario();
        for (Scenario.SiteSpec site : List.of(scenario.primary(), scenario.dr())) {
            Map<String, Integer> own = new TreeMap<>();
            sandbox.cluster(site.region())
                    .workloads()
                    .forEach(w -> own.put(w.namespace() + "/" + w.kind().kind() + "/" + w.name(), w.replicas()));
            replicas.put(site.region(), own);
        }
        Map<String, String> traffic = sandbox.trafficState();
        String active = sandbox.aws()
                .ssm()
                .get(scenario.dr().region(), Sandbox.ACTIVE_REGION_PARAMETER)
                .map(SsmParameter::value)
                .orElse(null);
        return new WorldState(
                fileSystems,
                replications,
                replicas,
                traffic == null ? null : new TreeMap<>(traffic),
                active == null ? null : activeRegionOnly(active));
    }

    /** The record's region, without the time or execution it may carry. */
    private static String activeRegionOnly(String value) {
        String v = value.trim();
        if (v.startsWith("{")) {
            int i = v.indexOf("\"region\"");
            if (i >= 0) {
                int start = v.indexOf('"', v.indexOf(':', i) + 1);
                int end = v.indexOf('"', start + 1);
                if (start >= 0 && end > start) {
                    return v.substring(start + 1, end);
                }
            }
        }
        return v;
    }

    /** The differences to {@code other}, each a line naming what differs; empty when the same. */
    public List<String> differences(WorldState other) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (!fileSystems.equals(other.fileSystems)) {
            out.add("file systems " + fileSystems + " vs " + other.fileSystems);
        }
        if (!replications.equals(other.replications)) {
            out.add("replications " + replications + " vs " + other.replications);
        }
        if (!replicas.equals(other.replicas)) {
            for (String region : replicas.keySet()) {
                Map<String, Integer> a = replicas.get(region);
                Map<String, Integer> b = other.replicas.getOrDefault(region, Map.of());
                a.forEach((k, v) -> {
                    if (!v.equals(b.get(k))) {
                        out.add("replicas " + region + " " + k + " " + v + " vs " + b.get(k));
                    }
                });
            }
        }
        if (!java.util.Objects.equals(traffic, other.traffic)) {
            out.add("traffic " + traffic + " vs " + other.traffic);
        }
        if (!java.util.Objects.equals(activeRegion, other.activeRegion)) {
            out.add("active region " + activeRegion + " vs " + other.activeRegion);
        }
        return out;
    }
}
