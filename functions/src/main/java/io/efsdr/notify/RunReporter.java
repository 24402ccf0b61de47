package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.notify.sns.Notification;
import io.efsdr.notify.sns.Notifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Publishes a run's notification and, when the run has ended, writes its audit record and records
 * its figures as metrics. The audit write cannot fail the step: a problem is reported in the
 * notification and the result.
 */
public final class RunReporter {
    private final NotificationComposer composer;
    private final Notifier notifier;
    private final RunMetrics metrics;
    private final AuditArchive audit;

    public RunReporter(NotificationComposer composer, Notifier notifier, RunMetrics metrics) {
        this(composer, notifier, metrics, AuditArchive.disabled());
    }

    public RunReporter(NotificationComposer composer, Notifier notifier, RunMetrics metrics, AuditArchive audit) {
        this.composer = composer;
        this.notifier = notifier;
        this.metrics = metrics;
        this.audit = audit;
    }

    public NotifyResult report(NotifyRequest request) {
        NotificationComposer.Figures figures = request.plan() == null || request.run() == null
                ? new NotificationComposer.Figures(null, null, null)
                : composer.figures(request);
        Notification notification = composer.compose(request, figures);
        String event = request.event().toUpperCase(Locale.ROOT);
        AuditArchive.Outcome evidence = new AuditArchive.Outcome(List.of(), null);
        if (!event.equals("STARTED")) {
            evidence = audit.write(AuditRecord.ofRun(composer, request, figures, notification, request.approvals()));
            notification = audit.annotate(notification, evidence);
        }
        String messageId = notifier.publish(notification);
        if (!event.equals("STARTED") && request.run() != null && !request.run().dryRun()) {
            metrics.record(request.run().workflow(), event, figuresOf(request, figures));
        }
        return new NotifyResult(
                messageId,
                notification.subject(),
                figures.rtoSeconds(),
                figures.dataLossWindowSeconds(),
                evidence.keys(),
                evidence.problem());
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
            RunFacts.stepSeconds(request.steps())
                    .forEach((key, seconds) -> values.put(
                            "Step" + Character.toUpperCase(key.charAt(0)) + key.substring(1) + "Seconds", seconds));
        }
        return values;
    }
}
