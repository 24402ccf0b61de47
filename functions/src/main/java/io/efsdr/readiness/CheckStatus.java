package io.efsdr.readiness;

/** How one readiness check came out; WARN still counts as ready. */
public enum CheckStatus {
    OK,
    WARN,
    FAIL;

    /** The worse of two statuses. */
    public CheckStatus worst(CheckStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The metric value: 1 when ready (OK or WARN), 0 when not. */
    public double metricValue() {
        return this == FAIL ? 0 : 1;
    }
}
