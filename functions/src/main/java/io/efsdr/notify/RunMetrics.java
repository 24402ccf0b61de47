package io.efsdr.notify;

import java.util.Map;

/** Where a finished run's figures go (CloudWatch EMF through Powertools in AWS). */
public interface RunMetrics {
    /** Records figures for one run; names are metric names, values are in the unit the name says. */
    void record(String workflow, String outcome, Map<String, Double> figures);

    /**
     * Records gauges under the one dimension {@code Workflow}, whatever the outcome, so an alarm can
     * name them (the readiness checks: 1 = ready, 0 = not).
     */
    void gauges(String workflow, Map<String, Double> values);
}
