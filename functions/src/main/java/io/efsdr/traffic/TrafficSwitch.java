package io.efsdr.traffic;

import io.efsdr.error.InvalidInputException;
import io.efsdr.error.StepTimeoutException;
import io.efsdr.error.TrafficRefusedException;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.Poll;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Target;
import io.efsdr.plan.TrafficPlan;
import io.efsdr.plan.WorkflowLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends client traffic to the target site's region once its workloads are ready, as the plan's
 * {@code traffic} says, and reads the result back: desired state, compare, change only what
 * differs, so a re-run or a redrive changes nothing the second time. A dry run reads and reports.
 *
 * <p>Routing controls: both controls in one UpdateRoutingControlStates call (target On, the other
 * Off), on whichever cluster endpoint answers ({@link RoutingControlCluster}), then both read back
 * with GetRoutingControlState. Route 53: an UPSERT of the record set to the target region's value,
 * polled with GetChange until {@code INSYNC}, then read back with ListResourceRecordSets. A wait
 * longer than {@value #TIMEOUT_SECONDS} s fails the step. An update an ARC safety rule refuses
 * fails the step with {@link TrafficRefusedException} naming the rule, unless the controls read
 * back already show the switch made.
 */
public final class TrafficSwitch {
    /** The bound of the wait for a switch to be confirmed. */
    public static final long TIMEOUT_SECONDS = WorkflowLimits.TRAFFIC_SWITCH_SECONDS;

    private final RoutingControlCluster cluster;
    private final RecordSets recordSets;
    private final Clock clock;

    public TrafficSwitch(RoutingControlCluster cluster, RecordSets recordSets, Clock clock) {
        this.cluster = cluster;
        this.recordSets = recordSets;
        this.clock = clock;
    }

    /** One poll of the switch to {@code target}'s region; {@code previous} is the last poll (null on the first). */
    public TrafficSwitchResult switchTo(DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous) {
        return switchTo(plan, run, target, previous, 0);
    }

    /**
     * As {@link #switchTo(DrPlan, RunContext, Target, TrafficSwitchResult)} in an execution redriven
     * {@code redriveCount} times: a bound that ran out before the redrive starts again, once.
     */
    public TrafficSwitchResult switchTo(
            DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous, int redriveCount) {
        TrafficPlan traffic = plan.traffic();
        if (traffic == null) {
            throw new UnsafeStateException(
                    "the plan has no traffic switch (plan.traffic), so this step should not run");
        }
        Instant now = clock.instant();
        Poll poll = Poll.next(previous, now, TIMEOUT_SECONDS, redriveCount);
        String to = plan.site(target).region();
        String from =
                plan.site(target == Target.DR ? Target.PRIMARY : Target.DR).region();
        Context context = new Context(traffic, run, from, to, poll, previous);
        return (traffic.type() == TrafficPlan.Type.ROUTING_CONTROL ? routingControls(context) : route53(context))
                .polledAs(poll);
    }

    private record Context(
            TrafficPlan traffic, RunContext run, String from, String to, Poll poll, TrafficSwitchResult previous) {
        Map<String, ControlState> wanted() {
            Map<String, ControlState> wanted = new LinkedHashMap<>();
            wanted.put(to, ControlState.ON);
            wanted.put(from, ControlState.OFF);
            return wanted;
        }

        boolean changedBefore() {
            return previous != null && previous.changed();
        }

        Map<String, ControlState> before(Map<String, ControlState> now) {
            return previous != null && previous.before() != null ? previous.before() : now;
        }
    }

    private TrafficSwitchResult routingControls(Context c) {
        Map<String, String> controls = c.traffic().controls();
        RoutingControlCluster.Session session = cluster.session(c.traffic().clusterEndpoints(), c.from());
        Map<String, ControlState> current = session.read(controls);
        Map<String, ControlState> wanted = c.wanted();
        if (current.equals(wanted)) {
            TrafficOutcome outcome = c.changedBefore() ? TrafficOutcome.SWITCHED : TrafficOutcome.ALREADY_SET;
            return routingResult(
                    c, outcome, current, current, true, c.changedBefore(), session, describe(outcome, c, current));
        }
        if (c.run().dryRun()) {
            return routingResult(
                    c,
                    TrafficOutcome.DRY_RUN,
                    current,
                    current,
                    false,
                    false,
                    session,
                    "dry run: routing controls now " + text(current) + "; would set " + text(wanted)
                            + " in one UpdateRoutingControlStates call");
        }
        failIfPastDeadline(c, "routing controls " + text(current) + ", wanted " + text(wanted));
        Map<String, ControlState> byArn = new LinkedHashMap<>();
        wanted.forEach((region, state) -> byArn.put(controls.get(region), state));
        try {
            session.update(byArn);
        } catch (ClusterCallException refused) {
            return refused(c, current, wanted, session, refused);
        }
        Map<String, ControlState> after = session.read(controls);
        boolean verified = after.equals(wanted);
        TrafficOutcome outcome = verified ? TrafficOutcome.SWITCHED : TrafficOutcome.PENDING;
        return routingResult(
                c,
                outcome,
                current,
                after,
                verified,
                true,
                session,
                verified
                        ? describe(outcome, c, after)
                        : "set " + text(wanted) + " but read back " + text(after) + "; reading again");
    }

    /**
     * A safety rule refused the update. The controls are read back before that is called a refusal:
     * a first update whose answer was lost (an endpoint that applied it and then never answered) moved
     * traffic, and its retry on the next endpoint falls inside the rule's {@code WaitPeriodMs}, "an
     * evaluation period ... during which any request against the target routing controls will fail"
     * (Route 53 ARC API reference, GatingRule and AssertionRule). When the read-back shows the
     * wanted state, the switch is done.
     */
    private TrafficSwitchResult refused(
            Context c,
            Map<String, ControlState> current,
            Map<String, ControlState> wanted,
            RoutingControlCluster.Session session,
            ClusterCallException refusal) {
        if (refusal.kind() != ClusterCallException.Kind.REFUSED) {
            throw refusal;
        }
        String rule = refusal.safetyRule() == null ? "(the answer named no rule)" : refusal.safetyRule();
        Map<String, ControlState> after = session.read(c.traffic().controls());
        if (after.equals(wanted)) {
            return routingResult(
                    c,
                    TrafficOutcome.SWITCHED,
                    current,
                    after,
                    true,
                    true,
                    session,
                    describe(TrafficOutcome.SWITCHED, c, after) + "; the last update was refused by safety rule "
                            + rule + " (" + refusal.getMessage() + "), but the controls already read "
                            + text(after) + ": an earlier update whose answer was lost made the switch");
        }
        throw new TrafficRefusedException(
                "ARC safety rule " + rule + " refused the traffic switch to " + c.to() + ": " + refusal.getMessage()
                        + "; the routing controls read back " + text(after) + ", so traffic did not move. This is a "
                        + "refusal, not an outage, and no other endpoint was tried (every endpoint enforces the "
                        + "same rules): open the rule's gating controls or wait out its wait period, or override "
                        + "it by hand (UpdateRoutingControlStates with SafetyRulesToOverride naming the rule), "
                        + "then redrive",
                refusal.safetyRule());
    }

    private TrafficSwitchResult routingResult(
            Context c,
            TrafficOutcome outcome,
            Map<String, ControlState> read,
            Map<String, ControlState> state,
            boolean verified,
            boolean changed,
            RoutingControlCluster.Session session,
            String summary) {
        String endpoint = session.answered() == null
                ? null
                : session.answered().region() + " " + session.answered().url();
        List<String> failed = session.failures();
        String failedText = failed.isEmpty()
                ? ""
                : " (via " + endpoint + "; " + failed.size() + " endpoint" + (failed.size() == 1 ? "" : "s")
                        + " did not answer: " + String.join("; ", failed) + ")";
        return new TrafficSwitchResult(
                TrafficPlan.Type.ROUTING_CONTROL,
                outcome,
                c.from(),
                c.to(),
                c.before(read),
                state,
                verified,
                endpoint,
                failed,
                null,
                null,
                changed,
                c.poll().number(),
                c.poll().deadline(),
                c.poll().first(),
                clock.instant(),
                summary + failedText);
    }

    private TrafficSwitchResult route53(Context c) {
        TrafficPlan t = c.traffic();
        String zone = t.hostedZoneId();
        String wantedValue = t.values().get(c.to());
        TrafficSwitchResult previous = c.previous();
        if (previous != null && previous.changeId() != null && !c.run().dryRun()) {
            RecordSets.Change change = recordSets.change(previous.changeId());
            if (!change.inSync()) {
                failIfPastDeadline(c, "Route 53 change " + change.id() + " is still " + change.status());
                List<String> values = previous.recordValues();
                return route53Result(
                        c,
                        TrafficOutcome.PENDING,
                        values,
                        false,
                        true,
                        change.id(),
                        "Route 53 change " + change.id() + " is " + change.status() + "; waiting for INSYNC");
            }
        }
        List<RecordSets.RecordSet> sets = recordSets.recordSets(zone, t.recordName(), t.recordType());
        Optional<String> notOurs = RecordSetOwnership.problem(t, sets);
        if (notOurs.isPresent()) {
            throw new InvalidInputException(notOurs.get());
        }
        List<String> values = sets.isEmpty() ? List.of() : sets.getFirst().shownValues();
        if (sameValues(values, wantedValue)) {
            boolean changed = c.changedBefore();
            TrafficOutcome outcome = changed ? TrafficOutcome.SWITCHED : TrafficOutcome.ALREADY_SET;
            return route53Result(
                    c,
                    outcome,
                    values,
                    true,
                    changed,
                    previous == null ? null : previous.changeId(),
                    (changed ? "switched" : "already pointed") + " " + t.recordName() + " " + t.recordType()
                            + " at " + wantedValue + " (" + c.to() + "), read back"
                            + (changed && previous.changeId() != null
                                    ? " after change " + previous.changeId() + " was INSYNC"
                                    : ""));
        }
        if (c.run().dryRun()) {
            return route53Result(
                    c,
                    TrafficOutcome.DRY_RUN,
                    values,
                    false,
                    false,
                    null,
                    "dry run: " + t.recordName() + " " + t.recordType() + " now " + shown(values)
                            + "; would UPSERT it to " + wantedValue + " (" + c.to() + ") in hosted zone " + zone);
        }
        failIfPastDeadline(c, t.recordName() + " still " + shown(values) + ", wanted " + wantedValue);
        RecordSets.Change change = recordSets.upsert(
                zone,
                t.recordName(),
                t.recordType(),
                t.ttl(),
                wantedValue,
                t.alias() ? t.aliasHostedZoneIds().get(c.to()) : null,
                "efs-dr " + c.run().workflow() + " " + c.run().executionName() + ": traffic to " + c.to());
        return route53Result(
                c,
                TrafficOutcome.PENDING,
                values,
                false,
                true,
                change.id(),
                "submitted UPSERT of " + t.recordName() + " " + t.recordType() + (t.alias() ? " alias" : "") + " to "
                        + wantedValue + " (" + c.to()
                        + ") as change " + change.id() + " (" + change.status() + ")");
    }

    private TrafficSwitchResult route53Result(
            Context c,
            TrafficOutcome outcome,
            List<String> values,
            boolean verified,
            boolean changed,
            String changeId,
            String summary) {
        Map<String, ControlState> state = new LinkedHashMap<>();
        for (String region : List.of(c.to(), c.from())) {
            state.put(
                    region, sameValues(values, c.traffic().values().get(region)) ? ControlState.ON : ControlState.OFF);
        }
        return new TrafficSwitchResult(
                TrafficPlan.Type.ROUTE53,
                outcome,
                c.from(),
                c.to(),
                c.before(state),
                state,
                verified,
                null,
                null,
                changeId,
                values,
                changed,
                c.poll().number(),
                c.poll().deadline(),
                c.poll().first(),
                clock.instant(),
                summary);
    }

    private void failIfPastDeadline(Context c, String where) {
        if (c.previous() != null && clock.instant().isAfter(c.poll().deadline())) {
            throw new StepTimeoutException("the traffic switch to " + c.to() + " was not confirmed within "
                    + TIMEOUT_SECONDS + " s" + c.poll().restartNote() + ": " + where);
        }
    }

    private static String describe(TrafficOutcome outcome, Context c, Map<String, ControlState> state) {
        return (outcome == TrafficOutcome.SWITCHED ? "switched traffic to " : "traffic already goes to ") + c.to()
                + ": routing controls " + text(state) + ", read back";
    }

    static String text(Map<String, ControlState> states) {
        StringBuilder text = new StringBuilder();
        states.forEach((region, state) -> text.append(text.isEmpty() ? "" : ", ")
                .append(region)
                .append(' ')
                .append(state));
        return text.toString();
    }

    private static boolean sameValues(List<String> values, String wanted) {
        return values != null && values.size() == 1 && normalise(values.get(0)).equals(normalise(wanted));
    }

    private static String normalise(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }

    private static String shown(List<String> values) {
        return values == null || values.isEmpty() ? "absent" : String.join(", ", values);
    }
}
