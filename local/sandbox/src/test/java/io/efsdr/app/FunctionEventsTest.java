package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.aws.AwsClients;
import io.efsdr.config.Settings;
import io.efsdr.handler.TypedHandler;
import io.efsdr.handler.Wiring;
import io.efsdr.notify.RunMetrics;
import io.efsdr.plan.SsmPlanSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every function in template.yaml has an event in events/ ({@code sam local invoke <Function> -e
 * events/<kebab-case name>.json}) that its Lambda entry point accepts: the event is read into the
 * handler's request type by {@link TypedHandler}'s own reader, the code the runtime runs before
 * the step. The step itself is not run (it would call AWS).
 */
class FunctionEventsTest {
    private static final Wiring OFFLINE = offline();
    private static Path projectRoot;
    private static Map<String, Object> template;

    @BeforeAll
    static void readTemplate() throws IOException {
        String root = System.getProperty("project.root");
        assertNotNull(root, "system property project.root is set by surefire (local/sandbox/pom.xml)");
        projectRoot = Path.of(root).toAbsolutePath().normalize();
        template = CloudFormationYaml.readTemplate(projectRoot.resolve("template.yaml"));
    }

    @Test
    void events_whenReadByEachFunctionsEntryPoint_parseAsItsRequest() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> functions = functions();
        assertTrue(!functions.isEmpty(), "no AWS::Serverless::Function in template.yaml");
        for (var function : functions.entrySet()) {
            Path event = projectRoot.resolve("events").resolve(eventName(function.getKey()));
            if (!Files.isRegularFile(event)) {
                problems.add(function.getKey() + ": no event " + projectRoot.relativize(event));
                continue;
            }
            String className =
                    String.valueOf(function.getValue().get("Handler")).split("::")[0];
            try {
                Object request = readAsTheEntryPointDoes(className, Files.readAllBytes(event));
                assertNotNull(request, function.getKey() + " read null from " + event.getFileName());
            } catch (RuntimeException e) {
                problems.add(function.getKey() + ": " + projectRoot.relativize(event) + " is not a valid request: "
                        + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eventName_whenFunctionIdGiven_isTheKebabCaseNameWithoutFunction() {
        assertEquals("check-failback-preconditions.json", eventName("CheckFailbackPreconditionsFunction"));
        assertEquals("start-failover.json", eventName("StartFailoverFunction"));
    }

    /**
     * {@code sam local invoke --env-vars events/env.json} can only set variables the template
     * declares, and cannot resolve references to resources (the topic, the approval function) by
     * itself: the file gives a value for every declared variable, the shared ones under
     * {@code Parameters} (SAM applies them to every function), the others under the function's id.
     */
    @Test
    @SuppressWarnings("unchecked")
    void envVars_whenGivenToSamLocalInvoke_setExactlyTheVariablesTheTemplateDeclares() throws IOException {
        Map<String, Object> env = CloudFormationYaml.readTemplate(projectRoot.resolve("events/env.json"));
        Map<String, Object> globals =
                (Map<String, Object>) ((Map<String, Object>) template.get("Globals")).get("Function");
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("Parameters", variables(globals));
        functions().forEach((id, properties) -> {
            Set<String> own = variables(properties);
            if (!own.isEmpty()) {
                expected.put(id, own);
            }
        });
        Map<String, Set<String>> actual = new TreeMap<>();
        env.forEach((key, value) -> actual.put(key, new TreeSet<>(((Map<String, Object>) value).keySet())));
        assertEquals(expected, actual);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        if (!(environment instanceof Map<?, ?> e) || !(e.get("Variables") instanceof Map<?, ?> variables)) {
            return new TreeSet<>();
        }
        return new TreeSet<>(((Map<String, Object>) variables).keySet());
    }

    static String eventName(String functionId) {
        String name = functionId.replaceFirst("Function$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT) + ".json";
    }

    /**
     * Calls TypedHandler's private reader on a handler built over a composition root whose clients
     * point at a closed loopback port: building it and reading call nothing.
     */
    private static Object readAsTheEntryPointDoes(String className, byte[] event) throws Exception {
        Class<?> type = Class.forName(className);
        Object handler = type.getConstructor(Wiring.class).newInstance(OFFLINE);
        Method read = TypedHandler.class.getDeclaredMethod("read", InputStream.class);
        read.setAccessible(true);
        try {
            return read.invoke(handler, new ByteArrayInputStream(event));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((id, resource) -> {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                found.put(id, (Map<String, Object>) r.get("Properties"));
            }
        });
        return found;
    }

    private static Wiring offline() {
        Settings settings = Settings.fromMap(Map.of("AWS_REGION", "us-west-2", "PLAN_PARAMETER_NAME", "/efs-dr/plan"));
        AwsClients aws = new AwsClients(
                Duration.ofSeconds(1),
                Optional.of(URI.create("http://127.0.0.1:9")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
        RunMetrics none = new RunMetrics() {
            @Override
            public void record(String workflow, String outcome, Map<String, Double> figures) {}

            @Override
            public void gauges(String workflow, Map<String, Double> values) {}
        };
        return new Wiring(
                settings,
                aws,
                Clock.systemUTC(),
                none,
                new SsmPlanSource(() -> aws.ssm("us-west-2"), "/efs-dr/plan", "us-west-2"));
    }
}
