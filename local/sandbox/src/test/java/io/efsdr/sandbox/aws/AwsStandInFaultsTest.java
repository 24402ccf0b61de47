package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.FaultKind;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.sns.SnsClient;

class AwsStandInFaultsTest {
    private static final String REGION = "us-west-2";
    private static final String FS = "fs-0fedcba9876543210";

    private final VirtualClock clock = new VirtualClock();
    private final FaultPlan faults = new FaultPlan();
    private AwsStandIn standIn;
    private EfsClient efs;

    @BeforeEach
    void start() {
        standIn = AwsStandIn.start(clock, faults);
        standIn.efs().addFileSystem(REGION, FS);
        efs = SdkClients.efs(standIn, REGION);
    }

    @AfterEach
    void stop() {
        efs.close();
        standIn.close();
    }

    @Test
    void twoThrottlesAreRetriedAndTheThirdAttemptSucceeds() {
        faults.add(new FaultPlan.Fault("elasticfilesystem", "DescribeFileSystems", REGION, FaultKind.THROTTLING, 2));

        assertEquals(1, efs.describeFileSystems().fileSystems().size());

        List<AwsCall> calls = standIn.calls().of("elasticfilesystem", "DescribeFileSystems");
        assertEquals(List.of(429, 429, 200), calls.stream().map(AwsCall::status).toList());
        assertEquals(FaultKind.THROTTLING, calls.getFirst().fault());
    }

    @Test
    void permanentThrottlingEndsInTheServicesThrottlingException() {
        faults.add(new FaultPlan.Fault("elasticfilesystem", "*", null, FaultKind.THROTTLING, null));

        EfsException e = assertThrows(EfsException.class, () -> efs.describeFileSystems());

        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertTrue(e.isThrottlingException());
        assertEquals(3, standIn.calls().all().size());
    }

    @Test
    void serverErrorsAreRetriedThenSurfaceAs500() {
        faults.add(new FaultPlan.Fault(
                "elasticfilesystem", "UpdateFileSystemProtection", null, FaultKind.SERVER_ERROR, null));

        SdkException e = assertThrows(
                SdkException.class,
                () -> efs.updateFileSystemProtection(
                        r -> r.fileSystemId(FS).replicationOverwriteProtection("DISABLED")));

        assertEquals(500, ((EfsException) e).statusCode());
        assertEquals(3, standIn.calls().mutating().size());
        assertTrue(standIn.calls().successfulMutations().isEmpty());
        assertEquals(EfsModel.ENABLED, standIn.efs().protection(FS));
    }

    @Test
    void unreachableRegionFailsFastWithAnIoError() {
        faults.setRegionReachable(REGION, false);
        long started = System.nanoTime();

        SdkClientException e = assertThrows(SdkClientException.class, () -> efs.describeFileSystems());

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000);
        assertTrue(hasCause(e, IOException.class), "cause chain should hold an IOException: " + e);
        assertTrue(standIn.calls().all().stream().allMatch(c -> c.status() == 0));
        assertEquals(FaultKind.UNREACHABLE, standIn.calls().all().getFirst().fault());
    }

    @Test
    void timeoutHoldsTheCallPastTheClientsTimeout() {
        standIn.setTimeoutHold(Duration.ofSeconds(3));
        faults.add(new FaultPlan.Fault("elasticfilesystem", "DescribeFileSystems", null, FaultKind.TIMEOUT, 1));
        long started = System.nanoTime();

        SdkClientException e = assertThrows(
                SdkClientException.class,
                () -> efs.describeFileSystems(
                        r -> r.overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMillis(400)))));

        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsed >= 350 && elapsed < 2000, "elapsed " + elapsed + " ms: " + e);
        assertEquals(0, firstCallOnceJournaled().status());
    }

    /** The held call is journaled when the stand-in lets it go, after the client gave up: wait for it (bounded). */
    private AwsCall firstCallOnceJournaled() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (standIn.calls().all().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return standIn.calls().all().getFirst();
    }

    @Test
    void snsThrottlingUsesTheQueryErrorFormatAndIsRetried() {
        faults.add(new FaultPlan.Fault("sns", "Publish", null, FaultKind.THROTTLING, 1));
        try (SnsClient sns = SdkClients.sns(standIn, REGION)) {
            sns.publish(r -> r.topicArn("arn:aws:sns:us-west-2:000000000000:dr").message("hello"));
        }
        assertEquals(
                List.of(400, 200),
                standIn.calls().of("sns", "Publish").stream()
                        .map(AwsCall::status)
                        .toList());
        assertEquals(1, standIn.sns().published().size());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (type.isInstance(s)) {
                    return true;
                }
            }
        }
        return false;
    }
}
