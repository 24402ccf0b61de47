package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The linters the deployment depends on, and the one-SDK-version rule. */
class LintTest {
    /** SDK modules the registry serves only at an older version than the BOM's (see functions/pom.xml). */
    private static final Map<String, String> OLDER_SDK_MODULES = Map.of("efs", "2.41.24");

    private static final Pattern SDK_JAR = Pattern.compile(".*/software/amazon/awssdk/([^/]+)/([^/]+)/[^/]+\\.jar$");

    private static Path projectRoot() {
        String root = System.getProperty("project.root");
        assertNotNull(root, "system property project.root is set by surefire (local/sandbox/pom.xml)");
        return Path.of(root).toAbsolutePath().normalize();
    }

    /**
     * local/lint runs cfn-lint on template.yaml and on each state machine's definition inline; any
     * finding, or a missing cfn-lint, fails it (and this test) with cfn-lint's own message.
     */
    @Test
    void cfnLint_whenRunOnTemplateAndStateMachines_findsNothing() throws IOException, InterruptedException {
        Path script = projectRoot().resolve("local/lint");
        assertTrue(Files.isExecutable(script), "local/lint does not exist or is not executable");
        Path log = Files.createTempFile("cfn-lint", ".log");
        Process process = new ProcessBuilder(script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "local/lint did not finish within 5 minutes");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertEquals(0, process.exitValue(), "local/lint failed:\n" + output);
    }

    /** Every AWS SDK module on the classpath is the BOM's version, except the ones named above. */
    @Test
    void sdkModules_whenResolved_shareTheBomVersion() {
        Map<String, String> versions = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher jar = SDK_JAR.matcher(entry.replace(File.separatorChar, '/'));
            if (jar.matches()) {
                versions.put(jar.group(1), jar.group(2));
            }
        }
        assertTrue(versions.containsKey("sdk-core"), "no AWS SDK jar on the classpath: " + versions);
        String bom = versions.get("sdk-core");
        TreeSet<String> off = new TreeSet<>();
        versions.forEach((module, version) -> {
            String expected = OLDER_SDK_MODULES.getOrDefault(module, bom);
            if (!expected.equals(version)) {
                off.add(module + " " + version + " (expected " + expected + ")");
            }
        });
        assertEquals(new TreeSet<>(List.of()), off, "SDK modules off the BOM version " + bom);
        OLDER_SDK_MODULES.forEach((module, version) -> assertEquals(
                version,
                versions.get(module),
                module + " is pinned below the BOM; if the registry now serves " + bom
                        + ", drop the pin (functions/pom.xml, local/sandbox/pom.xml, bench/pom.xml) and this entry"));
    }
}
