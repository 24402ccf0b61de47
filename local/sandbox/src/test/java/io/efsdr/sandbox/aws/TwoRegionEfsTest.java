package io.efsdr.sandbox.aws;

import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * The EFS world the stand-in's EFS tests start from: a primary file system replicating to a DR one
 * across two regions, and an SDK client per region over HTTP.
 */
abstract class TwoRegionEfsTest {
    static final String PRIMARY = "us-east-1";
    static final String DR = "us-west-2";
    static final String PRIMARY_FS = "fs-0123456789abcdef0";
    static final String DR_FS = "fs-0fedcba9876543210";

    final VirtualClock clock = new VirtualClock();
    final FaultPlan faults = new FaultPlan();
    AwsStandIn standIn;
    EfsClient primary;
    EfsClient dr;

    /** Settings of the model to apply before the world is seeded; none by default. */
    void configure(EfsModel efs) {}

    @BeforeEach
    void start() {
        standIn = AwsStandIn.start(clock, faults);
        configure(standIn.efs());
        standIn.efs().addFileSystem(PRIMARY, PRIMARY_FS);
        standIn.efs().addFileSystem(DR, DR_FS);
        standIn.efs().addReplication(PRIMARY, PRIMARY_FS, DR, DR_FS);
        primary = SdkClients.efs(standIn, PRIMARY);
        dr = SdkClients.efs(standIn, DR);
    }

    @AfterEach
    void stop() {
        primary.close();
        dr.close();
        standIn.close();
    }
}
