package io.efsdr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.aws.AwsClients;
import io.efsdr.config.Json;
import io.efsdr.config.Settings;
import io.efsdr.drill.ExecutionRunner;
import io.efsdr.drill.HandlerHost;
import io.efsdr.handler.StartFailoverHandler;
import io.efsdr.handler.Wiring;
import io.efsdr.plan.SsmPlanSource;
import io.efsdr.sandbox.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The trigger path against LocalStack's Step Functions, SNS, SSM and SQS: the real state machine
 * definitions are deployed (their Lambda ARNs are placeholders, so an execution ends at its first
 * Task: what is proven here is what the trigger starts, not the failover), the plan is stored, and
 * the real {@link StartFailoverHandler} receives alarm state-change events. Needs a Docker engine;
 * without one it is skipped. Run it with {@code mvn -B verify -pl local/sandbox -am -Dit.test=LocalStackIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "no Docker engine here: LocalStackIT needs one to run LocalStack; "
                + "on a Docker host run mvn -B verify -pl local/sandbox -am -Dit.test=LocalStackIT")
class LocalStackIT {
    private static final String REGION = "us-west-2";
    private static final String ROLE_ARN = "arn:aws:iam::000000000000:role/efs-dr-state-machines";

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
                    DockerImageName.parse("localstack/localstack:4.4"))
            .withServices("stepfunctions", "sns", "ssm", "sqs");

    private AwsClients aws;
    private SqsClient sqs;
    private String queueUrl;
    private String failoverArn;
    private Map<String, String> environment;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeEach
    void deploy() throws IOException {
        URI endpoint = LOCALSTACK.getEndpoint();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        aws = new AwsClients(Duration.ofSeconds(30), Optional.of(endpoint), credentials);
        sqs = SqsClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint)
                .credentialsProvider(credentials)
                .build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        String topicArn = aws.sns(REGION)
                .createTopic(r -> r.name("efs-dr-notifications-" + suffix))
                .topicArn();
        queueUrl = sqs.createQueue(r -> r.queueName("efs-dr-notifications-" + suffix))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        aws.sns(REGION)
                .subscribe(r -> r.topicArn(topicArn)
                        .protocol("sqs")
                        .endpoint(queueArn)
                        .attributes(Map.of("RawMessageDelivery", "true")));

        String planParameter = "/efs-dr-" + suffix + "/plan";
        aws.ssm(REGION)
                .putParameter(r -> r.name(planParameter)
                        .type("String")
                        .value(Scenario.defaults().plan().toString()));

        failoverArn = createStateMachine("failover", suffix);
        String failbackArn = createStateMachine("failback", suffix);
        environment = Map.of(
                "AWS_REGION", REGION,
                "PLAN_PARAMETER_NAME", planParameter,
                "ACTIVE_REGION_PARAMETER_NAME", "/efs-dr-" + suffix + "/active-region",
                "TRIGGER_STATE_PARAMETER_NAME", "/efs-dr-" + suffix + "/trigger-state",
                "TOPIC_ARN", topicArn,
                "FAILOVER_STATE_MACHINE_ARN", failoverArn,
                "FAILBACK_STATE_MACHINE_ARN", failbackArn,
                "AWS_CALL_TIMEOUT_SECONDS", "30");
    }

    private String createStateMachine(String workflow, String suffix) throws IOException {
        String definition = Files.readString(
                        ExecutionRunner.projectRoot().resolve("statemachine/" + workflow + ".asl.json"))
                .replaceAll(
                        "\\$\\{(\\w+)FunctionArn}", "arn:aws:lambda:" + REGION + ":000000000000:function:efs-dr-$1");
        return aws.sfn(REGION)
                .createStateMachine(r -> r.name("efs-dr-" + workflow + "-" + suffix)
                        .definition(definition)
                        .roleArn(ROLE_ARN)
                        .type(StateMachineType.STANDARD))
                .stateMachineArn();
    }

    private StartFailoverHandler trigger() {
        Settings settings = Settings.fromMap(environment);
        return new StartFailoverHandler(new Wiring(
                settings,
                aws,
                Clock.systemUTC(),
                new HandlerHost.RecordedMetrics(),
                new SsmPlanSource(() -> aws.ssm(REGION), settings.planParameterName(), REGION)));
    }

    private static ObjectNode alarmEvent(Instant changedAt) throws IOException {
        String json = Files.readString(ExecutionRunner.projectRoot().resolve("events/alarm-state-change.json"));
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(json);
        ((ObjectNode) event.get("detail").get("state")).put("timestamp", changedAt.toString());
        return event;
    }

    private static JsonNode deliver(StartFailoverHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private List<ExecutionListItem> failoverExecutions() {
        SfnClient sfn = aws.sfn(REGION);
        return sfn.listExecutions(r -> r.stateMachineArn(failoverArn)).executions();
    }

    private List<Message> notifications() {
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < 3 && received.isEmpty(); i++) {
            received.addAll(sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(10))
                    .messages());
        }
        return received;
    }

    @Test
    void alarm_deliveredFiveTimes_startsExactlyOneExecutionNamedAfterTheAlarm() throws Exception {
        ObjectNode event = alarmEvent(Instant.now());
        StartFailoverHandler handler = trigger();
        List<String> outcomes = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            outcomes.add(deliver(handler, event).get("outcome").asText());
        }
        String name = deliver(handler, event).get("executionName").asText();

        assertEquals("STARTED", outcomes.get(0));
        assertTrue(outcomes.subList(1, 5).stream().allMatch("ALREADY_STARTED"::equals), outcomes.toString());
        List<ExecutionListItem> executions = failoverExecutions();
        assertEquals(1, executions.size(), executions.toString());
        assertEquals(name, executions.get(0).name());
        assertTrue(name.startsWith("alarm-shop-primary-unhealthy-"), name);
    }

    @Test
    void alarm_whenTheDrRegionIsAlreadyActive_notifiesAndStartsNothing() throws Exception {
        aws.ssm(REGION)
                .putParameter(r -> r.name(environment.get("ACTIVE_REGION_PARAMETER_NAME"))
                        .type("String")
                        .value(REGION));

        JsonNode result = deliver(trigger(), alarmEvent(Instant.now()));

        assertEquals("ALREADY_ACTIVE", result.get("outcome").asText(), result.toString());
        assertTrue(failoverExecutions().isEmpty(), failoverExecutions().toString());
        List<Message> received = notifications();
        assertFalse(received.isEmpty(), "no notification reached the queue");
        assertTrue(
                received.get(0).body().contains("no failover was started"),
                received.get(0).body());
    }
}
