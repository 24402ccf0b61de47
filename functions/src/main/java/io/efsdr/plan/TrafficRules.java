package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.KNOWN_REGIONS;
import static io.efsdr.plan.PlanFields.abbreviate;
import static io.efsdr.plan.PlanFields.describe;
import static io.efsdr.plan.PlanFields.isObject;
import static io.efsdr.plan.PlanFields.longValue;
import static io.efsdr.plan.PlanFields.requiredText;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;
import static io.efsdr.plan.PlanValidator.MAX_CLUSTER_ENDPOINTS;
import static io.efsdr.plan.PlanValidator.MAX_TTL_SECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The traffic switch: ARC routing controls or Route 53 records, one per plan region. Part of
 * {@link PlanValidator}: every problem is named by its field path.
 */
final class TrafficRules {
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

    private TrafficRules() {}

    /** The traffic switch; absent or null: none. Its regions are the plan's two. */
    static TrafficPlan traffic(JsonNode node, Site primary, Site dr, Problems problems) {
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

    private static TrafficPlan routingControl(JsonNode node, String path, List<String> regions, Problems problems) {
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

    private static TrafficPlan route53(JsonNode node, String path, List<String> regions, Problems problems) {
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
}
