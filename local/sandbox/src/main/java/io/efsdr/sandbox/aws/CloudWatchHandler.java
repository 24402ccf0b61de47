package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch {@code GetMetricData} over the AWS Query protocol (form-encoded POST, XML answers;
 * signing name {@code monitoring}), after the CloudWatch API Reference, "GetMetricData": {@code
 * MetricDataQueries.member.N} with {@code Id} and a {@code MetricStat} ({@code Metric.Namespace},
 * {@code Metric.MetricName}, {@code Metric.Dimensions.member.K.Name/Value}, {@code Period}, {@code
 * Stat}), {@code ReturnData} (default true); {@code StartTime} inclusive and rounded down to the
 * minute ("Start time less than 15 days ago - Round down to the nearest whole minute"), {@code
 * EndTime} exclusive; {@code ScanBy} {@code TimestampDescending} (the default) or {@code
 * TimestampAscending}. The answer lists, per query, {@code Id}, {@code Label}, {@code Timestamps},
 * {@code Values} and {@code StatusCode Complete}; the datapoints come from {@link CloudWatchModel}
 * (the {@code AWS/EFS} metrics the sandbox's own records make). Metric math ({@code Expression}) is
 * not served. Only the Query protocol is: a request in RPC v2 CBOR or JSON (the aws CLI's and the
 * SDKs' newer choice) gets the unknown-operation error in its own format, as every operation but
 * GetMetricData does.
 */
final class CloudWatchHandler extends QueryService {
    static final String NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private final CloudWatchModel model;

    /** CloudWatch API Reference, "Common Errors": {@code Throttling} (400). */
    CloudWatchHandler(CloudWatchModel model) {
        super(
                "monitoring",
                "CloudWatch",
                NS,
                new FaultAnswers(
                        new ServiceError(400, "Throttling", "Rate exceeded"),
                        new ServiceError(500, "InternalServiceError", "Internal failure (injected)")));
        this.model = model;
        operations(op("GetMetricData", READ, this::getMetricData));
    }

    /** Only the query protocol is served (see above). */
    @Override
    boolean queryOnly() {
        return true;
    }

    private String getMetricData(AwsRequest request, Map<String, String> params) {
        Instant start = time(params, "StartTime").truncatedTo(ChronoUnit.MINUTES);
        Instant end = time(params, "EndTime");
        if (!start.isBefore(end)) {
            throw new ServiceError(
                    400, "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        }
        String scanBy = params.getOrDefault("ScanBy", "TimestampDescending");
        if (!scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw new ServiceError(400, "ValidationError", "ScanBy must be TimestampDescending or TimestampAscending");
        }
        StringBuilder xml = new StringBuilder("<MetricDataResults>");
        List<Map<String, String>> queries = queries(params);
        if (queries.isEmpty()) {
            throw new ServiceError(
                    400, "MissingParameter", "The request must contain the parameter MetricDataQueries.");
        }
        for (Map<String, String> query : queries) {
            String id = required(query, "Id");
            if (query.containsKey("Expression")) {
                throw new ServiceError(
                        400, "InvalidParameterValue", "metric math (Expression) is not served by the sandbox");
            }
            String metricName = required(query, "MetricStat.Metric.MetricName");
            long period = period(required(query, "MetricStat.Period"));
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (int k = 1; query.containsKey("MetricStat.Metric.Dimensions.member." + k + ".Name"); k++) {
                dimensions.put(
                        query.get("MetricStat.Metric.Dimensions.member." + k + ".Name"),
                        query.getOrDefault("MetricStat.Metric.Dimensions.member." + k + ".Value", ""));
            }
            List<CloudWatchModel.Datapoint> points = new ArrayList<>(model.datapoints(
                    request.region(),
                    query.getOrDefault("MetricStat.Metric.Namespace", ""),
                    metricName,
                    dimensions,
                    required(query, "MetricStat.Stat"),
                    period,
                    start,
                    end));
            points.sort(Comparator.comparing(CloudWatchModel.Datapoint::periodStart));
            if (scanBy.equals("TimestampDescending")) {
                points = points.reversed();
            }
            if ("false".equalsIgnoreCase(query.get("ReturnData"))) {
                continue;
            }
            xml.append("<member>").append(Xml.element("Id", id)).append(Xml.element("Label", metricName));
            xml.append("<Timestamps>");
            points.forEach(p -> xml.append(Xml.element("member", p.periodStart())));
            xml.append("</Timestamps><Values>");
            points.forEach(p -> xml.append(Xml.element("member", p.value())));
            xml.append("</Values>")
                    .append(Xml.element("StatusCode", "Complete"))
                    .append("</member>");
        }
        xml.append("</MetricDataResults><Messages/>");
        return xml.toString();
    }

    /** {@code MetricDataQueries.member.N.<rest>} as one map of {@code <rest>} per N, in order. */
    private static List<Map<String, String>> queries(Map<String, String> params) {
        List<Map<String, String>> queries = new ArrayList<>();
        for (int n = 1; ; n++) {
            String prefix = "MetricDataQueries.member." + n + ".";
            Map<String, String> query = new LinkedHashMap<>();
            params.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    query.put(key.substring(prefix.length()), value);
                }
            });
            if (query.isEmpty()) {
                return queries;
            }
            queries.add(query);
        }
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new ServiceError(
                    400, "MissingParameter", "The parameter MetricDataQueries." + name + " is required.");
        }
        return value;
    }

    /**
     * CloudWatch API Reference, MetricStat: "For metrics with regular resolution, a period can be as short
     * as one minute (60 seconds) and must be a multiple of 60."
     */
    private static long period(String text) {
        try {
            long period = Long.parseLong(text);
            if (period >= 60 && period % 60 == 0) {
                return period;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ServiceError(
                400, "InvalidParameterValue", "The parameter Period must be a multiple of 60, not " + text);
    }

    private static Instant time(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            throw new ServiceError(400, "MissingParameter", "The request must contain the parameter " + name + ".");
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ServiceError(
                    400, "InvalidParameterValue", "The parameter " + name + " is not a timestamp: " + value);
        }
    }
}
