package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.SsmException;

class AwsStandInServicesTest {
    private static final String REGION = "us-west-2";
    private static final String MACHINE = "arn:aws:states:us-west-2:000000000000:stateMachine:dr-failover";

    private final VirtualClock clock = new VirtualClock();
    private AwsStandIn standIn;

    @BeforeEach
    void start() {
        standIn = AwsStandIn.start(clock, new FaultPlan());
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void eksDescribesRegisteredClustersPerRegion() {
        standIn.eks().registerCluster(REGION, "dr", URI.create("https://127.0.0.1:6443"), "Q0FEQVRB");
        try (EksClient eks = SdkClients.eks(standIn, REGION);
                EksClient other = SdkClients.eks(standIn, "us-east-1")) {
            Cluster cluster = eks.describeCluster(r -> r.name("dr")).cluster();
            assertEquals("https://127.0.0.1:6443", cluster.endpoint());
            assertEquals("Q0FEQVRB", cluster.certificateAuthority().data());
            assertEquals("ACTIVE", cluster.statusAsString());
            assertEquals("arn:aws:eks:us-west-2:000000000000:cluster/dr", cluster.arn());
            assertThrows(ResourceNotFoundException.class, () -> other.describeCluster(r -> r.name("dr")));
        }
    }

    @Test
    void snsPublishesAreRecordedWithVirtualTimeAndNotCountedAsMutations() {
        clock.advance(Duration.ofHours(2));
        try (SnsClient sns = SdkClients.sns(standIn, REGION)) {
            String id = sns.publish(r -> r.topicArn("arn:aws:sns:us-west-2:000000000000:dr")
                            .subject("Failover & done")
                            .message("<ok>"))
                    .messageId();
            SnsPublish published = standIn.sns().published().getFirst();
            assertEquals(id, published.messageId());
            assertEquals("Failover & done", published.subject());
            assertEquals("<ok>", published.message());
            assertEquals(REGION, published.region());
            assertTrue(Duration.between(clock.instant(), published.at()).abs().toMinutes() < 1);
        }
        assertTrue(standIn.calls().mutating().isEmpty());
    }

    @Test
    void ssmParametersHaveVersionsAndModeledErrors() {
        try (SsmClient ssm = SdkClients.ssm(standIn, REGION)) {
            assertThrows(ParameterNotFoundException.class, () -> ssm.getParameter(r -> r.name("/dr/state")));
            assertEquals(
                    1,
                    ssm.putParameter(r -> r.name("/dr/state").value("standby").type("String"))
                            .version());
            assertThrows(
                    ParameterAlreadyExistsException.class,
                    () -> ssm.putParameter(
                            r -> r.name("/dr/state").value("active").type("String")));
            assertEquals(
                    2,
                    ssm.putParameter(r -> r.name("/dr/state").value("active").overwrite(true))
                            .version());
            var parameter = ssm.getParameter(r -> r.name("/dr/state")).parameter();
            assertEquals("active", parameter.value());
            assertEquals(2, parameter.version());
        }
        assertEquals(
                "active", standIn.ssm().get(REGION, "/dr/state").orElseThrow().value());
        assertEquals(3, standIn.calls().mutating().size());
    }

    @Test
    void ssmPutParameter_whenTheValueIsOverItsTiersLimit_isRefusedWithValidationException() {
        try (SsmClient ssm = SdkClients.ssm(standIn, REGION)) {
            String fiveKb = "x".repeat(5 * 1024);
            String nineKb = "x".repeat(9 * 1024);

            SsmException standard = assertThrows(
                    SsmException.class,
                    () -> ssm.putParameter(
                            r -> r.name("/efs-dr/plan").value(fiveKb).type("String")));
            assertEquals("ValidationException", standard.awsErrorDetails().errorCode());
            assertTrue(
                    standard.awsErrorDetails()
                            .errorMessage()
                            .startsWith(
                                    "Standard tier parameters support a maximum parameter value of 4096 characters."),
                    standard.getMessage());
            assertTrue(standIn.ssm().get(REGION, "/efs-dr/plan").isEmpty());

            assertEquals(
                    ParameterTier.ADVANCED,
                    ssm.putParameter(r -> r.name("/efs-dr/plan")
                                    .value(fiveKb)
                                    .type("String")
                                    .tier(ParameterTier.ADVANCED))
                            .tier());
            assertEquals(
                    ParameterTier.ADVANCED,
                    ssm.putParameter(r -> r.name("/efs-dr/plan").value("small").overwrite(true))
                            .tier(),
                    "an Advanced parameter cannot go back to Standard");
            SsmException advanced = assertThrows(
                    SsmException.class,
                    () -> ssm.putParameter(r ->
                            r.name("/efs-dr/plan").value(nineKb).overwrite(true).tier(ParameterTier.ADVANCED)));
            assertEquals("ValidationException", advanced.awsErrorDetails().errorCode());
            assertEquals(
                    "small",
                    standIn.ssm().get(REGION, "/efs-dr/plan").orElseThrow().value());

            assertEquals(
                    ParameterTier.ADVANCED,
                    ssm.putParameter(r -> r.name("/other").value(fiveKb).tier(ParameterTier.INTELLIGENT_TIERING))
                            .tier());
            assertEquals(
                    ParameterTier.STANDARD,
                    ssm.putParameter(r -> r.name("/small").value("x").tier(ParameterTier.INTELLIGENT_TIERING))
                            .tier());
        }
    }

    @Test
    void stepFunctionsStartIsIdempotentForTheSameInputOnly() {
        List<SfnExecution> started = new CopyOnWriteArrayList<>();
        standIn.stepFunctions().addStartListener(started::add);
        try (SfnClient sfn = SdkClients.sfn(standIn, REGION)) {
            StartExecutionResponse first = sfn.startExecution(
                    r -> r.stateMachineArn(MACHINE).name("alarm-1").input("{\"a\":1}"));
            StartExecutionResponse again = sfn.startExecution(
                    r -> r.stateMachineArn(MACHINE).name("alarm-1").input("{\"a\":1}"));
            assertEquals("arn:aws:states:us-west-2:000000000000:execution:dr-failover:alarm-1", first.executionArn());
            assertEquals(first.executionArn(), again.executionArn());
            assertEquals(1, started.size());
            assertThrows(
                    ExecutionAlreadyExistsException.class,
                    () -> sfn.startExecution(
                            r -> r.stateMachineArn(MACHINE).name("alarm-1").input("{\"a\":2}")));

            standIn.stepFunctions().setExecutionStatus(first.executionArn(), "SUCCEEDED");
            assertThrows(
                    ExecutionAlreadyExistsException.class,
                    () -> sfn.startExecution(
                            r -> r.stateMachineArn(MACHINE).name("alarm-1").input("{\"a\":1}")));
            var described = sfn.describeExecution(r -> r.executionArn(first.executionArn()));
            assertEquals(ExecutionStatus.SUCCEEDED, described.status());
            assertNotNull(described.stopDate());
            assertEquals("{\"a\":1}", described.input());

            sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("alarm-2"));
            assertEquals(
                    List.of("alarm-2"),
                    sfn
                            .listExecutions(r -> r.stateMachineArn(MACHINE).statusFilter(ExecutionStatus.RUNNING))
                            .executions()
                            .stream()
                            .map(e -> e.name())
                            .toList());
            assertEquals(
                    2,
                    sfn.listExecutions(r -> r.stateMachineArn(MACHINE))
                            .executions()
                            .size());
            assertThrows(
                    ExecutionDoesNotExistException.class,
                    () -> sfn.describeExecution(
                            r -> r.executionArn(MACHINE.replace("stateMachine", "execution") + ":nope")));
        }
    }
}
