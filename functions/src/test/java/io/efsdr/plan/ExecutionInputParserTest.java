package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.efsdr.config.Json;
import io.efsdr.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionInputParserTest {
    private static final Workload ORDERS_DB = new Workload("shop", WorkloadKind.StatefulSet, "orders-db", 1, 0);
    private static final Workload WEB = new Workload("shop", WorkloadKind.Deployment, "web", 3, 0);
    private static final Workload WEB_SET = new Workload("shop", WorkloadKind.StatefulSet, "web", 1, 0);
    private static final Workload CART = new Workload("cart", WorkloadKind.Deployment, "web", 2, 0);

    private final ExecutionInputParser parser = new ExecutionInputParser();

    @Test
    void parse_whenInputIsNull_expectDefaults() {
        ExecutionInput input = parser.parse(null);

        assertEquals(new ExecutionInput(null, false, List.of(), null), input);
    }

    @Test
    void parse_whenInputIsJsonNull_expectDefaults() {
        ExecutionInput input = parser.parse(NullNode.getInstance());

        assertEquals(new ExecutionInput(null, false, List.of(), null), input);
    }

    @Test
    void parse_whenInputIsComplete_expectEveryField() {
        ExecutionInput input =
                parser.parse(json("{\"reason\": \"us-east-1 is down\", \"dryRun\": true, \"workloads\": [\"shop/web\"],"
                        + " \"trigger\": {\"alarmName\": \"shop-primary-unhealthy\", \"stateChangeTime\": "
                        + "\"2026-11-25T03:00:12Z\"}}"));

        assertEquals(
                new ExecutionInput("us-east-1 is down", true, List.of("shop/web"), "shop-primary-unhealthy"), input);
    }

    @Test
    void parse_whenDryRunIsMisspelt_expectRejectionNamingTheField() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> parser.parse(json("{\"dryrun\": true}")));

        assertTrue(e.getMessage().contains("input.dryrun: is not a known field"), e.getMessage());
    }

    @Test
    void parse_whenDryRunIsAString_expectRejection() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> parser.parse(json("{\"dryRun\": \"true\"}")));

        assertTrue(e.getMessage().contains("input.dryRun: must be true or false"), e.getMessage());
    }

    @Test
    void parse_whenInputIsNotAnObject_expectRejection() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parser.parse(json("[true]")));

        assertTrue(e.getMessage().startsWith("input: must be a JSON object"), e.getMessage());
    }

    @Test
    void parse_whenWorkloadsIsEmpty_expectRejection() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> parser.parse(json("{\"workloads\": []}")));

        assertTrue(e.getMessage().contains("input.workloads: "), e.getMessage());
    }

    @Test
    void parse_whenAWorkloadNameHasNoNamespace_expectRejectionNamingTheItem() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> parser.parse(json("{\"workloads\": [\"shop/web\", \"web\"]}")));

        assertTrue(e.getMessage().contains("input.workloads[1]: "), e.getMessage());
    }

    @Test
    void parse_whenAWorkloadIsNamedTwice_expectRejection() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> parser.parse(json("{\"workloads\": [\"shop/web\", \"shop/web\"]}")));

        assertTrue(e.getMessage().contains("input.workloads[1]: duplicates"), e.getMessage());
    }

    @Test
    void parse_whenTriggerHasNoAlarmName_expectRejection() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> parser.parse(json("{\"trigger\": {}}")));

        assertTrue(e.getMessage().contains("input.trigger.alarmName: "), e.getMessage());
    }

    @Test
    void select_whenNoNamesAreGiven_expectEveryWorkload() {
        List<Workload> all = List.of(ORDERS_DB, WEB);

        assertSame(all, ExecutionInputParser.select(all, List.of()));
    }

    @Test
    void select_whenNamedByNamespaceAndName_expectThatWorkload() {
        List<Workload> selected = ExecutionInputParser.select(List.of(ORDERS_DB, WEB, CART), List.of("shop/web"));

        assertEquals(List.of(WEB), selected);
    }

    @Test
    void select_whenNamedByNamespaceKindAndName_expectThatWorkload() {
        List<Workload> selected = ExecutionInputParser.select(
                List.of(ORDERS_DB, WEB, WEB_SET), List.of("shop/StatefulSet/web", "shop/orders-db"));

        assertEquals(List.of(WEB_SET, ORDERS_DB), selected);
    }

    @Test
    void select_whenBothFormsNameTheSameWorkload_expectItOnce() {
        List<Workload> selected =
                ExecutionInputParser.select(List.of(ORDERS_DB, WEB), List.of("shop/web", "shop/Deployment/web"));

        assertEquals(List.of(WEB), selected);
    }

    @Test
    void select_whenNameIsUnknown_expectRejection() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ExecutionInputParser.select(List.of(ORDERS_DB, WEB), List.of("shop/web", "shop/payments")));

        assertTrue(
                e.getMessage().contains("input.workloads[1]: 'shop/payments' is not a workload of the plan"),
                e.getMessage());
    }

    @Test
    void select_whenKindDoesNotMatch_expectRejection() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ExecutionInputParser.select(List.of(ORDERS_DB, WEB), List.of("shop/StatefulSet/web")));

        assertTrue(e.getMessage().contains("input.workloads[0]: "), e.getMessage());
    }

    @Test
    void select_whenNameIsAmbiguous_expectRejectionAskingForTheKind() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ExecutionInputParser.select(List.of(WEB, WEB_SET), List.of("shop/web")));

        assertAll(
                () -> assertTrue(
                        e.getMessage().contains("input.workloads[0]: 'shop/web' is ambiguous"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains("namespace/Kind/name"), e.getMessage()));
    }

    @Test
    void parse_whenDryRunIsFalse_expectLiveRun() {
        ExecutionInput input = parser.parse(json("{\"dryRun\": false, \"reason\": \"drill\"}"));

        assertAll(
                () -> assertFalse(input.dryRun()),
                () -> assertNull(input.alarmName()),
                () -> assertEquals("drill", input.reason()));
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
