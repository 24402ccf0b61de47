package io.efsdr.handler;

import io.efsdr.traffic.Route53RecordSets;
import io.efsdr.traffic.RoutingControlCluster;
import io.efsdr.traffic.SignedClusterTransport;
import io.efsdr.traffic.TrafficSwitch;
import io.efsdr.traffic.TrafficSwitchResult;

/**
 * Switches client traffic to the target site's region (the plan's {@code traffic}: ARC routing
 * controls or a Route 53 record) and reads it back; one poll per invocation.
 */
public final class SwitchTrafficHandler extends TypedHandler<Requests.SwitchTraffic, TrafficSwitchResult> {
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
        super(Requests.SwitchTraffic.class);
        this.trafficSwitch = trafficSwitch;
    }

    @Override
    protected TrafficSwitchResult handle(Requests.SwitchTraffic request) {
        return trafficSwitch.switchTo(
                request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }
}
