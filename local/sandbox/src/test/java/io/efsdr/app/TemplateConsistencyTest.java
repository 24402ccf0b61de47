package io.efsdr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.efsdr.handler.StepCatalogue;
import io.efsdr.handler.ValidatePlanHandler;
import io.efsdr.kubernetes.RequiredAccess;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that template.yaml, the state machine definitions, the Java handlers and
 * kubernetes/rbac.yaml agree with each other and with the least-privilege rules, so a mismatch is
 * caught here rather than by a failed deployment or, worse, a failover that stops half-way.
 */
class TemplateConsistencyTest {

    private static final String HANDLER_PACKAGE = "io.efsdr.handler.";
    private static final String ALIAS_NAME = "live";

    /** The functions the contract defines; a rename or a lost function fails here first. */
    /**
     * The wildcards a resource may have: any execution of one named state machine (execution names
     * are made per run, so the history of an execution that ended can only be granted so), the
     * audit objects under {@code runs/} of the stack's audit bucket (keys are made per run too), and
     * Route 53 changes (GetChange: a change id is made by the change it follows).
     */
    private static final Pattern EXECUTIONS_OF_ONE_MACHINE = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:states:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:execution:\\$\\{AWS::"
                    + "StackName}-[a-z]+:\\*");

    private static final String AUDIT_OBJECTS = "${AuditBucket.Arn}/runs/*";

    private static final String ROUTE53_CHANGES = "arn:${AWS::Partition}:route53:::change/*";

    /** The functions the one step catalogue lists (StepCatalogueTest checks their handlers and events). */
    private static final Set<String> EXPECTED_FUNCTIONS = Arrays.stream(StepCatalogue.Function.values())
            .map(StepCatalogue.Function::id)
            .collect(Collectors.toSet());

    /**
     * Actions that have no resource-level permissions, so IAM only accepts them with
     * {@code Resource: "*"}. Each entry says why it is needed at all.
     */
    private static final Map<String, String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = Map.ofEntries(
            Map.entry("logs:CreateLogDelivery", "Step Functions execution logging (vended logs)"),
            Map.entry("logs:GetLogDelivery", "Step Functions execution logging (vended logs)"),
            Map.entry("logs:UpdateLogDelivery", "Step Functions execution logging (vended logs)"),
            Map.entry("logs:DeleteLogDelivery", "Step Functions execution logging (vended logs)"),
            Map.entry("logs:ListLogDeliveries", "Step Functions execution logging (vended logs)"),
            Map.entry("logs:PutResourcePolicy", "Step Functions execution logging: log group resource policy"),
            Map.entry("logs:DescribeResourcePolicies", "Step Functions execution logging: log group resource policy"),
            Map.entry("logs:DescribeLogGroups", "Step Functions execution logging: destination lookup"),
            Map.entry("xray:PutTraceSegments", "X-Ray tracing (Tracing: Active / Enabled)"),
            Map.entry("xray:PutTelemetryRecords", "X-Ray tracing (Tracing: Active / Enabled)"),
            Map.entry("xray:GetSamplingRules", "X-Ray tracing: sampling rules"),
            Map.entry("xray:GetSamplingTargets", "X-Ray tracing: sampling targets"),
            Map.entry("states:SendTaskSuccess", "approval answers: the task token is the authorization"),
            Map.entry("states:SendTaskFailure", "approval answers: the task token is the authorization"),
            Map.entry("cloudwatch:GetMetricData", "the promote step's metric evidence: no resource-level permissions"));

    /** SAM policy templates allowed besides explicit statements; each is scoped by a parameter. */
    private static final Set<String> ALLOWED_SAM_POLICY_TEMPLATES = Set.of("LambdaInvokePolicy");

    private static final Pattern SECRET_LIKE_NAME =
            Pattern.compile("(?i)SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY");
    private static final Pattern SECRET_LIKE_VALUE =
            Pattern.compile("(?i)(SECRET|PASSWORD|PASSWD|TOKEN|KEY)\\s*[=:]|AKIA[0-9A-Z]{16}|-----BEGIN|\\bBearer\\s");
    private static final Pattern SUBSTITUTION_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");

    private static Path projectRoot;
    private static Map<String, Object> template;

    @BeforeAll
    static void readTemplate() throws IOException {
        String root = System.getProperty("project.root");
        assertNotNull(root, "system property project.root is set by surefire (local/sandbox/pom.xml)");
        projectRoot = Path.of(root).toAbsolutePath().normalize();
        template = CloudFormationYaml.readTemplate(projectRoot.resolve("template.yaml"));
    }

    // ---------------------------------------------------------------------------------------------
    // Functions and handlers
    // ---------------------------------------------------------------------------------------------

    @Test
    void functions_whenTemplateRead_areExactlyTheContractFunctionsWithHandlerStrings() {
        assertEquals(
                new TreeSet<>(EXPECTED_FUNCTIONS), new TreeSet<>(functions().keySet()));
        functions().forEach((logicalId, properties) -> {
            String handler = string(properties.get("Handler"), logicalId + ".Handler");
            String expected = HANDLER_PACKAGE + logicalId.replaceFirst("Function$", "Handler") + "::handleRequest";
            assertEquals(expected, handler, logicalId + " handler string");
        });
    }

