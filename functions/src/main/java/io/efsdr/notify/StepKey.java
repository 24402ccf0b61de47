package io.efsdr.notify;

import io.efsdr.efs.CleanupResult;
import io.efsdr.efs.FenceCheck;
import io.efsdr.efs.PreconditionResult;
import io.efsdr.efs.PromotionCheck;
import io.efsdr.efs.PromotionResult;
import io.efsdr.efs.ReplicationAssessment;
import io.efsdr.efs.ReplicationSetup;
import io.efsdr.efs.SyncCheck;
import io.efsdr.gitops.GiveBackResult;
import io.efsdr.gitops.HandOverResult;
import io.efsdr.guard.ActiveRegion;
import io.efsdr.hooks.HookRecord;
import io.efsdr.kubernetes.FenceResult;
import io.efsdr.kubernetes.PreflightResult;
import io.efsdr.kubernetes.ReadinessCheck;
import io.efsdr.kubernetes.ScaleResult;
import io.efsdr.kubernetes.StorageClassResult;
import io.efsdr.plan.StepResult;
import io.efsdr.traffic.TrafficSwitchResult;
import java.util.List;
import java.util.Optional;

/**
 * Where a step's result lives in the state ({@code $.steps.<json>}) and which record it is: the one
 * place that ties a ResultPath key to its type, so results are read back as the records they are.
 * The step catalogue (io.efsdr.handler.StepCatalogue) ties each key to its states and function.
 */
public record StepKey<T extends StepResult>(String json, Class<T> type) {
    public static final StepKey<ReplicationAssessment> ASSESS = new StepKey<>("assess", ReplicationAssessment.class);
    public static final StepKey<FenceResult> FENCE = new StepKey<>("fence", FenceResult.class);
    public static final StepKey<FenceResult> PRIMARY_RESTOP = new StepKey<>("primaryRestop", FenceResult.class);
    public static final StepKey<ReadinessCheck> PRIMARY_STOPPED = new StepKey<>("primaryStopped", ReadinessCheck.class);
    public static final StepKey<SyncCheck> FINAL_SYNC = new StepKey<>("finalSync", SyncCheck.class);
    public static final StepKey<FenceCheck> WRITE_FENCE = new StepKey<>("writeFence", FenceCheck.class);
    /** The failback's removal of the primary's write fence, once the primary is a replication destination. */
    public static final StepKey<FenceCheck> PRIMARY_UNFENCE = new StepKey<>("primaryUnfence", FenceCheck.class);

    public static final StepKey<ScaleResult> RESUME_PRIMARY = new StepKey<>("resumePrimary", ScaleResult.class);
    public static final StepKey<PromotionResult> PROMOTE = new StepKey<>("promote", PromotionResult.class);
    public static final StepKey<PromotionCheck> PROMOTION = new StepKey<>("promotion", PromotionCheck.class);
    public static final StepKey<StorageClassResult> STORAGE_CLASS =
            new StepKey<>("storageClass", StorageClassResult.class);
    public static final StepKey<PreflightResult> PREFLIGHT = new StepKey<>("preflight", PreflightResult.class);
    public static final StepKey<ScaleResult> SCALE = new StepKey<>("scale", ScaleResult.class);
    public static final StepKey<ReadinessCheck> READINESS = new StepKey<>("readiness", ReadinessCheck.class);
    public static final StepKey<TrafficSwitchResult> TRAFFIC = new StepKey<>("traffic", TrafficSwitchResult.class);
    public static final StepKey<ActiveRegion.Recorded> ACTIVE_REGION =
            new StepKey<>("activeRegion", ActiveRegion.Recorded.class);
    public static final StepKey<PreconditionResult> PRECONDITIONS =
            new StepKey<>("preconditions", PreconditionResult.class);
    public static final StepKey<CleanupResult> CLEANUP = new StepKey<>("cleanup", CleanupResult.class);
    public static final StepKey<ScaleResult> STOP_PRIMARY = new StepKey<>("stopPrimary", ScaleResult.class);
    public static final StepKey<ReplicationSetup> REVERSE = new StepKey<>("reverse", ReplicationSetup.class);
    public static final StepKey<SyncCheck> INITIAL_SYNC = new StepKey<>("initialSync", SyncCheck.class);
    public static final StepKey<ScaleResult> STOP_DR = new StepKey<>("stopDr", ScaleResult.class);
    public static final StepKey<ReadinessCheck> QUIESCE = new StepKey<>("quiesce", ReadinessCheck.class);
    public static final StepKey<ScaleResult> RESUME_DR = new StepKey<>("resumeDr", ScaleResult.class);
    public static final StepKey<ScaleResult> DR_RESTOP = new StepKey<>("drRestop", ScaleResult.class);
    public static final StepKey<ReplicationSetup> REPROTECT = new StepKey<>("reprotect", ReplicationSetup.class);
    public static final StepKey<SyncCheck> REPROTECTED = new StepKey<>("reprotected", SyncCheck.class);
    public static final StepKey<ScaleResult> STANDBY = new StepKey<>("standby", ScaleResult.class);
    public static final StepKey<ReadinessCheck> STANDBY_READY = new StepKey<>("standbyReady", ReadinessCheck.class);
    public static final StepKey<StorageClassResult> DR_STORAGE_CLASS =
            new StepKey<>("drStorageClass", StorageClassResult.class);
    public static final StepKey<HookRecord> HOOKS = new StepKey<>("hooks", HookRecord.class);
    /** The hand-over from the GitOps controllers (failover and failback). */
    public static final StepKey<HandOverResult> HANDOVER = new StepKey<>("handover", HandOverResult.class);
    /** The give-back to the GitOps controllers. */
    public static final StepKey<GiveBackResult> GIVE_BACK = new StepKey<>("giveBack", GiveBackResult.class);

    public static final List<StepKey<?>> ALL = List.of(
            ASSESS,
            FENCE,
            PRIMARY_RESTOP,
            PRIMARY_STOPPED,
            FINAL_SYNC,
            WRITE_FENCE,
            RESUME_PRIMARY,
            PROMOTE,
            PROMOTION,
            STORAGE_CLASS,
            PREFLIGHT,
            SCALE,
            READINESS,
            TRAFFIC,
            ACTIVE_REGION,
            PRECONDITIONS,
            CLEANUP,
            STOP_PRIMARY,
            REVERSE,
            PRIMARY_UNFENCE,
            INITIAL_SYNC,
            STOP_DR,
            QUIESCE,
            RESUME_DR,
            DR_RESTOP,
            REPROTECT,
            REPROTECTED,
            STANDBY,
            STANDBY_READY,
            DR_STORAGE_CLASS,
            HOOKS,
            HANDOVER,
            GIVE_BACK);

    /** The key a ResultPath {@code $.steps.<json>} names. */
    public static Optional<StepKey<?>> of(String json) {
        return ALL.stream().filter(k -> k.json().equals(json)).findFirst();
    }
}
