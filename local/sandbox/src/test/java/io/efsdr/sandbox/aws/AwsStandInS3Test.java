package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.efsdr.aws.AwsClients;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 stand-in through the functions' own S3 client (path-style against the loopback endpoint). */
class AwsStandInS3Test {
    private static final String REGION = "us-west-2";
    private static final String BUCKET = "audit";

    private final VirtualClock clock = new VirtualClock();
    private AwsStandIn standIn;
    private S3Client s3;

    @BeforeEach
    void start() {
        standIn = AwsStandIn.start(clock, new FaultPlan());
        standIn.s3().createBucket(BUCKET);
        s3 = new AwsClients(
                        Duration.ofSeconds(5),
                        1,
                        Optional.of(standIn.endpoint()),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSANDBOX", "secret")))
                .s3(REGION);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void putObject_thenGetAndList_expectTheBytesTheSdkSent() {
        s3.putObject(
                r -> r.bucket(BUCKET).key("runs/failover/x/record.json").contentType("application/json"),
                RequestBody.fromString("{\"a\":1}"));
        s3.putObject(r -> r.bucket(BUCKET).key("runs/failover/x/report.md"), RequestBody.fromString("# x\n"));
        s3.putObject(r -> r.bucket(BUCKET).key("other/y"), RequestBody.fromString("y"));

        String got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("runs/failover/x/record.json"))
                .asUtf8String();
        List<String> keys = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("runs/")).contents().stream()
                .map(S3Object::key)
                .toList();

        assertAll(
                () -> assertEquals("{\"a\":1}", got),
                () -> assertEquals(
                        "{\"a\":1}",
                        standIn.s3()
                                .get(BUCKET, "runs/failover/x/record.json")
                                .orElseThrow()
                                .text()),
                () -> assertEquals(
                        "application/json",
                        standIn.s3()
                                .get(BUCKET, "runs/failover/x/record.json")
                                .orElseThrow()
                                .contentType()),
                () -> assertEquals(List.of("runs/failover/x/record.json", "runs/failover/x/report.md"), keys));
    }

    @Test
    void putObject_twice_expectTheLatestAndAnOlderVersionKept() {
        s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("one"));
        s3.putObject(r -> r.bucket(BUCKET).key("k"), RequestBody.fromString("two"));

        assertAll(
                () -> assertEquals(
                        "two", standIn.s3().get(BUCKET, "k").orElseThrow().text()),
                () -> assertEquals(2, standIn.s3().versions(BUCKET, "k")));
    }

    @Test
    void errors_expectS3sCodesAsTheSdkMapsThem() {
        assertAll(
                () -> assertThrows(
                        NoSuchBucketException.class,
                        () -> s3.putObject(r -> r.bucket("missing").key("k"), RequestBody.fromString("x"))),
                () -> assertThrows(
                        NoSuchKeyException.class,
                        () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("absent"))));
    }
}
