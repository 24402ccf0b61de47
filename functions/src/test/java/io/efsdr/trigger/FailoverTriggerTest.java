package io.efsdr.trigger;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.config.Settings;
import io.efsdr.error.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailoverTriggerTest {
    private static final Instant CHANGED_AT = Instant.parse("2026-11-25T03:00:12.483Z");
    private static final String ALARM = "shop-primary-unhealthy";
    private static final Settings ENABLED = Settings.fromMap(Map.of(
            "AWS_REGION", "us-west-2",
            "FAILOVER_STATE_MACHINE_ARN", "arn:aws:states:us-west-2:123456789012:stateMachine:x"));
    private static final Settings DISABLED = Settings.fromMap(Map.of(
            "AWS_REGION", "us-west-2",
            "FAILOVER_STATE_MACHINE_ARN", "arn:aws:states:us-west-2:123456789012:stateMachine:x",
            "AUTO_FAILOVER", "disabled"));

    @Test
    void executionName_whenSameAlarmAndTime_expectSameName() {
        assertEquals(
                FailoverTrigger.executionName(ALARM, CHANGED_AT), FailoverTrigger.executionName(ALARM, CHANGED_AT));
    }

    @Test
    void executionName_whenTimeDiffers_expectDifferentNames() {
        assertAll(
                () -> assertNotEquals(
                        FailoverTrigger.executionName(ALARM, CHANGED_AT),
                        FailoverTrigger.executionName(ALARM, CHANGED_AT.plusSeconds(60))),
                () -> assertNotEquals(
                        FailoverTrigger.executionName(ALARM, CHANGED_AT),
                        FailoverTrigger.executionName(ALARM, CHANGED_AT.plusMillis(1))));
    }

    @Test
    void executionName_whenAlarmIsShort_expectReadableName() {
        assertEquals(
                "alarm-shop-primary-unhealthy-20261125030012483-",
                FailoverTrigger.executionName(ALARM, CHANGED_AT).substring(0, 47));
    }

    @Test
    void executionName_whenAlarmIsLongWithSpacesAndSlashes_expectAtMost80AllowedCharacters() {
        String alarm = ("shop / primary region unhealthy: " + "x".repeat(300)).substring(0, 255);

        String name = FailoverTrigger.executionName(alarm, CHANGED_AT);

        assertAll(() -> assertTrue(name.length() <= 80, name), () -> assertTrue(name.matches("[A-Za-z0-9_-]+"), name));
    }

    @Test
    void executionName_whenTimeHasNanoseconds_expectAtMost80Characters() {
        String name = FailoverTrigger.executionName("a".repeat(255), Instant.parse("2026-11-25T03:00:12.123456789Z"));

        assertAll(() -> assertTrue(name.length() <= 80, name), () -> assertTrue(name.matches("[A-Za-z0-9_-]+"), name));
    }

    @Test
    void executionName_whenNonAsciiAlarmName_expectOnlyAllowedCharacters() {
        String name = FailoverTrigger.executionName("café ünhealthy 🚨 <prod>", CHANGED_AT);

        assertTrue(name.matches("[A-Za-z0-9_-]+"), name);
    }

    @Test
    void executionName_whenLongNamesDifferOnlyAtTheEnd_expectDifferentNames() {
        String prefix = "shop-primary-region-unhealthy-" + "y".repeat(200);

        assertNotEquals(
                FailoverTrigger.executionName(prefix + "-a", CHANGED_AT),
                FailoverTrigger.executionName(prefix + "-b", CHANGED_AT));
    }

    @Test
    void executionName_whenNamesDifferOnlyInDisallowedCharacters_expectDifferentNames() {
        assertNotEquals(
                FailoverTrigger.executionName("shop/primary", CHANGED_AT),
                FailoverTrigger.executionName("shop primary", CHANGED_AT));
    }

    static Stream<Arguments> badEvents() {
        return Stream.of(
                Arguments.of(
                        "wrong source", event(e -> {}, "aws.events", "CloudWatch Alarm State Change"), "event.source"),
                Arguments.of(
                        "wrong detail-type",
                        event(e -> {}, "aws.cloudwatch", "EC2 Instance State-change Notification"),
                        "event.detail-type"),
                Arguments.of("state OK", event(d -> state(d).put("value", "OK")), "event.detail.state.value"),
                Arguments.of(
                        "state INSUFFICIENT_DATA",
                        event(d -> state(d).put("value", "INSUFFICIENT_DATA")),
                        "event.detail.state.value"),
                Arguments.of("state missing", event(d -> d.remove("state")), "event.detail.state.value"),
                Arguments.of("missing alarmName", event(d -> d.remove("alarmName")), "event.detail.alarmName"),
                Arguments.of("blank alarmName", event(d -> d.put("alarmName", " ")), "event.detail.alarmName"),
                Arguments.of(
                        "bad timestamp",
                        event(d -> state(d).put("timestamp", "yesterday at noon")),
                        "event.detail.state.timestamp"),
                Arguments.of(
                        "missing detail",
                        new AlarmEvent(
                                "id",
                                "CloudWatch Alarm State Change",
                                "aws.cloudwatch",
                                "123456789012",
                                "2026-11-25T03:00:12Z",
                                "us-west-2",
                                null),
                        "event.detail"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void start_whenEventIsInvalid_expectInvalidInputExceptionBeforeAnyCall(
            String description, AlarmEvent event, String field) {
        FailoverTrigger trigger = new FailoverTrigger(null, ENABLED);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> trigger.start(event));

        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void start_whenAutoFailoverIsDisabled_expectDisabledWithoutCallingStepFunctions() {
        FailoverTrigger trigger = new FailoverTrigger(null, DISABLED);

        TriggerResult result = trigger.start(event(d -> {}));

        assertAll(
                () -> assertEquals(TriggerOutcome.DISABLED, result.outcome()),
                () -> assertEquals(FailoverTrigger.executionName(ALARM, CHANGED_AT), result.executionName()),
                () -> assertNull(result.executionArn()),
                () -> assertTrue(result.detail().contains(ALARM), result.detail()));
    }

    @Test
    void start_whenTimestampIsMissing_expectEventTimeUsed() {
        FailoverTrigger trigger = new FailoverTrigger(null, DISABLED);

        TriggerResult result = trigger.start(event(d -> state(d).remove("timestamp")));

        assertEquals(
                FailoverTrigger.executionName(ALARM, Instant.parse("2026-11-25T03:00:12Z")), result.executionName());
    }

    @Test
    void start_whenTimestampHasAColonInItsOffset_expectSameNameAsWithout() {
        FailoverTrigger trigger = new FailoverTrigger(null, DISABLED);

        TriggerResult result = trigger.start(event(d -> state(d).put("timestamp", "2026-11-25T05:00:12.483+02:00")));

        assertEquals(FailoverTrigger.executionName(ALARM, CHANGED_AT), result.executionName());
    }

    private static AlarmEvent event(Consumer<ObjectNode> detailChange) {
        return event(detailChange, "aws.cloudwatch", "CloudWatch Alarm State Change");
    }

    private static AlarmEvent event(Consumer<ObjectNode> detailChange, String source, String detailType) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("alarmName", ALARM);
        detail.putObject("state")
                .put("value", "ALARM")
                .put("reason", "Threshold Crossed")
                .put("timestamp", "2026-11-25T03:00:12.483+0000");
        detailChange.accept(detail);
        return new AlarmEvent(
                "7bf73129-1428-4cd3-a780-95db273d1602",
                detailType,
                source,
                "123456789012",
                "2026-11-25T03:00:12Z",
                "us-west-2",
                detail);
    }

    private static ObjectNode state(ObjectNode detail) {
        return (ObjectNode) detail.get("state");
    }
}
