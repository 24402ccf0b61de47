package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import io.efsdr.readiness.CheckResult;
import io.efsdr.readiness.CheckStatus;
import io.efsdr.readiness.ReadinessChecks;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's dashboard shows what the issue asks, under the metric names the code emits. */
class DashboardTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();

    @SuppressWarnings("unchecked")
    private static Set<String> dashboardMetrics() throws Exception {
        Map<String, Object> resources = (Map<String, Object>)
                CloudFormationYaml.readTemplate(ROOT.resolve("template.yaml")).get("Resources");
        List<Map<String, Object>> dashboards = resources.values().stream()
                .map(r -> (Map<String, Object>) r)
                .filter(r -> "AWS::CloudWatch::Dashboard".equals(r.get("Type")))
                .toList();
        assertEquals(1, dashboards.size(), "one dashboard");
        Map<String, Object> body =
                (Map<String, Object>) ((Map<String, Object>) dashboards.get(0).get("Properties")).get("DashboardBody");
        String template = (String) ((List<Object>) body.get("Fn::Sub")).get(0);
        JsonNode json = Json.MAPPER.readTree(template.replaceAll("\\$\\{[^}]+}", "x"));
        Set<String> metrics = new HashSet<>();
        for (JsonNode widget : json.get("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                metrics.add(metric.get(0).asText() + "/" + metric.get(1).asText());
            }
        }
        return metrics;
    }

    @Test
    void dashboard_showsReadinessByCheckLagLastRunsAndExecutions() throws Exception {
        Set<String> metrics = dashboardMetrics();

        for (String check : List.of(
                ReadinessChecks.REPLICATION,
                ReadinessChecks.DR_CLUSTER_ACCESS,
                ReadinessChecks.DR_STORAGE_CLASS,
                ReadinessChecks.DR_WORKLOADS,
                ReadinessChecks.ACCESS_POINTS,
                ReadinessChecks.ACTIVE_REGION)) {
            String name = new CheckResult(check, CheckStatus.OK, "").metricName();
            assertTrue(metrics.contains("EfsDr/" + name), "no widget for " + name + ": " + metrics);
        }
        for (String expected : List.of(
                "EfsDr/ReadinessOverall",
                "AWS/EFS/TimeSinceLastSync",
                "EfsDr/RtoSeconds",
                "EfsDr/DataLossWindowSeconds",
                "EfsDr/WriteStopSeconds",
                "AWS/States/ExecutionsFailed",
                "AWS/States/ExecutionsSucceeded")) {
            assertTrue(metrics.contains(expected), "no widget for " + expected + ": " + metrics);
        }
    }
}
