package io.efsdr.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import io.efsdr.plan.WorkloadResolution;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resolving the plan's workloads is a step the handler takes itself ({@code resolvedBy}); nothing
 * resolves them behind its back, and a set left unresolved cannot be acted on.
 */
class ResolvedWorkloadsTest {
    private static final Workload FOUND = new Workload("shop", WorkloadKind.Deployment, "found-by-selector", 2, 0);

    private final List<String> askedClusters = new ArrayList<>();
    private final WorkloadResolution resolution = new WorkloadResolution((site, selector) -> {
        askedClusters.add(site.clusterName());
        return List.of(FOUND);
    });

    private static Requests.Step step(boolean withSelector) throws IOException {
        try (InputStream in = ResolvedWorkloadsTest.class.getResourceAsStream("/priming/state.json")) {
            ObjectNode state = (ObjectNode) Json.MAPPER.readTree(in);
            if (withSelector) {
                ObjectNode selector = ((ObjectNode) state.path("plan").path("workloads")).putObject("selector");
                selector.putArray("namespaces").add("shop");
                selector.putObject("matchLabels").put("app.kubernetes.io/part-of", "shop");
            }
            return Json.MAPPER.treeToValue(state, Requests.Step.class);
        }
    }

    @Test
    void list_whenTheHandlerDidNotResolveASelector_refusesToAct() throws IOException {
        Requests.Step asked = step(true);

        assertThrows(IllegalStateException.class, () -> asked.plan().workloads().list());
        assertEquals(List.of(), askedClusters, "nothing resolved it on the way in");
    }

    @Test
    void resolvedBy_whenThePlanHasASelector_asksTheDrClusterOnceAndCarriesWhatItFound() throws IOException {
        Requests.Step resolved = step(true).resolvedBy(resolution);

        assertEquals(
                List.of("orders-db", "web", "found-by-selector"),
                resolved.plan().workloads().list().stream().map(Workload::name).toList());
        assertEquals(List.of("shop-dr"), askedClusters);
    }

    @Test
    void resolvedBy_whenThePlanCarriesItsWorkloads_asksNoOneAndChangesNothing() throws IOException {
        Requests.Step asked = step(false);

        assertEquals(asked, asked.resolvedBy(resolution));
        assertEquals(List.of(), askedClusters);
    }
}
