package io.efsdr.traffic;

/**
 * A routing control's state. On the wire (ARC Routing Control API reference,
 * {@code RoutingControlState}) it is {@code On} or {@code Off}; in results and reports {@code ON}
 * or {@code OFF}.
 */
public enum ControlState {
    ON("On"),
    OFF("Off");

    private final String wire;

    ControlState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The state a routing control reports; null for anything else. */
    public static ControlState fromWire(String value) {
        for (ControlState state : values()) {
            if (state.wire.equalsIgnoreCase(value)) {
                return state;
            }
        }
        return null;
    }
}
