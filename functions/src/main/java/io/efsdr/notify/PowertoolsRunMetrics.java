package io.efsdr.notify;

import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Emits run figures as CloudWatch embedded metrics through Powertools (functional API). */
public final class PowertoolsRunMetrics implements RunMetrics {
    @Override
    public void record(String workflow, String outcome, Map<String, Double> figures) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Workflow", workflow, "Outcome", outcome));
            figures.forEach((name, value) -> m.addMetric(name, value, unitOf(name)));
        });
    }

    @Override
    public void gauges(String workflow, Map<String, Double> values) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Workflow", workflow));
            values.forEach((name, value) -> m.addMetric(name, value, MetricUnit.NONE));
        });
    }

    private static MetricUnit unitOf(String name) {
        if (name.endsWith("Seconds")) {
            return MetricUnit.SECONDS;
        }
        return MetricUnit.COUNT;
    }
}
