package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;
import io.efsdr.traffic.Route53RecordSets;
import io.efsdr.traffic.RoutingControlCluster;
import io.efsdr.traffic.SignedClusterTransport;
import io.efsdr.traffic.TrafficSwitch;
import io.efsdr.traffic.TrafficSwitchResult;

/**
 * Switches client traffic to the target site's region (the plan's {@code traffic}: ARC routing
 * controls or a Route 53 record) and reads it back; one poll per invocation.
 */
public final class SwitchTrafficHandler extends TypedHandler<SwitchTrafficHandler.SwitchTraffic, TrafficSwitchResult> {
    private final TrafficSwitch trafficSwitch;

    public SwitchTrafficHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public SwitchTrafficHandler(Wiring w) {
        this(new TrafficSwitch(
                new RoutingControlCluster(new SignedClusterTransport(w.aws().credentials(), w.clock())),
                new Route53RecordSets(w.aws()::route53),
                w.clock()));
    }

    /** With ready-made collaborators (a test's own). */
    public SwitchTrafficHandler(TrafficSwitch trafficSwitch) {
        super(SwitchTraffic.class);
        this.trafficSwitch = trafficSwitch;
    }

    @Override
    protected TrafficSwitchResult handle(SwitchTraffic request) {
        return trafficSwitch.switchTo(
                request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }

    /** One poll of the traffic switch to {@code target}'s region, with the previous poll (null on the first). */
    public record SwitchTraffic(
            DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous, Integer redriveCount)
            implements RunScoped {
        public SwitchTraffic(DrPlan plan, RunContext run, Target target, TrafficSwitchResult previous) {
            this(plan, run, target, previous, null);
        }

        /** {@code $$.Execution.RedriveCount}: how often the execution was redriven (0 when absent). */
        public int redrives() {
            return redriveCount == null ? 0 : redriveCount;
        }

        public SwitchTraffic {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }
}
