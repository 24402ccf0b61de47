package io.efsdr.handler;

import io.efsdr.traffic.TrafficSwitchResult;

/**
 * Switches client traffic to the target site's region (the plan's {@code traffic}: ARC routing
 * controls or a Route 53 record) and reads it back; one poll per invocation.
 */
public final class SwitchTrafficHandler extends TypedHandler<Requests.SwitchTraffic, TrafficSwitchResult> {
    private final Dependencies dependencies;

    public SwitchTrafficHandler() {
        this(Dependencies.fromEnvironment());
    }

    public SwitchTrafficHandler(Dependencies dependencies) {
        super(Requests.SwitchTraffic.class);
        this.dependencies = dependencies;
    }

    @Override
    protected TrafficSwitchResult handle(Requests.SwitchTraffic request) {
        return dependencies
                .trafficSwitch()
                .switchTo(request.plan(), request.run(), request.target(), request.previous(), request.redrives());
    }
}
