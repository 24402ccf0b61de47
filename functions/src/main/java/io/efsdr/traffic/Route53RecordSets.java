package io.efsdr.traffic;

import io.efsdr.aws.AwsCalls;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 through the SDK (REST-XML: {@code POST /2013-04-01/hostedzone/{Id}/rrset} for
 * ChangeResourceRecordSets, {@code GET .../rrset} for ListResourceRecordSets, {@code GET
 * /2013-04-01/change/{Id}} for GetChange). These are control plane calls, served from us-east-1
 * (AWS Well-Architected REL11-BP04: "updating Route 53 routing policies uses the control plane, so
 * do not rely on it for recovery"); plans that must not depend on it use routing controls.
 */
public final class Route53RecordSets implements RecordSets {
    private final Supplier<Route53Client> route53;

    public Route53RecordSets(Supplier<Route53Client> route53) {
        this.route53 = route53;
    }

    @Override
    public List<RecordSet> recordSets(String hostedZoneId, String name, String type) {
        // One page from name/type on holds every set of that name and type: a weighted or failover
        // name has at most 100 weighted sets (Route 53 quotas), and ListResourceRecordSets orders by
        // name, then type, then SetIdentifier.
        List<ResourceRecordSet> sets = AwsCalls.call(
                        "Route 53 ListResourceRecordSets in " + hostedZoneId,
                        () -> route53.get()
                                .listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                                        .startRecordName(name)
                                        .startRecordType(type)
                                        .maxItems("100")))
                .resourceRecordSets();
        return sets.stream()
                .filter(s -> sameName(s.name(), name) && type.equals(s.typeAsString()))
                .map(s -> new RecordSet(
                        s.resourceRecords().stream().map(ResourceRecord::value).toList(),
                        s.aliasTarget() == null ? null : s.aliasTarget().dnsName(),
                        s.aliasTarget() == null ? null : s.aliasTarget().hostedZoneId(),
                        s.setIdentifier(),
                        s.failoverAsString(),
                        s.weight()))
                .toList();
    }

    @Override
    public Change upsert(
            String hostedZoneId,
            String name,
            String type,
            long ttl,
            String value,
            String aliasHostedZoneId,
            String comment) {
        ResourceRecordSet set = aliasHostedZoneId == null
                ? ResourceRecordSet.builder()
                        .name(name)
                        .type(type)
                        .ttl(ttl)
                        .resourceRecords(ResourceRecord.builder().value(value).build())
                        .build()
                // An alias record carries an AliasTarget and neither TTL nor ResourceRecords (Route 53
                // API reference, ResourceRecordSet: "If you're creating an alias resource record set,
                // omit TTL").
                : ResourceRecordSet.builder()
                        .name(name)
                        .type(type)
                        .aliasTarget(a ->
                                a.hostedZoneId(aliasHostedZoneId).dnsName(value).evaluateTargetHealth(false))
                        .build();
        ChangeInfo info = AwsCalls.call(
                        "Route 53 ChangeResourceRecordSets in " + hostedZoneId,
                        () -> route53.get()
                                .changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                                        .changeBatch(b -> b.comment(comment)
                                                .changes(c -> c.action(ChangeAction.UPSERT)
                                                        .resourceRecordSet(set)))))
                .changeInfo();
        return new Change(info.id(), info.statusAsString());
    }

    @Override
    public Change change(String changeId) {
        ChangeInfo info = AwsCalls.call(
                        "Route 53 GetChange " + changeId, () -> route53.get().getChange(r -> r.id(changeId)))
                .changeInfo();
        return new Change(info.id(), info.statusAsString());
    }

    /** Route 53 answers names fully qualified and lowercase, with {@code \052} for a leading {@code *}. */
    static boolean sameName(String answered, String asked) {
        return normalise(answered).equals(normalise(asked));
    }

    static String normalise(String name) {
        String n = name.replace("\\052", "*").toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
