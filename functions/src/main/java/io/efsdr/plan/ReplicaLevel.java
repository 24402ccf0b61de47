package io.efsdr.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The replica count a scaling step sets: the plan's active or standby count, or zero. */
public enum ReplicaLevel {
    ACTIVE,
    STANDBY,
    ZERO;

    /** The replicas this level means for one workload. */
    public int replicasOf(Workload workload) {
        return switch (this) {
            case ACTIVE -> workload.activeReplicas();
            case STANDBY -> workload.standbyReplicas();
            case ZERO -> 0;
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReplicaLevel parse(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "active" -> ACTIVE;
            case "standby" -> STANDBY;
            case "zero" -> ZERO;
            default ->
                throw new IllegalArgumentException(
                        "replicas must be 'active', 'standby' or 'zero', not '" + value + "'");
        };
    }
}