    @Test
    void functions_whenHandlerClassesBuilt_existAndAreLambdaHandlers() {
        assertTrue(
                isOnClasspath(HANDLER_PACKAGE + "ValidatePlanHandler"),
                "Handler classes are not on the test classpath (io.efsdr.handler.ValidatePlanHandler is missing)");
        List<String> problems = new ArrayList<>();
        functions().forEach((logicalId, properties) -> {
            String className = string(properties.get("Handler"), logicalId).split("::")[0];
            try {
                Class<?> type = Class.forName(className, false, getClass().getClassLoader());
                boolean lambdaHandler = RequestStreamHandler.class.isAssignableFrom(type)
                        || RequestHandler.class.isAssignableFrom(type);
                if (!lambdaHandler) {
                    problems.add(className + " implements neither RequestStreamHandler nor RequestHandler");
                }
                if (Modifier.isAbstract(type.getModifiers())) {
                    problems.add(className + " is abstract");
                }
                type.getConstructor();
            } catch (ClassNotFoundException e) {
                problems.add(logicalId + ": class " + className + " not found");
            } catch (NoSuchMethodException e) {
                problems.add(className + " has no public no-arg constructor (Lambda needs one)");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void functions_whenPublished_useTheLiveAliasAndSnapStart() {
        Map<String, Object> globals = globalFunctionProperties();
        functions().forEach((logicalId, properties) -> {
            assertEquals(ALIAS_NAME, effective(globals, properties, "AutoPublishAlias"), logicalId);
            assertEquals(
                    Map.of("ApplyOn", "PublishedVersions"),
                    effective(globals, properties, "SnapStart"),
                    logicalId + " SnapStart");
        });
    }

    @Test
    void reservedConcurrency_whenDeclared_isReservedOnlyWhenTheParameterAsksForIt() {
        Map<String, Object> parameter = map(map(template.get("Parameters")).get("ReserveConcurrency"));
        assertEquals("false", String.valueOf(parameter.get("Default")), "ReserveConcurrency must default to off");
        assertEquals(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "ReserveConcurrency"), "true")),
                map(template.get("Conditions")).get("ReservesConcurrency"));
        List<String> problems = new ArrayList<>();
        Set<String> reserving = new TreeSet<>();
        functions().forEach((logicalId, properties) -> {
            Object reserved = properties.get("ReservedConcurrentExecutions");
            if (reserved == null) {
                return;
            }
            reserving.add(logicalId);
            List<Object> choice = reserved instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> l
                    ? new ArrayList<>(l)
                    : List.of();
            if (choice.size() != 3
                    || !"ReservesConcurrency".equals(choice.get(0))
                    || !(choice.get(1) instanceof Integer n && n >= 1)
                    || !Map.of("Ref", "AWS::NoValue").equals(choice.get(2))) {
                problems.add(logicalId
                        + ".ReservedConcurrentExecutions is not !If [ReservesConcurrency, <n>, !Ref AWS::NoValue]: "
                        + reserved);
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(Set.of("StartFailoverFunction", "RunReadinessChecksFunction"), reserving);
    }

    @Test
    void vpc_whenSubnetsAreGiven_putsEveryFunctionInThem() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        for (String name : List.of("SubnetIds", "SecurityGroupIds")) {
            assertEquals("CommaDelimitedList", map(parameters.get(name)).get("Type"), name);
            assertEquals("", map(parameters.get(name)).get("Default"), name + " default");
        }
        assertEquals(
                Map.of(
                        "Fn::Not",
                        List.of(Map.of(
                                "Fn::Equals",
                                List.of(Map.of("Fn::Join", List.of("", Map.of("Ref", "SubnetIds"))), "")))),
                map(template.get("Conditions")).get("RunsInVpc"));
        assertEquals(
                Map.of(
                        "Fn::If",
                        List.of(
                                "RunsInVpc",
                                Map.of(
                                        "SubnetIds",
                                        Map.of("Ref", "SubnetIds"),
                                        "SecurityGroupIds",
                                        Map.of("Ref", "SecurityGroupIds")),
                                Map.of("Ref", "AWS::NoValue"))),
                globalFunctionProperties().get("VpcConfig"));
        functions()
                .forEach((logicalId, properties) -> assertFalse(
                        properties.containsKey("VpcConfig"), logicalId + " overrides the global VpcConfig"));
    }

    @Test
    void readinessFunction_whenDeployed_isScheduledAlarmedAndMappedForKubernetes() {
        Map<String, Object> readiness = functions().get("RunReadinessChecksFunction");
        Map<String, Object> schedule =
                map(map(map(readiness.get("Events")).get("ReadinessSchedule")).get("Properties"));
        assertEquals(Map.of("Ref", "ReadinessSchedule"), schedule.get("Schedule"));
        assertEquals(
                "rate(30 minutes)",
                map(map(template.get("Parameters")).get("ReadinessSchedule")).get("Default"));
        boolean alarmed = resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                .anyMatch(alarm -> "ReadinessOverall".equals(alarm.get("MetricName"))
                        && "LessThanThreshold".equals(alarm.get("ComparisonOperator"))
                        && Integer.valueOf(1).equals(alarm.get("Threshold"))
                        && list(alarm.get("AlarmActions")).contains(Map.of("Ref", "NotificationTopic")));
        assertTrue(alarmed, "no alarm on ReadinessOverall < 1 notifying the topic");
        assertEquals(
                Map.of("Fn::GetAtt", List.of("RunReadinessChecksFunctionRole", "Arn")),
                map(map(template.get("Outputs")).get("RunReadinessChecksFunctionRoleArn"))
                        .get("Value"));
    }

    @Test
    void environment_whenVariablesDeclared_containNothingThatLooksLikeASecret() {
        Map<String, Map<String, Object>> sources = new LinkedHashMap<>();
        sources.put("Globals.Function", globalFunctionProperties());
        sources.putAll(functions());
        List<String> problems = new ArrayList<>();
        sources.forEach((owner, properties) -> variables(properties).forEach((name, value) -> {
            if (SECRET_LIKE_NAME.matcher(name).find()) {
                problems.add(owner + ": variable name " + name + " looks like a secret");
            }
            for (String literal : literals(value)) {
                if (SECRET_LIKE_VALUE.matcher(literal).find()) {
                    problems.add(owner + ": value of " + name + " looks like a secret");
                }
            }
        }));
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------
    // State machines
    // ---------------------------------------------------------------------------------------------

    @Test
    void stateMachines_whenDefinitionsExist_everyPlaceholderHasASubstitutionAndNoneIsUnused() throws IOException {
        Map<String, Map<String, Object>> machines = stateMachines();
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var entry : machines.entrySet()) {
            Path definition = projectRoot.resolve(string(entry.getValue().get("DefinitionUri"), entry.getKey()));
            if (!Files.exists(definition)) {
                problems.add(
                        entry.getKey() + ": DefinitionUri " + projectRoot.relativize(definition) + " does not exist");
                continue;
            }
            checked.add(entry.getKey());
            Set<String> placeholders = placeholders(Files.readString(definition, StandardCharsets.UTF_8));
            Set<String> substitutions =
                    map(entry.getValue().get("DefinitionSubstitutions")).keySet();
            for (String placeholder : placeholders) {
                if (!substitutions.contains(placeholder)) {
                    problems.add(entry.getKey() + ": ${" + placeholder + "} has no DefinitionSubstitutions key");
                }
            }
            for (String substitution : substitutions) {
                if (!placeholders.contains(substitution)) {
                    problems.add(entry.getKey() + ": substitution " + substitution + " is not used by "
                            + definition.getFileName());
                }
            }
        }
        assertTrue(!checked.isEmpty(), "No state machine definition file exists (statemachine/*.asl.json)");
        assertEquals(List.of(), problems);
    }

    @Test
    void stateMachines_whenDefinitionFilesExist_eachIsDeployedByTheTemplate() throws IOException {
        Path directory = projectRoot.resolve("statemachine");
        assertTrue(Files.isDirectory(directory), "statemachine/ does not exist");
        Set<Path> deployed = new LinkedHashSet<>();
        stateMachines()
                .forEach((id, properties) -> deployed.add(projectRoot
                        .resolve(string(properties.get("DefinitionUri"), id))
                        .normalize()));
        try (Stream<Path> files = Files.list(directory)) {
            List<String> orphans = files.filter(
                            file -> file.getFileName().toString().endsWith(".asl.json"))
                    .filter(file -> !deployed.contains(file.normalize()))
                    .map(file -> projectRoot.relativize(file).toString())
                    .sorted()
                    .toList();
            assertEquals(List.of(), orphans, "definitions without an AWS::Serverless::StateMachine in template.yaml");
        }
    }

    @Test
    void stateMachines_whenSubstitutingFunctions_pointAtExistingLiveAliasesThatTheyMayInvoke() {
        Map<String, Map<String, Object>> functions = functions();
        List<String> problems = new ArrayList<>();
        stateMachines().forEach((machine, properties) -> {
            Set<String> invokable = invokableFunctions(properties);
            map(properties.get("DefinitionSubstitutions")).forEach((key, value) -> {
                String aliasId = refTarget(value);
                String functionId = aliasId == null ? null : aliasId.replaceFirst("Alias" + ALIAS_NAME + "$", "");
                if (aliasId == null || !aliasId.endsWith("Alias" + ALIAS_NAME) || !functions.containsKey(functionId)) {
                    problems.add(machine + "." + key + " is not !Ref <Function>Alias" + ALIAS_NAME + ": " + value);
                    return;
                }
                if (!key.equals(functionId + "Arn")) {
                    problems.add(machine + "." + key + " should be named " + functionId + "Arn");
                }
                if (!invokable.contains(functionId)) {
                    problems.add(machine + " has no LambdaInvokePolicy for " + functionId);
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void stateMachines_whenDeployed_logToARetainedGroupAndTrace() {
        stateMachines().forEach((machine, properties) -> {
            Map<String, Object> logging = map(properties.get("Logging"));
            assertEquals("ALL", logging.get("Level"), machine + " logging level");
            assertInstanceOf(Boolean.class, logging.get("IncludeExecutionData"), machine + " IncludeExecutionData");
            Object destination = map(list(logging.get("Destinations")).get(0)).get("CloudWatchLogsLogGroup");
            String logGroup = getAttTarget(map(destination).get("LogGroupArn"));
            assertEquals("AWS::Logs::LogGroup", typeOf(logGroup), machine + " log destination");
            assertEquals(Map.of("Enabled", true), properties.get("Tracing"), machine + " tracing");
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Logs, topic, trigger
    // ---------------------------------------------------------------------------------------------

    @Test
    void logGroups_whenDeclared_haveRetentionAndEveryFunctionHasItsOwn() {
        List<String> withoutRetention = resourcesOfType("AWS::Logs::LogGroup").entrySet().stream()
                .filter(entry -> entry.getValue().get("RetentionInDays") == null)
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(List.of(), withoutRetention, "log groups without RetentionInDays");

        Map<String, Object> globals = globalFunctionProperties();
        Set<String> used = new LinkedHashSet<>();
        functions().forEach((logicalId, properties) -> {
            Map<String, Object> logging = new LinkedHashMap<>(map(globals.get("LoggingConfig")));
            logging.putAll(map(properties.get("LoggingConfig")));
            assertEquals("JSON", logging.get("LogFormat"), logicalId + " log format");
            String group = refTarget(logging.get("LogGroup"));
            assertEquals("AWS::Logs::LogGroup", typeOf(group), logicalId + " LoggingConfig.LogGroup");
            assertTrue(used.add(group), group + " is shared by more than one function");
        });
    }

    @Test
    void notificationTopic_whenCreated_isEncryptedWithARotatedCustomerKey() {
        Map<String, Map<String, Object>> topics = resourcesOfType("AWS::SNS::Topic");
        assertFalse(topics.isEmpty(), "no SNS topic");
        topics.forEach((topic, properties) -> {
            Object keyId = properties.get("KmsMasterKeyId");
            assertNotNull(keyId, topic + " has no KmsMasterKeyId");
            String key = refTarget(keyId);
            // A key named any other way (an alias, an ARN) cannot be checked for rotation here: refuse it.
            assertNotNull(key, topic + " KmsMasterKeyId must !Ref a key of this template: " + keyId);
            assertEquals("AWS::KMS::Key", typeOf(key), topic + " KmsMasterKeyId");
            assertEquals(true, properties(key).get("EnableKeyRotation"), key + " key rotation");
        });
    }

    @Test
    void alarmRule_whenMatchingEvents_filtersAlarmStateAndTheConfiguredAlarmNames() {
        Map<String, Map<String, Object>> rules = resourcesOfType("AWS::Events::Rule");
        assertEquals(1, rules.size(), "exactly one EventBridge rule");
        var rule = rules.entrySet().iterator().next();
        Map<String, Object> pattern = map(rule.getValue().get("EventPattern"));
        assertEquals(List.of("aws.cloudwatch"), pattern.get("source"));
        assertEquals(List.of("CloudWatch Alarm State Change"), pattern.get("detail-type"));
        Map<String, Object> detail = map(pattern.get("detail"));
        assertEquals(Map.of("Ref", "AlarmNames"), detail.get("alarmName"));
        assertEquals(Map.of("value", List.of("ALARM")), detail.get("state"));
        assertEquals(
                "CommaDelimitedList",
                map(map(template.get("Parameters")).get("AlarmNames")).get("Type"));

        Map<String, Object> target = map(list(rule.getValue().get("Targets")).get(0));
        assertEquals("StartFailoverFunctionAlias" + ALIAS_NAME, refTarget(target.get("Arn")), "rule target");
        assertNotNull(target.get("RetryPolicy"), "rule target RetryPolicy");
        String deadLetterQueue =
                getAttTarget(map(target.get("DeadLetterConfig")).get("Arn"));
        assertEquals("AWS::SQS::Queue", typeOf(deadLetterQueue), "rule target dead-letter queue");
        assertEquals(true, properties(deadLetterQueue).get("SqsManagedSseEnabled"), "DLQ encryption");

        boolean permitted = resourcesOfType("AWS::Lambda::Permission").values().stream()
                .anyMatch(permission -> "events.amazonaws.com".equals(permission.get("Principal"))
                        && rule.getKey().equals(getAttTarget(permission.get("SourceArn")))
                        && ("StartFailoverFunctionAlias" + ALIAS_NAME)
                                .equals(refTarget(permission.get("FunctionName"))));
        assertTrue(permitted, "no lambda:InvokeFunction permission for the rule on the live alias");
    }

    // ---------------------------------------------------------------------------------------------
    // IAM
    // ---------------------------------------------------------------------------------------------

    @Test
    void iamStatements_whenAllowingActions_nameEachActionExplicitly() {
        List<String> problems = new ArrayList<>();
        for (Statement statement : policyStatements(false)) {
            if (statement.body().containsKey("NotAction") || statement.body().containsKey("NotResource")) {
                problems.add(statement.where() + " uses NotAction/NotResource");
            }
            List<String> actions = literalsOf(statement.body().get("Action"));
            if (actions.isEmpty()) {
                problems.add(statement.where() + " lists no Action");
            }
            for (String action : actions) {
                if (action.contains("*")) {
                    problems.add(statement.where() + " has a wildcard action " + action);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void iamStatements_whenResourceIsStar_onlyAllowActionsWithoutResourceLevelPermissions() {
        List<String> problems = new ArrayList<>();
        for (Statement statement : policyStatements(false)) {
            if (!"Allow".equals(statement.body().get("Effect"))) {
                continue;
            }
            Object resource = statement.body().get("Resource");
            if (resource == null) {
                problems.add(statement.where() + " has no Resource");
                continue;
            }
            List<String> resources = literalsOf(resource);
            boolean star = resources.contains("*");
            for (String literal : resources) {
                if (!literal.equals("*")
                        && literal.contains("*")
                        && !EXECUTIONS_OF_ONE_MACHINE.matcher(literal).matches()
                        && !literal.equals(AUDIT_OBJECTS)
                        && !literal.equals(ROUTE53_CHANGES)) {
                    problems.add(statement.where() + " has a wildcard in resource " + literal);
                }
            }
            if (star) {
                for (String action : literalsOf(statement.body().get("Action"))) {
                    if (!ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.containsKey(action)) {
                        problems.add(statement.where() + " grants " + action + " on Resource \"*\"");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void keyPolicies_whenGrantingWildcards_onlyLetTheAccountAdministerTheKey() {
        List<String> problems = new ArrayList<>();
        for (Statement statement : policyStatements(true)) {
            Object principal = statement.body().get("Principal");
            boolean accountRoot = principal instanceof Map<?, ?> p
                    && literalsOf(p.get("AWS")).stream().allMatch(arn -> arn.endsWith(":root"));
            boolean wildcardAction =
                    literalsOf(statement.body().get("Action")).stream().anyMatch(a -> a.contains("*"));
            if (wildcardAction && !accountRoot) {
                problems.add(statement.where() + " grants a wildcard action to a principal other than the account");
            }
            if ("*".equals(principal) && "Allow".equals(statement.body().get("Effect"))) {
                problems.add(statement.where() + " allows Principal \"*\"");
            }
            boolean servicePrincipal = principal instanceof Map<?, ?> p && p.containsKey("Service");
            if (servicePrincipal && statement.body().get("Condition") == null) {
                problems.add(statement.where() + " lets a service use the key without a Condition");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void serverlessPolicies_whenNotInlineStatements_areOnlyScopedPolicyTemplates() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> owners = new LinkedHashMap<>(functions());
        owners.putAll(stateMachines());
        owners.forEach((owner, properties) -> {
            for (Object entry : listOrEmpty(properties.get("Policies"))) {
                Object policy = entry;
                // A policy under a Condition is checked as the policy it is when the condition holds.
                if (entry instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> branches) {
                    policy = branches.get(1);
                }
                if (policy instanceof String managed) {
                    problems.add(owner + " attaches managed policy " + managed);
                } else if (conditionalStatements(policy) != null) {
                    continue;
                } else if (policy instanceof Map<?, ?> document && !document.containsKey("Statement")) {
                    for (Object name : document.keySet()) {
                        if (!ALLOWED_SAM_POLICY_TEMPLATES.contains(name)) {
                            problems.add(owner + " uses SAM policy template " + name);
                        }
                    }
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    /** Where a grant may point, by short name: the template's ARN expressions, normalised. */
    private static final Map<String, String> GRANTABLE_RESOURCES = Map.ofEntries(
            Map.entry(
                    "plan", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${PlanParameterName}"),
            Map.entry(
                    "active-region",
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ActiveRegionParameterName}"),
            Map.entry(
                    "trigger-state",
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                            + "parameter${ActiveRegionParameterName}-trigger-state"),
            Map.entry(
                    "fence-state",
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                            + "parameter${ActiveRegionParameterName}-fence"),
            Map.entry(
                    "guard-rule",
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${AWS::"
                            + "StackName}-split-brain-guard"),
            Map.entry(
                    "readiness-state",
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                            + "parameter${ReadinessStateParameterName}"),
            Map.entry(
                    "dr-cluster",
                    "arn:${AWS::Partition}:eks:${AWS::Region}:${AWS::AccountId}:cluster/${DrClusterName}"),
            Map.entry(
                    "primary-cluster",
                    "arn:${AWS::Partition}:eks:${PrimaryRegion}:${AWS::AccountId}:cluster/${PrimaryClusterName}"),
            Map.entry(
                    "primary-fs",
                    "arn:${AWS::Partition}:elasticfilesystem:${PrimaryRegion}:${AWS::AccountId}:file-system/"
                            + "${PrimaryFileSystemId}"),
            Map.entry(
                    "dr-fs",
                    "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/"
                            + "${DrFileSystemId}"),
            Map.entry(
                    "primary-fs@dr-region",
                    "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/"
                            + "${PrimaryFileSystemId}"),
            Map.entry(
                    "dr-fs@primary-region",
                    "arn:${AWS::Partition}:elasticfilesystem:${PrimaryRegion}:${AWS::AccountId}:file-system/"
                            + "${DrFileSystemId}"),
            Map.entry(
                    "failover-machine",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::"
                            + "StackName}-failover"),
            Map.entry(
                    "failback-machine",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::"
                            + "StackName}-failback"),
            Map.entry(
                    "failover-executions",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::"
                            + "StackName}-failover:*"),
            Map.entry(
                    "failback-executions",
                    "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::"
                            + "StackName}-failback:*"),
            Map.entry(
                    "management-cluster",
                    "arn:${AWS::Partition}:eks:${GitOpsManagementClusterRegion}:${AWS::AccountId}:cluster/"
                            + "${GitOpsManagementClusterName}"),
            Map.entry("topic", "Ref:NotificationTopic"),
            Map.entry("hook-functions", "Ref:HookFunctionArns"),
            Map.entry("audit-records", "${AuditBucket.Arn}/runs/*"),
            Map.entry("notification-key", "GetAtt:NotificationKey.Arn"),
            Map.entry(
                    "efs-service-linked-role",
                    "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/"
                            + "elasticfilesystem.amazonaws.com/AWSServiceRoleForAmazonElasticFileSystem"),
            Map.entry("routing-controls", "Ref:TrafficRoutingControlArns"),
            Map.entry("traffic-zone", "arn:${AWS::Partition}:route53:::hostedzone/${TrafficHostedZoneId}"),
            Map.entry("route53-changes", "arn:${AWS::Partition}:route53:::change/*"),
            Map.entry("*", "*"));

    /**
     * Actions a function needs because of a call it makes, without calling them itself, keyed by
     * that call. Publishing to the KMS-encrypted topic uses the caller's permission on the key; the
     * first replication in an account creates EFS's service-linked role.
     */
    private static final Map<String, Set<String>> DEPENDENT_ACTIONS = Map.of(
            "sns:Publish", Set.of("kms:GenerateDataKey", "kms:Decrypt"),
            "elasticfilesystem:CreateReplicationConfiguration", Set.of("iam:CreateServiceLinkedRole"));

    /**
     * The one table of what each function is granted: "action resource...". Its actions are checked
     * against the calls derived from the compiled code ({@link AwsCallGraph}) and its action-resource
     * pairs against the template, both ways. The resources follow the code paths: which site's
     * cluster, file system or parameter each call names (see the domain classes named).
     */
    private static final Map<String, List<String>> GRANTS = Map.ofEntries(
            // RunPreparation: the plan, the DR cluster's workloads, both machines' running executions,
            // the route53 switch's record set (RecordSetOwnership).
            Map.entry(
                    "ValidatePlanFunction",
                    List.of(
                            "ssm:GetParameter plan",
                            "eks:DescribeCluster dr-cluster",
                            "states:ListExecutions failover-machine failback-machine",
                            "route53:ListResourceRecordSets traffic-zone")),
            Map.entry(
                    "NotifyFunction",
                    List.of(
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key",
                            "s3:PutObject audit-records")),
            // ExecutionEndReporter: the ended execution's history, then the notice.
            Map.entry(
                    "NotifyExecutionEndedFunction",
                    List.of(
                            "states:GetExecutionHistory failover-executions failback-executions",
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key",
                            "s3:PutObject audit-records")),
            // Promotion.assess: the DR region's record and the DR file system's protection.
            Map.entry(
                    "AssessReplicationFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations dr-fs",
                            "elasticfilesystem:DescribeFileSystems dr-fs",
                            "ssm:GetParameter active-region")),
            // Fencing: the primary cluster; Promotion.reachable probes the primary file system.
            // ... and DeferredFencing.arm: a skipped fence becomes pending, the guard's rule enabled.
            Map.entry(
                    "FencePrimaryFunction",
                    List.of(
                            "eks:DescribeCluster primary-cluster dr-cluster",
                            "elasticfilesystem:DescribeFileSystems primary-fs",
                            "ssm:GetParameter fence-state",
                            "ssm:PutParameter fence-state",
                            "events:EnableRule guard-rule")),
            // Promotion.promote / checkPromoted: target's records and protection, the source's probe,
            // and the delete with the SOURCE id in the target's region (both ARN forms, see template).
            Map.entry(
                    "PromoteFileSystemFunction",
                    List.of(
                            "eks:DescribeCluster dr-cluster primary-cluster",
                            "elasticfilesystem:DescribeReplicationConfigurations primary-fs dr-fs",
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "elasticfilesystem:DeleteReplicationConfiguration primary-fs dr-fs "
                                    + "primary-fs@dr-region dr-fs@primary-region",
                            "elasticfilesystem:UpdateFileSystemProtection dr-fs",
                            // the re-read: is the run's fence still on the stopped side?
                            "elasticfilesystem:DescribeFileSystemPolicy primary-fs dr-fs",
                            // the re-read's metric evidence (signed by hand: AwsCallGraph.HAND_SIGNED_CALLS)
                            "cloudwatch:GetMetricData *")),
            Map.entry(
                    "CheckPromotionFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations primary-fs dr-fs",
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "elasticfilesystem:DeleteReplicationConfiguration primary-fs dr-fs "
                                    + "primary-fs@dr-region dr-fs@primary-region")),
            // HandOver / GiveBack: both clusters, Argo CD's management cluster, the ledger in the fence record.
            Map.entry(
                    "HandOverFunction",
                    List.of(
                            "eks:DescribeCluster dr-cluster primary-cluster management-cluster",
                            "ssm:GetParameter fence-state",
                            "ssm:PutParameter fence-state")),
            Map.entry(
                    "GiveBackFunction",
                    List.of(
                            "eks:DescribeCluster dr-cluster primary-cluster management-cluster",
                            "ssm:GetParameter fence-state",
                            "ssm:PutParameter fence-state")),
            Map.entry("EnsureStorageClassFunction", List.of("eks:DescribeCluster dr-cluster primary-cluster")),
            // HookRunner: the plan's hook functions, exactly those the HookFunctionArns parameter names.
            Map.entry("RunHooksFunction", List.of("lambda:InvokeFunction hook-functions")),
            // Only the failover runs the preflight, on the DR side.
            Map.entry("PreflightVolumesFunction", List.of("eks:DescribeCluster dr-cluster")),
            Map.entry("ScaleWorkloadsFunction", List.of("eks:DescribeCluster dr-cluster primary-cluster")),
            Map.entry("CheckReadinessFunction", List.of("eks:DescribeCluster dr-cluster primary-cluster")),
            // Failback.checkPreconditions: the DR region's records, both protections, both censuses.
            Map.entry(
                    "CheckFailbackPreconditionsFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations dr-fs",
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "eks:DescribeCluster dr-cluster primary-cluster",
                            "ssm:GetParameter fence-state")),
            // Failback.cleanUpStale: the primary region's record, deleted there with the primary id;
            // then DeferredFencing clears its record and ends the guard's watch (the write fence stays:
            // the failback's WriteFenceFunction removes it once the primary is a replication destination).
            Map.entry(
                    "CleanUpStaleReplicationFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations primary-fs",
                            "elasticfilesystem:DeleteReplicationConfiguration primary-fs",
                            "ssm:GetParameter fence-state",
                            "ssm:PutParameter fence-state",
                            "events:DisableRule guard-rule")),
            // PrimaryWriteFence: the graceful failover's fence on the primary file system, and the
            // failback's on the DR file system, on and off.
            Map.entry(
                    "WriteFenceFunction",
                    List.of(
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "elasticfilesystem:DescribeFileSystemPolicy primary-fs dr-fs",
                            "elasticfilesystem:PutFileSystemPolicy primary-fs dr-fs",
                            "elasticfilesystem:DeleteFileSystemPolicy primary-fs dr-fs")),
            // PrimaryGuard: the plan (resolved in the DR cluster), the records, the primary's cluster
            // and file system, its own rule, the notice.
            Map.entry(
                    "RunSplitBrainGuardFunction",
                    List.of(
                            "ssm:GetParameter plan active-region fence-state",
                            "ssm:PutParameter fence-state",
                            "eks:DescribeCluster dr-cluster primary-cluster management-cluster",
                            "elasticfilesystem:DescribeFileSystems primary-fs",
                            "elasticfilesystem:DescribeFileSystemPolicy primary-fs",
                            "elasticfilesystem:PutFileSystemPolicy primary-fs",
                            "events:DisableRule guard-rule",
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key")),
            // Failback.replicate: either direction; created in the source's region on the source id.
            Map.entry(
                    "ReplicateFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations primary-fs dr-fs",
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "elasticfilesystem:UpdateFileSystemProtection primary-fs dr-fs",
                            "elasticfilesystem:CreateReplicationConfiguration primary-fs dr-fs",
                            "iam:CreateServiceLinkedRole efs-service-linked-role")),
            // Failback.checkSync reads both directions where the DR file system is.
            Map.entry("CheckSyncFunction", List.of("elasticfilesystem:DescribeReplicationConfigurations dr-fs")),
            Map.entry(
                    "RequestApprovalFunction",
                    List.of(
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key")),
            Map.entry("DecideApprovalFunction", List.of("states:SendTaskSuccess *", "states:SendTaskFailure *")),
            // TrafficSwitch: the plan's routing controls on the ARC data plane (signed by hand, see
            // AwsCallGraph.HAND_SIGNED_CALLS), or its Route 53 record; each granted only when the
            // template parameter names them.
            Map.entry(
                    "SwitchTrafficFunction",
                    List.of(
                            "route53-recovery-cluster:GetRoutingControlState routing-controls",
                            "route53-recovery-cluster:UpdateRoutingControlStates routing-controls",
                            "route53:ChangeResourceRecordSets traffic-zone",
                            "route53:ListResourceRecordSets traffic-zone",
                            "route53:GetChange route53-changes")),
            // ActiveRegion.record, then DeferredFencing.watch: the guard watches the stopped primary.
            Map.entry(
                    "RecordActiveRegionFunction",
                    List.of(
                            "ssm:GetParameter active-region fence-state",
                            "ssm:PutParameter active-region fence-state",
                            "events:EnableRule guard-rule")),
            // FailoverTrigger: reads the active region, remembers reported alarms in its own record.
            Map.entry(
                    "StartFailoverFunction",
                    List.of(
                            "states:StartExecution failover-machine",
                            "states:ListExecutions failover-machine failback-machine",
                            "ssm:GetParameter active-region trigger-state",
                            "ssm:PutParameter trigger-state",
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key",
                            "s3:PutObject audit-records")),
            // ReadinessChecks: the DR region's record, both file systems' protection and access
            // points, both clusters, the route53 switch's record set; ReadinessState keeps its own record.
            Map.entry(
                    "RunReadinessChecksFunction",
                    List.of(
                            "elasticfilesystem:DescribeReplicationConfigurations dr-fs",
                            "elasticfilesystem:DescribeFileSystems primary-fs dr-fs",
                            "elasticfilesystem:DescribeAccessPoints primary-fs dr-fs",
                            "eks:DescribeCluster dr-cluster primary-cluster",
                            "ssm:GetParameter plan active-region readiness-state fence-state",
                            "ssm:PutParameter readiness-state",
                            "route53:ListResourceRecordSets traffic-zone",
                            "sns:Publish topic",
                            "kms:GenerateDataKey notification-key",
                            "kms:Decrypt notification-key",
                            "s3:PutObject audit-records")));

    @Test
    void grants_whenDerivedFromTheCompiledCode_coverEveryCallAndNothingElse() throws IOException {
        AwsCallGraph calls = AwsCallGraph.of(ValidatePlanHandler.class);
        assertEquals(
                new TreeSet<>(functions().keySet()), new TreeSet<>(GRANTS.keySet()), "functions in the grant table");
        List<String> problems = new ArrayList<>();
        functions().forEach((logicalId, properties) -> {
            String handler = string(properties.get("Handler"), logicalId).split("::")[0];
            Set<String> made = calls.actionsOf(handler);
            Set<String> needed = new TreeSet<>(made);
            made.forEach(action -> needed.addAll(DEPENDENT_ACTIONS.getOrDefault(action, Set.of())));
            Set<String> declared = new TreeSet<>(tableGrants(logicalId).keySet());
            Set<String> granted = new TreeSet<>(templateGrants(logicalId).keySet());
            if (!declared.equals(needed)) {
                problems.add(logicalId + ": the code calls " + made + " (needing " + needed + "), the grant table says "
                        + declared);
            }
            for (String action : needed) {
                if (!granted.contains(action)) {
                    problems.add(logicalId + " can call " + action + " but is not granted it");
                }
            }
            for (String action : granted) {
                if (!needed.contains(action)) {
                    problems.add(logicalId + " is granted " + action + " but its code never calls it");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void grants_whenComparedWithTheTable_nameExactlyTheResourcesTheCallsUse() {
        List<String> problems = new ArrayList<>();
        functions().forEach((logicalId, properties) -> {
            Map<String, Set<String>> declared = tableGrants(logicalId);
            Map<String, Set<String>> granted = templateGrants(logicalId);
            Set<String> actions = new TreeSet<>(declared.keySet());
            actions.addAll(granted.keySet());
            for (String action : actions) {
                Set<String> want = declared.getOrDefault(action, Set.of());
                Set<String> have = granted.getOrDefault(action, Set.of());
                if (!want.equals(have)) {
                    Set<String> missing = new TreeSet<>(want);
                    missing.removeAll(have);
                    Set<String> extra = new TreeSet<>(have);
                    extra.removeAll(want);
                    problems.add(logicalId + " " + action + ": missing " + missing + ", not used " + extra);
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void serviceLinkedRole_whenGrantedForReplication_isLimitedToEfs() {
        List<String> problems = new ArrayList<>();
        for (Statement statement : policyStatements(false)) {
            if (!literalsOf(statement.body().get("Action")).contains("iam:CreateServiceLinkedRole")) {
                continue;
            }
            Object condition = statement.body().get("Condition");
            Map<String, Object> expected =
                    Map.of("StringEquals", Map.of("iam:AWSServiceName", "elasticfilesystem.amazonaws.com"));
            if (!expected.equals(condition)) {
                problems.add(statement.where() + " grants iam:CreateServiceLinkedRole with condition " + condition);
            }
            if (literalsOf(statement.body().get("Action")).size() != 1) {
                problems.add(statement.where() + " grants iam:CreateServiceLinkedRole together with other actions");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The table's grants of one function: action to resource ARNs (normalised as in the template). */
    private static Map<String, Set<String>> tableGrants(String function) {
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        for (String row : GRANTS.getOrDefault(function, List.of())) {
            String[] parts = row.split(" ");
            Set<String> resources = grants.computeIfAbsent(parts[0], k -> new TreeSet<>());
            for (int i = 1; i < parts.length; i++) {
                String arn = GRANTABLE_RESOURCES.get(parts[i]);
                assertNotNull(arn, "unknown resource name " + parts[i] + " in the grant table");
                resources.add(arn);
            }
        }
        return grants;
    }

    /** What the template's inline statements allow one function: action to resources (normalised). */
    private static Map<String, Set<String>> templateGrants(String function) {
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        for (Statement statement : policyStatements(false)) {
            if (!statement.where().startsWith(function + ".")
                    || !"Allow".equals(statement.body().get("Effect"))) {
                continue;
            }
            Object resource = statement.body().get("Resource");
            List<Object> resources = resource instanceof List<?> l ? new ArrayList<>(l) : List.of(resource);
            for (String action : literalsOf(statement.body().get("Action"))) {
                Set<String> into = grants.computeIfAbsent(action, k -> new TreeSet<>());
                resources.forEach(r -> into.add(normalisedResource(r)));
            }
        }
        return grants;
    }

    private static String normalisedResource(Object resource) {
        if (resource instanceof String s) {
            return s;
        }
        if (refTarget(resource) != null) {
            return "Ref:" + refTarget(resource);
        }
        if (resource instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts) {
            return "GetAtt:" + parts.get(0) + "." + parts.get(1);
        }
        if (resource instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub) {
            return sub;
        }
        return String.valueOf(resource);
    }

    // ---------------------------------------------------------------------------------------------
    // Kubernetes RBAC
    // ---------------------------------------------------------------------------------------------

    /**
     * Every permission the orchestrator holds, as {@code scope apiGroup/resource verb}: exactly
     * {@link RequiredAccess#VERBS}, the one list the readiness check also reviews, plus the GitOps
     * hand-over's: {@link RequiredAccess#POLICY_READS} (cluster-scoped, by resource name), {@link
     * RequiredAccess#ARGO_CD} where the Applications live and {@link RequiredAccess#FLUX} where the
     * Flux objects live (each bound on its own ClusterRole, never in the workload namespaces).
     */
    private static final Set<String> EXPECTED_RBAC_PERMISSIONS = Stream.of(
                    RequiredAccess.VERBS.stream()
                            .map(p -> (p.namespaced() ? "namespace " : "cluster ") + p.group() + "/" + p.rbacResource()
                                    + " " + p.verb()),
                    RequiredAccess.POLICY_READS.stream()
                            .map(p ->
                                    "cluster " + p.group() + "/" + p.resource() + " " + p.verb() + " name=" + p.name()),
                    RequiredAccess.ARGO_CD.stream()
                            .map(p -> "argocd-namespace " + p.group() + "/" + p.rbacResource() + " " + p.verb()),
                    RequiredAccess.FLUX.stream()
                            .map(p -> "flux-namespaces " + p.group() + "/" + p.rbacResource() + " " + p.verb()))
            .flatMap(s -> s)
            .collect(Collectors.toSet());

    private static final String ORCHESTRATOR_GROUP = "efs-dr-orchestrator";

    /** The ClusterRoles bound in the GitOps controllers' namespaces, and the scope each stands for. */
    private static final Map<String, String> GITOPS_ROLES =
            Map.of("efs-dr-argocd-applications", "argocd-namespace", "efs-dr-flux", "flux-namespaces");

    @Test
    void rbac_whenBound_grantsExactlyTheExpectedVerbsAndOnlyStorageClassesClusterWide() throws IOException {
        List<Map<String, Object>> documents = CloudFormationYaml.readAll(projectRoot.resolve("kubernetes/rbac.yaml"));
        Map<String, List<Object>> clusterRoles = new LinkedHashMap<>();
        for (Map<String, Object> document : documents) {
            String kind = (String) document.get("kind");
            assertTrue(
                    Set.of("ClusterRole", "ClusterRoleBinding", "RoleBinding").contains(kind),
                    "unexpected kind " + kind + " (namespaced Roles would hide permissions from this check)");
            if (kind.equals("ClusterRole")) {
                clusterRoles.put((String) map(document.get("metadata")).get("name"), list(document.get("rules")));
            }
        }

        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> document : documents) {
            String kind = (String) document.get("kind");
            if (kind.equals("ClusterRole")) {
                continue;
            }
            Map<String, Object> roleRef = map(document.get("roleRef"));
            assertEquals("ClusterRole", roleRef.get("kind"), kind + " roleRef");
            for (Object subject : list(document.get("subjects"))) {
                assertEquals(
                        Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Group", "name", ORCHESTRATOR_GROUP),
                        subject);
            }
            String role = (String) roleRef.get("name");
            String scope = kind.equals("ClusterRoleBinding") ? "cluster" : GITOPS_ROLES.getOrDefault(role, "namespace");
            List<Object> rules = clusterRoles.get(role);
            assertNotNull(rules, kind + " refers to an undefined ClusterRole " + roleRef.get("name"));
            for (Object rule : rules) {
                Map<String, Object> r = map(rule);
                List<Object> names = listOrEmpty(r.get("resourceNames"));
                for (Object group : list(r.get("apiGroups"))) {
                    for (Object resource : list(r.get("resources"))) {
                        for (Object verb : list(r.get("verbs"))) {
                            String permission = scope + " " + group + "/" + resource + " " + verb;
                            if (names.isEmpty()) {
                                granted.add(permission);
                            } else {
                                names.forEach(name -> granted.add(permission + " name=" + name));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(EXPECTED_RBAC_PERMISSIONS), granted);
        assertTrue(
                granted.stream()
                        .filter(p -> p.startsWith("cluster "))
                        .allMatch(p -> p.startsWith("cluster storage.k8s.io/storageclasses ")
                                || (p.startsWith("cluster admissionregistration.k8s.io/")
                                        && p.endsWith(" get name=" + RequiredAccess.HANDOVER_POLICY))),
                "only StorageClasses, and reads of the hand-over's admission policy by name, may be granted"
                        + " cluster-wide: " + granted);
    }

    // ---------------------------------------------------------------------------------------------
    // Template navigation
    // ---------------------------------------------------------------------------------------------

    private record Statement(String where, Map<String, Object> body) {}

    /**
     * Statements of identity and resource policies ({@code keyPolicies} false), or of KMS key
     * policies ({@code keyPolicies} true), where {@code Resource: "*"} means the key itself.
     */
    private static List<Statement> policyStatements(boolean keyPolicies) {
        List<Statement> statements = new ArrayList<>();
        resources().forEach((logicalId, resource) -> {
            String type = (String) map(resource).get("Type");
            Map<String, Object> properties = map(map(resource).getOrDefault("Properties", Map.of()));
            Map<String, Object> documents = new LinkedHashMap<>();
            if (keyPolicies) {
                if (type.equals("AWS::KMS::Key")) {
                    documents.put(logicalId + ".KeyPolicy", properties.get("KeyPolicy"));
                }
            } else {
                switch (type) {
                    case "AWS::Serverless::Function", "AWS::Serverless::StateMachine" -> {
                        List<Object> policies = listOrEmpty(properties.get("Policies"));
                        for (int i = 0; i < policies.size(); i++) {
                            if (policies.get(i) instanceof Map<?, ?> policy && policy.containsKey("Statement")) {
                                documents.put(logicalId + ".Policies[" + i + "]", policy);
                            } else if (conditionalStatements(policies.get(i)) != null) {
                                documents.put(
                                        logicalId + ".Policies[" + i + "]", conditionalStatements(policies.get(i)));
                            }
                        }
                    }
                    case "AWS::IAM::Role" -> {
                        List<Object> policies = listOrEmpty(properties.get("Policies"));
                        for (int i = 0; i < policies.size(); i++) {
                            documents.put(
                                    logicalId + ".Policies[" + i + "]",
                                    map(policies.get(i)).get("PolicyDocument"));
                        }
                    }
                    case "AWS::IAM::Policy",
                            "AWS::IAM::ManagedPolicy",
                            "AWS::SQS::QueuePolicy",
                            "AWS::SNS::TopicPolicy" ->
                        documents.put(logicalId + ".PolicyDocument", properties.get("PolicyDocument"));
                    default -> {}
                }
            }
            documents.forEach((where, document) -> {
                List<Object> body = list(map(document).get("Statement"));
                for (int i = 0; i < body.size(); i++) {
                    statements.add(new Statement(where + ".Statement[" + i + "]", map(body.get(i))));
                }
            });
        });
        return statements;
    }

    /**
     * The statements of a policy granted only under a condition ({@code !If [Condition, {Statement:
     * ...}, !Ref AWS::NoValue]}, as the traffic grants are), checked as if the condition held; null
     * for anything else.
     */
    private static Map<?, ?> conditionalStatements(Object policy) {
        if (policy instanceof Map<?, ?> p
                && p.size() == 1
                && p.get("Fn::If") instanceof List<?> branches
                && branches.size() == 3
                && branches.get(1) instanceof Map<?, ?> granted
                && granted.containsKey("Statement")
                && "AWS::NoValue".equals(refTarget(branches.get(2)))) {
            return granted;
        }
        return null;
    }

    private static Set<String> invokableFunctions(Map<String, Object> stateMachine) {
        Set<String> functions = new LinkedHashSet<>();
        for (Object policy : listOrEmpty(stateMachine.get("Policies"))) {
            if (policy instanceof Map<?, ?> p && p.get("LambdaInvokePolicy") instanceof Map<?, ?> invoke) {
                functions.add(refTarget(invoke.get("FunctionName")));
            }
        }
        return functions;
    }

    private static Set<String> placeholders(String definition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SUBSTITUTION_PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    private static Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((logicalId, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(logicalId, map(map(resource).getOrDefault("Properties", Map.of())));
            }
        });
        return found;
    }

    private static Map<String, Map<String, Object>> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    private static Map<String, Map<String, Object>> stateMachines() {
        return resourcesOfType("AWS::Serverless::StateMachine");
    }

    private static Map<String, Object> globalFunctionProperties() {
        return map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).getOrDefault("Properties", Map.of()));
    }

    /** The declared type of a resource in this template, or null (also for SAM-generated resources). */
    private static String typeOf(String logicalId) {
        if (logicalId == null) {
            return null;
        }
        Object resource = resources().get(logicalId);
        return resource == null ? null : (String) map(resource).get("Type");
    }

    private static Object effective(Map<String, Object> globals, Map<String, Object> properties, String key) {
        return properties.containsKey(key) ? properties.get(key) : globals.get(key);
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        return map(map(properties.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
    }

    private static String refTarget(Object value) {
        return value instanceof Map<?, ?> m && m.get("Ref") instanceof String target ? target : null;
    }

    private static String getAttTarget(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts && !parts.isEmpty()) {
            return (String) parts.get(0);
        }
        return null;
    }

    /** The literal strings of a value: itself, list items, and the template string of a Fn::Sub. */
    private static List<String> literalsOf(Object value) {
        List<String> literals = new ArrayList<>();
        if (value instanceof String s) {
            literals.add(s);
        } else if (value instanceof List<?> items) {
            items.forEach(item -> literals.addAll(literalsOf(item)));
        } else if (value instanceof Map<?, ?> m && m.containsKey("Fn::Sub")) {
            Object sub = m.get("Fn::Sub");
            literals.addAll(literalsOf(sub instanceof List<?> parts ? parts.get(0) : sub));
        }
        return literals;
    }

    /** Every string anywhere inside a value (for the secret scan). */
    private static List<String> literals(Object value) {
        List<String> found = new ArrayList<>();
        if (value instanceof String s) {
            found.add(s);
        } else if (value instanceof List<?> items) {
            items.forEach(item -> found.addAll(literals(item)));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(item -> found.addAll(literals(item)));
        }
        return found;
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, TemplateConsistencyTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String string(Object value, String where) {
        if (value instanceof String s) {
            return s;
        }
        return fail(where + " is not a plain string: " + value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        return fail("expected a mapping but found " + value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        return fail("expected a list but found " + value);
    }

    private static List<Object> listOrEmpty(Object value) {
        return value == null ? List.of() : list(value);
    }
}
