package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How client traffic is moved between the plan's regions once the destination is ready: an ARC
 * routing control per region, switched on the ARC cluster's data plane (the way AWS recommends for
 * regional failover), or a Route 53 record set pointed at the region's value (Route 53's control
 * plane, in us-east-1). Absent from a plan: no switch, the operator moves traffic. Built only by
 * {@link PlanValidator}; the JSON it writes is the plan document's {@code traffic} field.
 *
 * @param clusterEndpoints routing control only: the ARC cluster's regional endpoints, tried in turn
 * @param controls routing control only: region to routing control ARN, one per plan region
 * @param hostedZoneId route53 only: the hosted zone ({@code Z...})
 * @param recordName route53 only: the record's fully qualified name
 * @param recordType route53 only: {@code CNAME}, {@code A} or {@code AAAA}
 * @param ttl route53 only: the record's TTL in seconds
 * @param values route53 only: region to the record value that sends clients there (for an alias
 *     record, the DNS name of the region's load balancer)
 * @param aliasHostedZoneIds route53 alias records only: region to the hosted zone of the alias
 *     target (a load balancer's canonical hosted zone id); null for a record with values
 */
public record TrafficPlan(
        Type type,
        List<ClusterEndpoint> clusterEndpoints,
        Map<String, String> controls,
        String hostedZoneId,
        String recordName,
        String recordType,
        Long ttl,
        Map<String, String> values,
        Map<String, String> aliasHostedZoneIds) {

    /** The kinds of switch. */
    public enum Type {
        ROUTING_CONTROL("routing-control"),
        ROUTE53("route53");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        @JsonCreator
        public static Type parse(String value) {
            for (Type type : values()) {
                if (type.json.equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("traffic type must be 'routing-control' or 'route53', not " + value);
        }
    }

    /** One regional endpoint of an ARC cluster, as DescribeCluster lists it. */
    public record ClusterEndpoint(String region, String url) {}

    public static TrafficPlan routingControl(List<ClusterEndpoint> endpoints, Map<String, String> controls) {
        return new TrafficPlan(
                Type.ROUTING_CONTROL, List.copyOf(endpoints), ordered(controls), null, null, null, null, null, null);
    }

    /** The map in its given order (the plan's), unmodifiable. */
    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static TrafficPlan route53(
            String hostedZoneId, String recordName, String recordType, long ttl, Map<String, String> values) {
        return route53(hostedZoneId, recordName, recordType, ttl, values, null);
    }

    /** A Route 53 switch; {@code aliasHostedZoneIds} non-null makes the record an alias record. */
    public static TrafficPlan route53(
            String hostedZoneId,
            String recordName,
            String recordType,
            long ttl,
            Map<String, String> values,
            Map<String, String> aliasHostedZoneIds) {
        return new TrafficPlan(
                Type.ROUTE53,
                null,
                null,
                hostedZoneId,
                recordName,
                recordType,
                ttl,
                ordered(values),
                aliasHostedZoneIds == null ? null : ordered(aliasHostedZoneIds));
    }

    /** Whether the route53 record is an alias record (A or AAAA pointing at a load balancer). */
    public boolean alias() {
        return aliasHostedZoneIds != null;
    }
}
