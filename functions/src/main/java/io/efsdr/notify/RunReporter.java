package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Publishes a run's notification and, when the run has ended, records its figures as metrics. */
public final class RunReporter {
    private final NotificationComposer composer;
    private final Notifier notifier;
    private final RunMetrics metrics;

    public RunReporter(NotificationComposer composer, Notifier notifier, RunMetrics metrics) {
        this.composer = composer;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    public NotifyResult report(NotifyRequest request) {
        NotificationComposer.Figures figures = request.plan() == null || request.run() == null
                ? new NotificationComposer.Figures(null, null, null)
                : composer.figures(request);
        Notification notification = composer.compose(request, figures);
        String messageId = notifier.publish(notification);
        String event = request.event().toUpperCase(Locale.ROOT);
        if (!event.equals("STARTED") && request.run() != null && !request.run().dryRun()) {
            metrics.record(request.run().workflow(), event, figuresOf(request, figures));
        }
        return new NotifyResult(
                messageId, notification.subject(), figures.rtoSeconds(), figures.dataLossWindowSeconds());
    }

    private static Map<String, Double> figuresOf(NotifyRequest request, NotificationComposer.Figures figures) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (figures.rtoSeconds() != null) {
            values.put("RtoSeconds", figures.rtoSeconds().doubleValue());
        }
        if (figures.dataLossWindowSeconds() != null) {
            values.put("DataLossWindowSeconds", figures.dataLossWindowSeconds().doubleValue());
        }
        if (figures.writeStopSeconds() != null) {
            values.put("WriteStopSeconds", figures.writeStopSeconds().doubleValue());
        }
        if (request.steps() != null) {
            JsonNode scale = request.steps().get("scale");
            if (scale != null) {
                values.put("WorkloadsScaled", scale.path("scaled").asDouble(0));
            }
            NotificationComposer.stepSeconds(request.steps())
                    .forEach((key, seconds) -> values.put(
                            "Step" + Character.toUpperCase(key.charAt(0)) + key.substring(1) + "Seconds", seconds));
        }
        return values;
    }
}
