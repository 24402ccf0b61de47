package io.efsdr.traffic;

import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.TrafficCheck;
import io.efsdr.plan.TrafficPlan;
import java.util.List;
import java.util.Optional;

/**
 * Before anything is promoted: does the plan's Route 53 record set belong to the switch? A name
 * that a failover or weighted routing policy owns (its sets carry {@code SetIdentifier}, and
 * {@code Failover} or {@code Weight}: Route 53 API reference, ResourceRecordSet) is answered by those
 * sets; an UPSERT of a simple set beside them is refused by Route 53, and would not move traffic if it
 * were not. So such a plan is refused at Validate Plan, naming the sets. The read goes to Route 53's
 * control plane in us-east-1 and is best effort: when it fails, the run goes on with a warning (a
 * failover must not depend on the region that may be down).
 */
public final class RecordSetOwnership implements TrafficCheck {
    private final RecordSets recordSets;

    public RecordSetOwnership(RecordSets recordSets) {
        this.recordSets = recordSets;
    }

    @Override
    public List<String> check(DrPlan plan) {
        TrafficPlan traffic = plan.traffic();
        if (traffic == null || traffic.type() != TrafficPlan.Type.ROUTE53) {
            return List.of();
        }
        List<RecordSets.RecordSet> sets;
        try {
            sets = recordSets.recordSets(traffic.hostedZoneId(), traffic.recordName(), traffic.recordType());
        } catch (RuntimeException e) {
            return List.of("could not read " + traffic.recordName() + " " + traffic.recordType() + " in hosted zone "
                    + traffic.hostedZoneId() + " (Route 53's control plane, in us-east-1): " + e.getMessage()
                    + "; the switch reads it again when it runs");
        }
        problem(traffic, sets).ifPresent(problem -> {
            throw new InvalidInputException(problem);
        });
        return List.of();
    }

    /** Why the record set cannot be the switch's, if it cannot. */
    public static Optional<String> problem(TrafficPlan traffic, List<RecordSets.RecordSet> sets) {
        List<RecordSets.RecordSet> routed =
                sets.stream().filter(RecordSets.RecordSet::routed).toList();
        if (routed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("plan.traffic.recordName: " + traffic.recordName() + " " + traffic.recordType()
                + " in hosted zone " + traffic.hostedZoneId() + " is owned by another routing policy ("
                + String.join(
                        ", ", routed.stream().map(RecordSets.RecordSet::policy).toList())
                + "): the switch UPSERTs one simple record set, which Route 53 refuses beside those sets and "
                + "which would not move traffic; point plan.traffic at a simple record (or an alias A/AAAA "
                + "record) that only this plan changes, or use routing controls (type routing-control)");
    }
}
