package io.efsdr.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @Test
    void fromMap_whenOnlyRegionIsSet_expectDefaults() {
        Settings settings = Settings.fromMap(Map.of("AWS_REGION", "us-west-2"));

        assertAll(
                () -> assertEquals("us-west-2", settings.region()),
                () -> assertEquals("/efs-dr/plan", settings.planParameterName()),
                () -> assertNull(settings.topicArn()),
                () -> assertNull(settings.failoverStateMachineArn()),
                () -> assertEquals(Settings.AutoFailover.ENABLED, settings.autoFailover()),
                () -> assertEquals(Duration.ofSeconds(20), settings.awsCallTimeout()));
    }

    @Test
    void fromMap_whenEverythingIsSet_expectEveryValue() {
        Settings settings = Settings.fromMap(Map.of(
                "AWS_REGION", "us-west-2",
                "PLAN_PARAMETER_NAME", "/shop/dr-plan",
                "TOPIC_ARN", "arn:aws:sns:us-west-2:123456789012:dr",
                "FAILOVER_STATE_MACHINE_ARN", "arn:aws:states:us-west-2:123456789012:stateMachine:x",
                "AUTO_FAILOVER", "Disabled",
                "AWS_CALL_TIMEOUT_SECONDS", " 45 "));

        assertAll(
                () -> assertEquals("/shop/dr-plan", settings.planParameterName()),
                () -> assertEquals("arn:aws:sns:us-west-2:123456789012:dr", settings.requireTopicArn()),
                () -> assertEquals(
                        "arn:aws:states:us-west-2:123456789012:stateMachine:x",
                        settings.requireFailoverStateMachineArn()),
                () -> assertEquals(Settings.AutoFailover.DISABLED, settings.autoFailover()),
                () -> assertEquals(Duration.ofSeconds(45), settings.awsCallTimeout()));
    }

    @Test
    void fromMap_whenOnlyDefaultRegionIsSet_expectItUsed() {
        Settings settings = Settings.fromMap(Map.of("AWS_DEFAULT_REGION", "eu-west-1"));

        assertEquals("eu-west-1", settings.region());
    }

    @Test
    void fromMap_whenRegionIsMissing_expectFailureNamingAwsRegion() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Settings.fromMap(Map.of("AWS_REGION", " ")));

        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }

    @ParameterizedTest(name = "AUTO_FAILOVER={0}")
    @ValueSource(strings = {"yes", "true", "off", "enable"})
    void fromMap_whenAutoFailoverIsUnknown_expectFailureNamingTheVariable(String value) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Settings.fromMap(Map.of("AWS_REGION", "us-west-2", "AUTO_FAILOVER", value)));

        assertTrue(
                e.getMessage().contains("AUTO_FAILOVER") && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "AWS_CALL_TIMEOUT_SECONDS={0}")
    @ValueSource(strings = {"0", "-5", "twenty", "1.5", "99999999999999999999"})
    void fromMap_whenCallTimeoutIsNotAPositiveInteger_expectFailureNamingTheVariable(String value) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Settings.fromMap(Map.of("AWS_REGION", "us-west-2", "AWS_CALL_TIMEOUT_SECONDS", value)));

        assertTrue(e.getMessage().contains("AWS_CALL_TIMEOUT_SECONDS"), e.getMessage());
    }

    @Test
    void requireTopicArn_whenNotSet_expectInvalidInputExceptionNamingTheVariable() {
        Settings settings = Settings.fromMap(Map.of("AWS_REGION", "us-west-2"));

        InvalidInputException e = assertThrows(InvalidInputException.class, settings::requireTopicArn);

        assertTrue(e.getMessage().contains("TOPIC_ARN"), e.getMessage());
    }

    @Test
    void requireFailoverStateMachineArn_whenNotSet_expectInvalidInputExceptionNamingTheVariable() {
        Settings settings = Settings.fromMap(Map.of("AWS_REGION", "us-west-2"));

        InvalidInputException e = assertThrows(InvalidInputException.class, settings::requireFailoverStateMachineArn);

        assertTrue(e.getMessage().contains("FAILOVER_STATE_MACHINE_ARN"), e.getMessage());
    }

    @Test
    void fromMap_whenDefaultLocaleIsTurkish_expectUpperCaseDisabledAccepted() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));

            Settings settings = Settings.fromMap(Map.of("AWS_REGION", "us-west-2", "AUTO_FAILOVER", "DISABLED"));

            assertEquals(Settings.AutoFailover.DISABLED, settings.autoFailover());
        } finally {
            Locale.setDefault(saved);
        }
    }
}
