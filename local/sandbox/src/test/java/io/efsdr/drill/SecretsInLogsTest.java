package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.config.Json;
import io.efsdr.eks.EksTokenProvider;
import io.efsdr.sandbox.Sandbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The EKS token and the credentials stay in memory: a whole failover, logged at DEBUG (the SDK's
 * wire logs included), leaves no token in any log line, notification, step result or report.
 */
class SecretsInLogsTest {

    /** Keeps every formatted log line, from every logger. */
    private static final class Capture extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " " + event.getThrown()));
        }
    }

    @Test
    void failover_loggedAtDebug_neverWritesTheTokenOrTheSecretKey() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Capture capture = new Capture();
        capture.start();
        List<LoggerConfig> loggers = List.of(configuration.getRootLogger(), configuration.getLoggerConfig("io.efsdr"));
        List<Level> previous = loggers.stream().map(LoggerConfig::getLevel).toList();
        loggers.forEach(logger -> {
            logger.addAppender(capture, Level.ALL, null);
            logger.setLevel(Level.DEBUG);
        });
        context.updateLoggers();
        DrillReport report;
        try (DrillHarness h = new DrillHarness("{}")) {
            report = h.failover();
            String everything = String.join("\n", capture.lines) + Json.MAPPER.writeValueAsString(report) + h.printed();

            assertEquals("SUCCEEDED", report.status(), h.printed());
            assertTrue(h.sandbox.drCluster().calls().size() > 0, "the DR cluster was called with tokens");
            assertTrue(capture.lines.size() > 50, "DEBUG logging was captured: " + capture.lines.size() + " lines");
            assertFalse(
                    everything.contains(EksTokenProvider.PREFIX),
                    "a token reached a log line, a notification or the report");
            assertFalse(everything.contains(Sandbox.SECRET_KEY), "the secret key reached a log line or the report");
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).removeAppender("capture");
                loggers.get(i).setLevel(previous.get(i));
            }
            context.updateLoggers();
            capture.stop();
        }
    }
}
