package io.efsdr.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.properties.PropertiesConfiguration;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.Test;

/**
 * The packaged log configuration is a properties file (cheaper to start than XML). A typo there
 * would not fail anything: Log4j would fall back to its default, plain-text, errors-only console
 * and the Powertools JSON fields would be gone. This reads the file the functions ship and checks
 * what it sets up.
 */
class LoggingConfigurationTest {
    @Test
    void packagedConfiguration_setsUpPowertoolsJsonOnStdout() throws Exception {
        URI file = Objects.requireNonNull(
                        getClass().getResource("/log4j2.properties"), "log4j2.properties is not packaged")
                .toURI();
        try (LoggerContext context = new LoggerContext("packaged", null, file)) {
            context.start();
            Configuration configuration = context.getConfiguration();

            assertInstanceOf(PropertiesConfiguration.class, configuration, "the packaged file was not the one read");
            Appender appender = configuration.getAppender("JsonAppender");
            ConsoleAppender console = assertInstanceOf(ConsoleAppender.class, appender);
            assertEquals(ConsoleAppender.Target.SYSTEM_OUT, console.getTarget());
            assertInstanceOf(JsonTemplateLayout.class, console.getLayout());
            assertTrue(configuration.getLoggerConfig("io.efsdr").getAppenders().containsKey("JsonAppender"));
            assertEquals(
                    Level.toLevel(System.getenv().getOrDefault("POWERTOOLS_LOG_LEVEL", "INFO")),
                    configuration.getLoggerConfig("io.efsdr").getLevel(),
                    "io.efsdr logs at POWERTOOLS_LOG_LEVEL, INFO when it is unset");
            assertEquals(Level.WARN, configuration.getRootLogger().getLevel());
        }
    }
}
