package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.plan.Site;
import io.efsdr.plan.StorageClassSpec;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks, before workloads start, that every claim they will mount can be provisioned: present
 * (Deployments) or templated (StatefulSets), on the plan's StorageClass, and with a rendered
 * {@code basePath/subPath} that both the EFS CSI driver and the EFS API accept. The driver refuses
 * more than {@value #MAX_PATH_LENGTH} characters or {@value #MAX_SLASHES} '/'
 * ({@code validateEfsPathRequirements}, pkg/driver/controller.go); the access point it then creates
 * must satisfy {@code RootDirectory.Path} (EFS API reference, data type RootDirectory): at most
 * {@value #MAX_COMPONENTS} components, none starting with '.', none containing
 * {@value #FORBIDDEN_CHARACTERS}. It only reports: the failover goes on.
 */
public final class VolumePreflight {
    static final int MAX_PATH_LENGTH = 100;
    static final int MAX_SLASHES = 5;
    static final int MAX_COMPONENTS = 4;
    static final String FORBIDDEN_CHARACTERS = "$#<>;`|&?{}^*";
    private static final String UNKNOWN_PV_NAME = "pvc-00000000-0000-0000-0000-000000000000";

    private final KubernetesClusters connections;
    private final Clock clock;

    public VolumePreflight(KubernetesClusters connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    private record Claim(
            String workload, String namespace, String name, String templateStorageClass, boolean mustExist) {}

    /** As {@link #check(Site, StorageClassSpec, List, int, Instant)} with no last sync known. */
    public PreflightResult check(Site site, StorageClassSpec spec, List<Workload> workloads, int concurrency) {
        return check(site, spec, workloads, concurrency, null);
    }

    /**
     * Checks the workloads' claims in the site's cluster.
     *
     * @param lastSyncAt the last completed replication sync into this site; claims created after it
     *     are reported as holding no data here. Null: none is reported.
     */
    public PreflightResult check(
            Site site, StorageClassSpec spec, List<Workload> workloads, int concurrency, Instant lastSyncAt) {
        Instant started = clock.instant();
        List<WorkloadVolumes> perWorkload = inspect(site, spec, workloads, concurrency);
        return result(site, workloads, perWorkload, lastSyncAt, started, clock.instant());
    }

    static PreflightResult result(
            Site site,
            List<Workload> workloads,
            List<WorkloadVolumes> perWorkload,
            Instant lastSyncAt,
            Instant started,
            Instant now) {
        List<String> violations =
                perWorkload.stream().flatMap(f -> f.violations().stream()).toList();
        int claims = perWorkload.stream().mapToInt(WorkloadVolumes::claims).sum();
        List<NewClaim> newClaims = newClaims(perWorkload, lastSyncAt, now);
        String summary = violations.isEmpty()
                ? "all " + claims + " volume claims of " + workloads.size() + " workloads in " + site.clusterName()
                        + " can be provisioned"
                : violations.size() + " volume problem(s) in " + site.clusterName() + ": "
                        + String.join("; ", violations.stream().limit(5).toList())
                        + (violations.size() > 5 ? "; ..." : "");
        if (!newClaims.isEmpty()) {
            summary += ". " + newClaims.size() + " claim(s) created after the last sync have no data in DR: "
                    + describe(newClaims, 5);
        }
        return new PreflightResult(
                violations.isEmpty(),
                claims,
                violations.size(),
                violations.stream().limit(WorkloadScaler.MAX_LISTED).toList(),
                newClaims.size(),
                newClaims.stream().limit(WorkloadScaler.MAX_LISTED).toList(),
                summary,
                started,
                now);
    }

    /**
     * The claims (each once, oldest first) created after {@code lastSyncAt}: their data was written
     * after the last sync, so it is not in the other region. None when {@code lastSyncAt} is null.
     */
    public static List<NewClaim> newClaims(List<WorkloadVolumes> perWorkload, Instant lastSyncAt, Instant now) {
        if (lastSyncAt == null) {
            return List.of();
        }
        Map<String, Instant> created = new TreeMap<>();
        perWorkload.forEach(volumes -> created.putAll(volumes.claimsCreatedAt()));
        return created.entrySet().stream()
                .filter(e -> e.getValue().isAfter(lastSyncAt))
                .map(e -> new NewClaim(
                        e.getKey(),
                        e.getValue(),
                        Math.max(0, Duration.between(e.getValue(), now).toSeconds())))
                .sorted(Comparator.comparing(NewClaim::createdAt).thenComparing(NewClaim::claim))
                .toList();
    }

    /** {@code ns/name (created <time>, <age> s ago)}, the first {@code limit} of them, for people. */
    public static String describe(List<NewClaim> newClaims, int limit) {
        return newClaims.stream()
                        .limit(limit)
                        .map(c -> c.claim() + " (created " + c.createdAt() + ", " + c.ageSeconds() + " s ago)")
                        .collect(Collectors.joining(", "))
                + (newClaims.size() > limit ? ", and " + (newClaims.size() - limit) + " more" : "");
    }

    /**
     * Each workload as the site's cluster has it: its replica count (null when absent) and what
     * stops its claims from being provisioned, in the order of {@code workloads}.
     */
    public List<WorkloadVolumes> inspect(Site site, StorageClassSpec spec, List<Workload> workloads, int concurrency) {
        KubernetesApi client = connections.client(site);
        return Parallel.map(workloads, concurrency, w -> checkWorkload(client, spec, w));
    }

    private WorkloadVolumes checkWorkload(KubernetesApi client, StorageClassSpec spec, Workload workload) {
        Optional<JsonNode> object = client.get(Paths.workload(workload));
        if (object.isEmpty()) {
            return new WorkloadVolumes(workload, null, 0, List.of(workload.id() + ": not found in the cluster"));
        }
        List<Claim> claims = claims(workload, object.get());
        List<String> violations = new ArrayList<>();
        Map<String, Instant> createdAt = new TreeMap<>();
        for (Claim claim : claims) {
            violations.addAll(checkClaim(client, spec, claim, createdAt));
        }
        int replicas = object.get().path("spec").path("replicas").asInt(1);
        return new WorkloadVolumes(workload, replicas, claims.size(), List.copyOf(violations), Map.copyOf(createdAt));
    }

    /** A claim's {@code metadata.creationTimestamp} (RFC 3339), or empty when absent or unreadable. */
    static Optional<Instant> creationTimestamp(JsonNode claim) {
        String text = claim.path("metadata").path("creationTimestamp").asText("");
        try {
            return text.isEmpty()
                    ? Optional.empty()
                    : Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<Claim> claims(Workload workload, JsonNode object) {
        List<Claim> claims = new ArrayList<>();
        if (workload.kind() == WorkloadKind.StatefulSet) {
            for (JsonNode template : object.path("spec").path("volumeClaimTemplates")) {
                String templateName = template.path("metadata").path("name").asText();
                String storageClass =
                        template.path("spec").path("storageClassName").asText(null);
                for (int ordinal = 0; ordinal < Math.max(1, workload.activeReplicas()); ordinal++) {
                    claims.add(new Claim(
                            workload.id(),
                            workload.namespace(),
                            templateName + "-" + workload.name() + "-" + ordinal,
                            storageClass,
                            false));
                }
            }
        } else {
            for (JsonNode volume :
                    object.path("spec").path("template").path("spec").path("volumes")) {
                String claimName =
                        volume.path("persistentVolumeClaim").path("claimName").asText(null);
                if (claimName != null) {
                    claims.add(new Claim(workload.id(), workload.namespace(), claimName, null, true));
                }
            }
        }
        return claims;
    }

    private static List<String> checkClaim(
            KubernetesApi client, StorageClassSpec spec, Claim claim, Map<String, Instant> createdAt) {
        List<String> findings = new ArrayList<>();
        String label = claim.workload() + " claim " + claim.namespace() + "/" + claim.name();
        Optional<JsonNode> pvc = client.get(Paths.persistentVolumeClaim(claim.namespace(), claim.name()));
        String storageClass = claim.templateStorageClass();
        String pvName = UNKNOWN_PV_NAME;
        if (pvc.isPresent()) {
            creationTimestamp(pvc.get()).ifPresent(at -> createdAt.put(claim.namespace() + "/" + claim.name(), at));
            storageClass = pvc.get().path("spec").path("storageClassName").asText(null);
            String volumeName = pvc.get().path("spec").path("volumeName").asText("");
            String uid = pvc.get().path("metadata").path("uid").asText("");
            pvName = !volumeName.isEmpty() ? volumeName : !uid.isEmpty() ? "pvc-" + uid : UNKNOWN_PV_NAME;
        } else if (claim.mustExist()) {
            findings.add(label + ": missing (the pods would stay Pending)");
            return findings;
        }
        if (storageClass == null || !storageClass.equals(spec.name())) {
            findings.add(label + ": uses StorageClass " + (storageClass == null ? "(cluster default)" : storageClass)
                    + ", not " + spec.name());
        }
        accessPointFinding(label, spec, claim.namespace(), claim.name(), pvName).ifPresent(findings::add);
        return findings;
    }

    /** What stops the claim's access point from being created, naming the claim, or empty when nothing. */
    static Optional<String> accessPointFinding(
            String label, StorageClassSpec spec, String namespace, String claimName, String pvName) {
        String path = renderedPath(spec, namespace, claimName, pvName);
        return pathProblems(path).map(problems -> label + ": access point path " + path + " " + problems);
    }

    /**
     * The directory the driver would create: {@code path.Join("/", basePath, rendered pattern)} in
     * Go, so doubled slashes collapse, {@code .} and {@code ..} are resolved and no slash trails.
     */
    static String renderedPath(StorageClassSpec spec, String namespace, String claimName, String pvName) {
        String rendered = spec.subPathPattern()
                .replace("${.PVC.namespace}", namespace)
                .replace("${.PVC.name}", claimName)
                .replace("${.PV.name}", pvName);
        String base = spec.basePath() == null ? "" : spec.basePath();
        return cleanPath("/" + base + "/" + rendered);
    }

    /** Go's {@code path.Clean} for a rooted path. */
    static String cleanPath(String path) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Why the driver or EFS would refuse {@code path} as an access point's root directory, as one
     * clause ("cannot be provisioned: ..."), or empty when both accept it.
     */
    static Optional<String> pathProblems(String path) {
        List<String> problems = new ArrayList<>();
        long slashes = path.chars().filter(c -> c == '/').count();
        if (path.length() > MAX_PATH_LENGTH) {
            problems.add("has " + path.length() + " characters (at most " + MAX_PATH_LENGTH + ")");
        }
        if (slashes > MAX_SLASHES) {
            problems.add("has " + slashes + " '/' (the EFS CSI driver allows " + MAX_SLASHES + ")");
        }
        List<String> components =
                path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
        if (components.size() > MAX_COMPONENTS) {
            problems.add(
                    "has " + components.size() + " components (EFS RootDirectory.Path allows " + MAX_COMPONENTS + ")");
        }
        components.stream()
                .filter(c -> c.startsWith("."))
                .findFirst()
                .ifPresent(c -> problems.add("has a component starting with '.' (" + c + "), which EFS refuses"));
        String forbidden = path.chars()
                .filter(c -> FORBIDDEN_CHARACTERS.indexOf(c) >= 0 || c == '\n')
                .distinct()
                .mapToObj(c -> c == '\n' ? "newline" : String.valueOf((char) c))
                .collect(Collectors.joining(" "));
        if (!forbidden.isEmpty()) {
            problems.add("contains " + forbidden + " (EFS refuses any of " + FORBIDDEN_CHARACTERS + ")");
        }
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of("cannot be provisioned: it " + String.join(", ", problems));
    }
}
