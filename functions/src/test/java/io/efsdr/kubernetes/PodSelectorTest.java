package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.efsdr.config.Json;
import io.efsdr.error.UnsafeStateException;
import org.junit.jupiter.api.Test;

class PodSelectorTest {
    @Test
    void labelSelector_whenMatchLabels_expectSortedEqualities() throws Exception {
        var selector =
                Json.MAPPER.readTree("{\"matchLabels\": {\"app\": \"web\", \"app.kubernetes.io/part-of\": \"shop\"}}");

        assertEquals("app=web,app.kubernetes.io/part-of=shop", PodSelector.labelSelector(selector));
    }

    @Test
    void labelSelector_whenMatchExpressions_expectSetBasedRequirements() throws Exception {
        var selector = Json.MAPPER.readTree("{\"matchLabels\": {\"app\": \"web\"}, \"matchExpressions\": ["
                + "{\"key\": \"tier\", \"operator\": \"In\", \"values\": [\"a\", \"b\"]},"
                + "{\"key\": \"canary\", \"operator\": \"DoesNotExist\"},"
                + "{\"key\": \"track\", \"operator\": \"NotIn\", \"values\": [\"beta\"]},"
                + "{\"key\": \"owner\", \"operator\": \"Exists\"}]}");

        assertEquals("app=web,tier in (a,b),!canary,track notin (beta),owner", PodSelector.labelSelector(selector));
    }

    @Test
    void labelSelector_whenUnknownOperator_expectRefusalNamingIt() throws Exception {
        var selector = Json.MAPPER.readTree(
                "{\"matchExpressions\": [{\"key\": \"tier\", \"operator\": \"Gt\", \"values\": [\"1\"]}]}");

        var error = assertThrows(UnsafeStateException.class, () -> PodSelector.labelSelector(selector));
        assertEquals(true, error.getMessage().contains("Gt"), error.getMessage());
    }
}
