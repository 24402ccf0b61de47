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
    public List<String> values(String hostedZoneId, String name, String type) {
        List<ResourceRecordSet> sets = AwsCalls.call(
                        "Route 53 ListResourceRecordSets in " + hostedZoneId,
                        () -> route53.get()
                                .listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                                        .startRecordName(name)
                                        .startRecordType(type)
                                        .maxItems("1")))
                .resourceRecordSets();
        return sets.stream()
                .filter(s -> sameName(s.name(), name) && type.equals(s.typeAsString()) && s.setIdentifier() == null)
                .findFirst()
                .map(s ->
                        s.resourceRecords().stream().map(ResourceRecord::value).toList())
                .orElse(List.of());
    }

    @Override
    public Change upsert(String hostedZoneId, String name, String type, long ttl, String value, String comment) {
        ChangeInfo info = AwsCalls.call(
                        "Route 53 ChangeResourceRecordSets in " + hostedZoneId,
                        () -> route53.get()
                                .changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                                        .changeBatch(b -> b.comment(comment)
                                                .changes(c -> c.action(ChangeAction.UPSERT)
                                                        .resourceRecordSet(s -> s.name(name)
                                                                .type(type)
                                                                .ttl(ttl)
                                                                .resourceRecords(ResourceRecord.builder()
                                                                        .value(value)
                                                                        .build()))))))
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
