package io.efsdr.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Turns the plan document into a {@link DrPlan}, or rejects it with every problem named by its
 * field path. Nothing is called and nothing is changed here: validation happens before any step
 * acts.
 */
public final class PlanValidator {
    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_KEY =
            Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern OCTAL_PERMS = Pattern.compile("[0-7]{3,4}");
    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{1,10}");
    private static final Pattern SUB_PATH_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> SUB_PATH_VARIABLES = Set.of(".PVC.name", ".PVC.namespace", ".PV.name");
    private static final Set<String> KNOWN_REGIONS = knownRegions();
    static final int MAX_REPLICAS = 1000;
    static final int MAX_WORKLOADS = 5000;
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    static final int MAX_HOOKS = 20;
    static final long MAX_HOOK_SECONDS = 100;
    static final long MAX_HOOK_SECONDS_PER_POINT = 100;
    /** A Lambda function ARN, unqualified or with a version or alias (the Invoke API's FunctionName). */
    private static final Pattern LAMBDA_FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:function:[A-Za-z0-9_-]{1,64}"
                    + "(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");

    private static final Set<String> PLAN_FIELDS = Set.of(
            "application",
            "primary",
            "dr",
            "storageClass",
            "workloads",
            "rpoSeconds",
            "timeouts",
            "kubernetesConcurrency",
            "kubernetesRateLimit",
            "hooks",
            "traffic",
            "onUnprovenSync",
            "gitops");

    /**
     * An ARC routing control ARN, as the Recovery Control Config API reference shows them
     * ({@code arn:aws:route53-recovery-control::<account>:controlpanel/<id>/routingcontrol/<id>}).
     */
    private static final Pattern ROUTING_CONTROL_ARN = Pattern.compile(
            "arn:aws[a-z-]*:route53-recovery-control::[0-9]{12}:controlpanel/[A-Za-z0-9]+/routingcontrol/[A-Za-z0-9]+");

    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("Z[A-Z0-9]{1,31}");
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\.?");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> RECORD_TYPES = Set.of("CNAME", "A", "AAAA");
    static final int MAX_CLUSTER_ENDPOINTS = 10;
    static final long MAX_TTL_SECONDS = 86_400;

    /** Parses and validates plan JSON text. */
    public DrPlan parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("plan: the document is empty");
        }
        if (json.length() > MAX_DOCUMENT_BYTES) {
            throw new InvalidInputException("plan: the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        try {
            return validate(Json.STRICT.readTree(json));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "plan: not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
    }

    /** Validates a plan tree; every problem is reported at once. */
    public DrPlan validate(JsonNode root) {
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("plan: must be a JSON object");
        }
        unknownFields(root, "plan", PLAN_FIELDS, problems);
        String application =
                text(root, "application", "plan.application", problems, DNS_LABEL, "a DNS label such as 'shop'");
        Site primary = site(root.get("primary"), "plan.primary", problems);
        Site dr = site(root.get("dr"), "plan.dr", problems);
        if (primary != null && dr != null) {
            if (primary.region() != null && primary.region().equals(dr.region())) {
                problems.add("plan.dr.region", "must differ from plan.primary.region (both are " + dr.region() + ")");
            }
            if (primary.fileSystemId() != null && primary.fileSystemId().equals(dr.fileSystemId())) {
                problems.add("plan.dr.fileSystemId", "must differ from plan.primary.fileSystemId");
            }
        }
        StorageClassSpec storageClass = storageClass(root.get("storageClass"), problems);
        WorkloadSet workloads = workloads(root.get("workloads"), problems);
        long rpo = longValue(root, "rpoSeconds", "plan.rpoSeconds", 900, 1, 7 * 24 * 3600, problems);
        Timeouts timeouts = timeouts(root.get("timeouts"), problems);
        int concurrency =
                (int) longValue(root, "kubernetesConcurrency", "plan.kubernetesConcurrency", 10, 1, 100, problems);
        int rateLimit =
                (int) longValue(root, "kubernetesRateLimit", "plan.kubernetesRateLimit", 0, 0, 10_000, problems);
        List<Hook> hooks = hooks(root.get("hooks"), problems);
        TrafficPlan traffic = traffic(root.get("traffic"), primary, dr, problems);
        UnprovenSync onUnprovenSync = onUnprovenSync(root.get("onUnprovenSync"), problems);
        GitOpsPlan gitops = gitops(root.get("gitops"), problems);
        problems.throwIfAny("plan");
        return new DrPlan(
                application,
                primary,
                dr,
                storageClass,
                workloads,
                rpo,
                timeouts,
                concurrency,
                rateLimit,
                hooks,
                traffic,
                onUnprovenSync,
                gitops);
    }

    /**
     * The GitOps settings: {@code handover} (a boolean, default true) and {@code argocd} (where the
     * Argo CD Applications live: {@code clusterName} and {@code region} of a management cluster,
     * both or neither, and {@code namespace}, default {@code argocd}). Absent or null: the defaults.
     */
    private static GitOpsPlan gitops(JsonNode node, Problems problems) {
        String path = "plan.gitops";
        if (node == null || node.isNull()) {
            return GitOpsPlan.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + describe(node));
            return GitOpsPlan.DEFAULT;
        }
        unknownFields(node, path, Set.of("handover", "argocd"), problems);
        boolean handover = true;
        JsonNode value = node.get("handover");
        if (value != null && !value.isNull()) {
            if (value.isBoolean()) {
                handover = value.asBoolean();
            } else {
                problems.add(path + ".handover", "must be true or false, not " + describe(value));
            }
        }
        GitOpsPlan.ArgoCd argocd = null;
        JsonNode argo = node.get("argocd");
        String at = path + ".argocd";
        if (argo != null && !argo.isNull()) {
            if (!argo.isObject()) {
                problems.add(at, "must be an object, not " + describe(argo));
            } else {
                unknownFields(argo, at, Set.of("clusterName", "region", "namespace"), problems);
                String cluster = null;
                String region = null;
                if (argo.hasNonNull("clusterName") || argo.hasNonNull("region")) {
                    cluster = text(
                            argo,
                            "clusterName",
                            at + ".clusterName",
                            problems,
                            CLUSTER_NAME,
                            "an EKS cluster name (letters, digits, '-' and '_', at most 100)");
                    region = requiredText(argo, "region", at + ".region", problems);
                    if (region != null && !KNOWN_REGIONS.contains(region)) {
                        problems.add(at + ".region", "'" + region + "' is not an AWS region this build knows");
                    }
                }
                String namespace = GitOpsPlan.DEFAULT_ARGO_CD_NAMESPACE;
                if (argo.hasNonNull("namespace")) {
                    namespace = text(
                            argo,
                            "namespace",
                            at + ".namespace",
                            problems,
                            DNS_LABEL,
                            "a Kubernetes namespace name (a DNS label such as 'argocd')");
                }
                argocd = new GitOpsPlan.ArgoCd(cluster, region, namespace);
            }
        }
        return new GitOpsPlan(handover, argocd);
    }

    /** {@code approval} (the default), {@code promote} or {@code abort}; see {@link UnprovenSync}. */
    private static UnprovenSync onUnprovenSync(JsonNode node, Problems problems) {
        String path = "plan.onUnprovenSync";
        if (node == null || node.isNull()) {
            return UnprovenSync.APPROVAL;
        }
        Optional<UnprovenSync> option = node.isTextual() ? UnprovenSync.of(node.asText()) : Optional.empty();
        if (option.isEmpty()) {
            problems.add(path, "must be 'approval', 'promote' or 'abort', not " + describe(node));
            return UnprovenSync.APPROVAL;
        }
        return option.get();
    }

    /**
     * The plan's hooks: each at a known point, a Lambda function ARN, a timeout of 1 to {@value
     * #MAX_HOOK_SECONDS} s; the hooks of one point run one after the other in one invocation of the
     * RunHooks function, so their timeouts together stay within {@value #MAX_HOOK_SECONDS_PER_POINT} s
     * (the function's 120 s timeout, less a margin for the rest of the step).
     */
    private List<Hook> hooks(JsonNode node, Problems problems) {
        String path = "plan.hooks";
        List<Hook> hooks = new ArrayList<>();
        if (node == null || node.isNull()) {
            return hooks;
        }
        if (!node.isArray()) {
            problems.add(path, "must be a list, not " + describe(node));
            return hooks;
        }
        if (node.size() > MAX_HOOKS) {
            problems.add(path, "has " + node.size() + " hooks; at most " + MAX_HOOKS + " are supported");
            return hooks;
        }
        Map<HookPoint, Long> secondsPerPoint = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode hook = node.get(i);
            if (!isObject(hook, at, problems)) {
                continue;
            }
            unknownFields(hook, at, Set.of("at", "lambda", "timeoutSeconds", "onFailure"), problems);
            String pointText = requiredText(hook, "at", at + ".at", problems);
            HookPoint point = pointText == null ? null : HookPoint.of(pointText).orElse(null);
            if (pointText != null && point == null) {
                problems.add(
                        at + ".at",
                        "'" + abbreviate(pointText) + "' is not a hook point (known: "
                                + String.join(
                                        ", ",
                                        Arrays.stream(HookPoint.values())
                                                .map(HookPoint::json)
                                                .toList())
                                + ")");
            }
            String lambda = text(
                    hook,
                    "lambda",
                    at + ".lambda",
                    problems,
                    LAMBDA_FUNCTION_ARN,
                    "a Lambda function ARN such as arn:aws:lambda:us-west-2:123456789012:function:smoke-test");
            long timeout = longValue(hook, "timeoutSeconds", at + ".timeoutSeconds", 30, 1, MAX_HOOK_SECONDS, problems);
            HookFailure onFailure = HookFailure.ABORT;
            JsonNode failure = hook.get("onFailure");
            if (failure != null && !failure.isNull()) {
                onFailure =
                        failure.isTextual() ? HookFailure.of(failure.asText()).orElse(null) : null;
                if (onFailure == null) {
                    problems.add(at + ".onFailure", "must be \"abort\" or \"continue\", not " + describe(failure));
                }
            }
            if (point != null && lambda != null && onFailure != null) {
                hooks.add(new Hook(point, lambda, (int) timeout, onFailure));
                long sum = secondsPerPoint.merge(point, timeout, Long::sum);
                if (sum > MAX_HOOK_SECONDS_PER_POINT) {
                    problems.add(
                            at + ".timeoutSeconds",
                            "the hooks at " + point.json() + " may take " + sum + " s together; at most "
                                    + MAX_HOOK_SECONDS_PER_POINT + " s fit in one RunHooks invocation (the function's "
                                    + "timeout is 120 s)");
                }
            }
        }
        return hooks;
    }

    /** The traffic switch; absent or null: none. Its regions are the plan's two. */
    private TrafficPlan traffic(JsonNode node, Site primary, Site dr, Problems problems) {
        String path = "plan.traffic";
        if (node == null || node.isNull() || !isObject(node, path, problems)) {
            return null;
        }
        List<String> regions = new ArrayList<>();
        for (Site site : new Site[] {primary, dr}) {
            if (site != null && site.region() != null) {
                regions.add(site.region());
            }
        }
        String type = requiredText(node, "type", path + ".type", problems);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "routing-control" -> routingControl(node, path, regions, problems);
            case "route53" -> route53(node, path, regions, problems);
            default -> {
                problems.add(
                        path + ".type",
                        "'" + abbreviate(type) + "' is not a known type: use routing-control "
                                + "(ARC routing controls, switched on the ARC data plane) or route53 "
                                + "(a record set change)");
                yield null;
            }
        };
    }

    private TrafficPlan routingControl(JsonNode node, String path, List<String> regions, Problems problems) {
        unknownFields(node, path, Set.of("type", "clusterEndpoints", "controls"), problems);
        List<TrafficPlan.ClusterEndpoint> endpoints = new ArrayList<>();
        JsonNode list = node.get("clusterEndpoints");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(
                    path + ".clusterEndpoints",
                    "must be a non-empty list of the ARC cluster's endpoints, each {\"region\", \"url\"} "
                            + "(aws route53-recovery-control-config describe-cluster lists them)");
        } else if (list.size() > MAX_CLUSTER_ENDPOINTS) {
            problems.add(
                    path + ".clusterEndpoints", "has " + list.size() + " entries; at most " + MAX_CLUSTER_ENDPOINTS);
        } else {
            for (int i = 0; i < list.size(); i++) {
                String at = path + ".clusterEndpoints[" + i + "]";
                JsonNode endpoint = list.get(i);
                if (!isObject(endpoint, at, problems)) {
                    continue;
                }
                unknownFields(endpoint, at, Set.of("region", "url"), problems);
                String region = requiredText(endpoint, "region", at + ".region", problems);
                if (region != null && !KNOWN_REGIONS.contains(region)) {
                    problems.add(at + ".region", "'" + abbreviate(region) + "' is not an AWS region this build knows");
                }
                String url = requiredText(endpoint, "url", at + ".url", problems);
                if (url != null && !endpointUrl(url)) {
                    problems.add(
                            at + ".url",
                            "'" + abbreviate(url) + "' is not an https URL with a host (http only on a loopback "
                                    + "address, for a local stand-in)");
                }
                if (region != null && url != null) {
                    endpoints.add(new TrafficPlan.ClusterEndpoint(region, url));
                }
            }
        }
        Map<String, String> controls = regionMap(
                node.get("controls"),
                path + ".controls",
                regions,
                "a routing control ARN (arn:aws:route53-recovery-control::<account>:controlpanel/<id>/"
                        + "routingcontrol/<id>)",
                value -> ROUTING_CONTROL_ARN.matcher(value).matches(),
                problems);
        if (controls.size() == 2 && controls.values().stream().distinct().count() == 1) {
            problems.add(path + ".controls", "each region needs its own routing control, not the same ARN twice");
        }
        return TrafficPlan.routingControl(endpoints, controls);
    }

    private TrafficPlan route53(JsonNode node, String path, List<String> regions, Problems problems) {
        unknownFields(
                node,
                path,
                Set.of("type", "hostedZoneId", "recordName", "recordType", "ttl", "values", "aliasHostedZoneIds"),
                problems);
        String zone = text(
                node,
                "hostedZoneId",
                path + ".hostedZoneId",
                problems,
                HOSTED_ZONE_ID,
                "a Route 53 hosted zone id such as 'Z0123456789ABCDEFGHIJ'");
        String name = text(
                node,
                "recordName",
                path + ".recordName",
                problems,
                DNS_NAME,
                "a fully qualified domain name such as 'app.example.com.'");
        String type = requiredText(node, "recordType", path + ".recordType", problems);
        if (type != null && !RECORD_TYPES.contains(type)) {
            problems.add(path + ".recordType", "'" + abbreviate(type) + "' is not supported: use CNAME, A or AAAA");
            type = null;
        }
        long ttl = longValue(node, "ttl", path + ".ttl", 60, 0, MAX_TTL_SECONDS, problems);
        String recordType = type;
        // An alias record (Route 53 API reference, AliasTarget: an A or AAAA record whose target is,
        // for example, an ELB load balancer's DNS name and canonical hosted zone id) is how a load
        // balancer, the usual EKS ingress, is named at a zone apex.
        boolean alias = node.hasNonNull("aliasHostedZoneIds");
        if (alias && recordType != null && recordType.equals("CNAME")) {
            problems.add(path + ".aliasHostedZoneIds", "an alias record is of type A or AAAA, not CNAME");
        }
        Map<String, String> aliasZones = alias
                ? regionMap(
                        node.get("aliasHostedZoneIds"),
                        path + ".aliasHostedZoneIds",
                        regions,
                        "the hosted zone id of the region's load balancer, such as 'Z35SXDOTRQ7X7K'",
                        value -> HOSTED_ZONE_ID.matcher(value).matches(),
                        problems)
                : null;
        Map<String, String> values = regionMap(
                node.get("values"),
                path + ".values",
                regions,
                alias
                        ? "the DNS name of the region's load balancer"
                        : recordType == null ? "a record value" : "a " + recordType + " record value",
                value -> alias
                        ? DNS_NAME.matcher(value).matches()
                        : recordType == null || recordValue(recordType, value),
                problems);
        return TrafficPlan.route53(zone, name == null ? null : canonicalName(name), type, ttl, values, aliasZones);
    }

    /** A map with exactly one entry per plan region, each value passing {@code valid}. */
    private static Map<String, String> regionMap(
            JsonNode node,
            String path,
            List<String> regions,
            String expected,
            Predicate<String> valid,
            Problems problems) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!isObject(node, path, problems)) {
            return values;
        }
        node.fields().forEachRemaining(e -> {
            if (!regions.contains(e.getKey())) {
                problems.add(
                        path + "." + e.getKey(),
                        "is not one of the plan's regions (" + String.join(", ", regions) + ")");
            } else if (!e.getValue().isTextual() || !valid.test(e.getValue().asText())) {
                problems.add(path + "." + e.getKey(), "must be " + expected + ", not " + describe(e.getValue()));
            } else {
                values.put(e.getKey(), e.getValue().asText());
            }
        });
        for (String region : regions) {
            if (!node.has(region)) {
                problems.add(path + "." + region, "is missing (one entry for each of the plan's two regions)");
            }
        }
        return values;
    }

    private static boolean endpointUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                return false;
            }
            return "https".equals(uri.getScheme())
                    || ("http".equals(uri.getScheme()) && uri.getHost().matches("127\\.0\\.0\\.1|localhost|\\[::1]"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean recordValue(String type, String value) {
        return switch (type) {
            case "A" -> IPV4.matcher(value).matches();
            case "AAAA" -> value.contains(":") && IPV6.matcher(value).matches();
            default -> DNS_NAME.matcher(value).matches();
        };
    }

    /** Route 53 answers names fully qualified, with the trailing dot. */
    private static String canonicalName(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    private Site site(JsonNode node, String path, Problems problems) {
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("region", "clusterName", "fileSystemId"), problems);
        String region = requiredText(node, "region", path + ".region", problems);
        if (region != null && !KNOWN_REGIONS.contains(region)) {
            problems.add(path + ".region", "'" + region + "' is not an AWS region this build knows");
        }
        String cluster = text(
                node,
                "clusterName",
                path + ".clusterName",
                problems,
                CLUSTER_NAME,
                "an EKS cluster name (letters, digits, '-' and '_', at most 100)");
        String fileSystem = text(
                node,
                "fileSystemId",
                path + ".fileSystemId",
                problems,
                FILE_SYSTEM_ID,
                "an EFS file system id: 'fs-' followed by 8 to 40 lowercase hex digits");
        return new Site(region, cluster, fileSystem);
    }

    private StorageClassSpec storageClass(JsonNode node, Problems problems) {
        String path = "plan.storageClass";
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(
                node,
                path,
                Set.of(
                        "name",
                        "directoryPerms",
                        "uid",
                        "gid",
                        "gidRangeStart",
                        "gidRangeEnd",
                        "basePath",
                        "subPathPattern",
                        "ensureUniqueDirectory",
                        "reuseAccessPoint"),
                problems);
        String name =
                text(node, "name", path + ".name", problems, DNS_SUBDOMAIN, "a StorageClass name (DNS subdomain)");
        String perms = optionalText(node, "directoryPerms", path, problems).orElse("700");
        if (!OCTAL_PERMS.matcher(perms).matches()) {
            problems.add(path + ".directoryPerms", "must be octal permissions such as '700', not '" + perms + "'");
        }
        String uid = numericId(node, "uid", path, problems);
        String gid = numericId(node, "gid", path, problems);
        String rangeStart = numericId(node, "gidRangeStart", path, problems);
        String rangeEnd = numericId(node, "gidRangeEnd", path, problems);
        if ((uid == null) != (gid == null)) {
            problems.add(path + (uid == null ? ".uid" : ".gid"), "uid and gid go together: set both or neither");
        }
        if ((rangeStart == null) != (rangeEnd == null)) {
            problems.add(
                    path + (rangeStart == null ? ".gidRangeStart" : ".gidRangeEnd"),
                    "gidRangeStart and gidRangeEnd go together");
        } else if (rangeStart != null && Long.parseLong(rangeStart) > Long.parseLong(rangeEnd)) {
            problems.add(path + ".gidRangeEnd", "must not be below gidRangeStart");
        }
        String basePath = optionalText(node, "basePath", path, problems).orElse(null);
        if (basePath != null && (!basePath.startsWith("/") || basePath.contains("//") || basePath.contains(".."))) {
            problems.add(path + ".basePath", "must be an absolute path such as '/dynamic_provisioning'");
        }
        String pattern =
                optionalText(node, "subPathPattern", path, problems).orElse(StorageClassSpec.DEFAULT_SUB_PATH_PATTERN);
        var variables = SUB_PATH_VARIABLE.matcher(pattern);
        while (variables.find()) {
            if (!SUB_PATH_VARIABLES.contains(variables.group(1))) {
                problems.add(
                        path + ".subPathPattern",
                        "unknown variable ${" + variables.group(1)
                                + "}: the EFS CSI driver knows only ${.PVC.name}, ${.PVC.namespace} and ${.PV.name}");
            }
        }
        if (!pattern.contains("${.PVC.name}") && !pattern.contains("${.PV.name}")) {
            problems.add(
                    path + ".subPathPattern",
                    "must contain ${.PVC.name} or ${.PV.name}, or every volume shares one directory");
        }
        String unique =
                optionalText(node, "ensureUniqueDirectory", path, problems).orElse("false");
        if (!unique.equals("false")) {
            problems.add(
                    path + ".ensureUniqueDirectory",
                    "must be \"false\": otherwise the driver appends a UUID and the two regions use different "
                            + "directories");
        }
        String reuse = optionalText(node, "reuseAccessPoint", path, problems).orElse("false");
        if (!reuse.equals("true") && !reuse.equals("false")) {
            problems.add(path + ".reuseAccessPoint", "must be \"true\" or \"false\"");
        }
        return new StorageClassSpec(name, perms, uid, gid, rangeStart, rangeEnd, basePath, pattern, unique, reuse);
    }

    private WorkloadSet workloads(JsonNode node, Problems problems) {
        String path = "plan.workloads";
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("items", "selector"), problems);
        List<Workload> items = new ArrayList<>();
        JsonNode list = node.get("items");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(path + ".items", "must be a list");
            } else if (list.size() > MAX_WORKLOADS) {
                problems.add(
                        path + ".items",
                        "has " + list.size() + " entries; at most " + MAX_WORKLOADS + " are supported");
            } else {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Workload workload = workload(list.get(i), path + ".items[" + i + "]", problems);
                    if (workload != null && !seen.add(workload.id())) {
                        problems.add(path + ".items[" + i + "]", "duplicates " + workload.id());
                    }
                    if (workload != null) {
                        items.add(workload);
                    }
                }
            }
        }
        WorkloadSelector selector = selector(node.get("selector"), path + ".selector", problems);
        if (items.isEmpty() && selector == null && (list == null || list.isArray())) {
            problems.add(path, "names no workload: give a non-empty items list or a selector");
        }
        return new WorkloadSet(items, selector);
    }

    private Workload workload(JsonNode node, String path, Problems problems) {
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(
                node, path, Set.of("namespace", "kind", "name", "activeReplicas", "standbyReplicas", "wave"), problems);
        String namespace = text(node, "namespace", path + ".namespace", problems, DNS_LABEL, "a namespace name");
        String name = text(node, "name", path + ".name", problems, DNS_SUBDOMAIN, "a Kubernetes object name");
        String kindText = requiredText(node, "kind", path + ".kind", problems);
        WorkloadKind kind = null;
        if (kindText != null) {
            try {
                kind = WorkloadKind.valueOf(kindText);
            } catch (IllegalArgumentException e) {
                problems.add(
                        path + ".kind", "'" + kindText + "' is not a supported kind: use Deployment or StatefulSet");
            }
        }
        int active = (int) longValue(node, "activeReplicas", path + ".activeReplicas", -1, 1, MAX_REPLICAS, problems);
        int standby = (int) longValue(node, "standbyReplicas", path + ".standbyReplicas", 0, 0, MAX_REPLICAS, problems);
        if (active > 0 && standby > active) {
            problems.add(path + ".standbyReplicas", "must not exceed activeReplicas (" + active + ")");
        }
        int wave = (int) longValue(node, "wave", path + ".wave", Workload.DEFAULT_WAVE, 1, Waves.MAX_WAVE, problems);
        return kind == null || namespace == null || name == null
                ? null
                : new Workload(namespace, kind, name, active, standby, wave);
    }

    private WorkloadSelector selector(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("namespaces", "matchLabels"), problems);
        List<String> namespaces = new ArrayList<>();
        JsonNode list = node.get("namespaces");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(
                    path + ".namespaces",
                    "must be a non-empty list of namespaces (the orchestrator lists per namespace)");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isTextual() || !DNS_LABEL.matcher(item.asText()).matches()) {
                    problems.add(path + ".namespaces[" + i + "]", "must be a namespace name");
                } else {
                    namespaces.add(item.asText());
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode match = node.get("matchLabels");
        if (match == null || !match.isObject() || match.isEmpty()) {
            problems.add(path + ".matchLabels", "must be a non-empty map of label to value");
        } else {
            match.fields().forEachRemaining(e -> {
                if (!LABEL_KEY.matcher(e.getKey()).matches()) {
                    problems.add(path + ".matchLabels", "'" + e.getKey() + "' is not a valid label key");
                } else if (!e.getValue().isTextual()
                        || !LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
                    problems.add(path + ".matchLabels." + e.getKey(), "must be a valid label value (a string)");
                } else {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return new WorkloadSelector(namespaces, labels);
    }

    private Timeouts timeouts(JsonNode node, Problems problems) {
        String path = "plan.timeouts";
        if (node == null || node.isNull()) {
            return Timeouts.DEFAULTS;
        }
        if (!isObject(node, path, problems)) {
            return Timeouts.DEFAULTS;
        }
        unknownFields(
                node,
                path,
                Set.of(
                        "promotionSeconds",
                        "readinessSeconds",
                        "fencingSeconds",
                        "syncSeconds",
                        "finalSyncSeconds",
                        "localDeletionSeconds",
                        "alarmFinalSyncSeconds",
                        "fencePropagationSeconds"),
                problems);
        Timeouts d = Timeouts.DEFAULTS;
        Timeouts min = Timeouts.MINIMA;
        Timeouts max = Timeouts.MAXIMA;
        return new Timeouts(
                longValue(
                        node,
                        "promotionSeconds",
                        path + ".promotionSeconds",
                        d.promotionSeconds(),
                        min.promotionSeconds(),
                        max.promotionSeconds(),
                        problems),
                longValue(
                        node,
                        "readinessSeconds",
                        path + ".readinessSeconds",
                        d.readinessSeconds(),
                        min.readinessSeconds(),
                        max.readinessSeconds(),
                        problems),
                longValue(
                        node,
                        "fencingSeconds",
                        path + ".fencingSeconds",
                        d.fencingSeconds(),
                        min.fencingSeconds(),
                        max.fencingSeconds(),
                        problems),
                longValue(
                        node,
                        "syncSeconds",
                        path + ".syncSeconds",
                        d.syncSeconds(),
                        min.syncSeconds(),
                        max.syncSeconds(),
                        problems),
                longValue(
                        node,
                        "finalSyncSeconds",
                        path + ".finalSyncSeconds",
                        d.finalSyncSeconds(),
                        min.finalSyncSeconds(),
                        max.finalSyncSeconds(),
                        problems),
                longValue(
                        node,
                        "localDeletionSeconds",
                        path + ".localDeletionSeconds",
                        d.localDeletionSeconds(),
                        min.localDeletionSeconds(),
                        max.localDeletionSeconds(),
                        problems),
                longValue(
                        node,
                        "alarmFinalSyncSeconds",
                        path + ".alarmFinalSyncSeconds",
                        d.alarmFinalSyncSeconds(),
                        min.alarmFinalSyncSeconds(),
                        max.alarmFinalSyncSeconds(),
                        problems),
                longValue(
                        node,
                        "fencePropagationSeconds",
                        path + ".fencePropagationSeconds",
                        d.fencePropagationSeconds(),
                        min.fencePropagationSeconds(),
                        max.fencePropagationSeconds(),
                        problems));
    }

    private static boolean isObject(JsonNode node, String path, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(path, "is missing");
            return false;
        }
        if (!node.isObject()) {
            problems.add(path, "must be an object, not " + describe(node));
            return false;
        }
        return true;
    }

    private static void unknownFields(JsonNode node, String path, Set<String> known, Problems problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(
                        path + "." + name,
                        "is not a known field (known: "
                                + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String field, String path, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(path, "is missing");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(path, "must be a string, not " + describe(value));
            return null;
        }
        if (value.asText().isBlank()) {
            problems.add(path, "must not be empty");
            return null;
        }
        return value.asText();
    }

    private static String text(
            JsonNode node, String field, String path, Problems problems, Pattern pattern, String expected) {
        String value = requiredText(node, field, path, problems);
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(path, "'" + abbreviate(value) + "' is not " + expected);
            return null;
        }
        return value;
    }

    private static Optional<String> optionalText(JsonNode node, String field, String parent, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(
                    parent + "." + field,
                    "must be a string (StorageClass parameters are strings), not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private static String numericId(JsonNode node, String field, String parent, Problems problems) {
        String value = optionalText(node, field, parent, problems).orElse(null);
        if (value != null && !NUMERIC_ID.matcher(value).matches()) {
            problems.add(parent + "." + field, "must be a number written as a string, such as \"1000\"");
            return null;
        }
        return value;
    }

    private static long longValue(
            JsonNode node, String field, String path, long defaultValue, long min, long max, Problems problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue < min) {
                problems.add(path, "is missing");
            }
            return defaultValue;
        }
        if (!value.isIntegralNumber()) {
            problems.add(path, "must be a whole number, not " + describe(value));
            return defaultValue;
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            problems.add(path, "must be between " + min + " and " + max + ", not " + abbreviate(value.asText()));
            return defaultValue;
        }
        return value.asLong();
    }

    static String describe(JsonNode value) {
        JsonNodeType type = value.getNodeType();
        return switch (type) {
            case STRING -> "the string \"" + abbreviate(value.asText()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> "the boolean " + value.asText();
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase();
        };
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }

    private static Set<String> knownRegions() {
        Set<String> regions = new HashSet<>();
        for (Region region : Region.regions()) {
            if (!region.isGlobalRegion()) {
                regions.add(region.id());
            }
        }
        return Set.copyOf(regions);
    }
}
