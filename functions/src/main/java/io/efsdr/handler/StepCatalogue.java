package io.efsdr.handler;

import io.efsdr.notify.StepKey;
import io.efsdr.notify.StepNames;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one catalogue of the Lambda functions and of the steps the state machines run with them:
 * function id, handler, request and result types, and per workflow each Task state's name and the
 * key its result is kept under. The ASL files and template.yaml stay hand-written (they are what
 * SAM users read) and are checked against this catalogue by the tests; the priming list, the
 * notifier's step names and the drill's handler host are derived from it.
 */
public final class StepCatalogue {
    /** Every Lambda function the template deploys, by its handler. */
    public enum Function {
        VALIDATE_PLAN(ValidatePlanHandler.class),
        NOTIFY(NotifyHandler.class),
        NOTIFY_EXECUTION_ENDED(NotifyExecutionEndedHandler.class),
        ASSESS_REPLICATION(AssessReplicationHandler.class),
        FENCE_PRIMARY(FencePrimaryHandler.class),
        PROMOTE_FILE_SYSTEM(PromoteFileSystemHandler.class),
        CHECK_PROMOTION(CheckPromotionHandler.class),
        ENSURE_STORAGE_CLASS(EnsureStorageClassHandler.class),
        PREFLIGHT_VOLUMES(PreflightVolumesHandler.class),
        SCALE_WORKLOADS(ScaleWorkloadsHandler.class),
        CHECK_READINESS(CheckReadinessHandler.class),
        CHECK_FAILBACK_PRECONDITIONS(CheckFailbackPreconditionsHandler.class),
        CLEAN_UP_STALE_REPLICATION(CleanUpStaleReplicationHandler.class),
        REPLICATE(ReplicateHandler.class),
        CHECK_SYNC(CheckSyncHandler.class),
        REQUEST_APPROVAL(RequestApprovalHandler.class),
        DECIDE_APPROVAL(DecideApprovalHandler.class),
        SWITCH_TRAFFIC(SwitchTrafficHandler.class),
        RECORD_ACTIVE_REGION(RecordActiveRegionHandler.class),
        START_FAILOVER(StartFailoverHandler.class),
        RUN_READINESS_CHECKS(RunReadinessChecksHandler.class),
        RUN_SPLIT_BRAIN_GUARD(RunSplitBrainGuardHandler.class),
        RUN_HOOKS(RunHooksHandler.class),
        WRITE_FENCE(WriteFenceHandler.class),
        HAND_OVER(HandOverHandler.class),
        GIVE_BACK(GiveBackHandler.class);

        private final Class<? extends TypedHandler<?, ?>> handler;

        Function(Class<? extends TypedHandler<?, ?>> handler) {
            this.handler = handler;
        }

        public Class<? extends TypedHandler<?, ?>> handler() {
            return handler;
        }

        /** The template's logical id: {@code ScaleWorkloadsHandler} -> {@code ScaleWorkloadsFunction}. */
        public String id() {
            return handler.getSimpleName().replaceFirst("Handler$", "") + "Function";
        }

        /** The handler string the template gives Lambda. */
        public String handlerString() {
            return handler.getName() + "::handleRequest";
        }

        /** The event in events/ for {@code sam local invoke}: the id without "Function", in kebab case. */
        public String eventFile() {
            return handler.getSimpleName()
                            .replaceFirst("Handler$", "")
                            .replaceAll("([a-z])([A-Z])", "$1-$2")
                            .toLowerCase(Locale.ROOT)
                    + ".json";
        }

        /** What the function is invoked with. */
        public Class<?> requestType() {
            return typeArgument(0);
        }

        /** What the function answers. */
        public Class<?> resultType() {
            return typeArgument(1);
        }

        private Class<?> typeArgument(int index) {
            Type type = handler.getGenericSuperclass();
            Type argument = ((ParameterizedType) type).getActualTypeArguments()[index];
            return argument instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) argument;
        }

        public static Optional<Function> byId(String id) {
            return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
        }
    }

    /**
     * One Task state of a workflow.
     *
     * @param result where the state keeps its result ({@code $.steps.<key>}); null for the states
     *     that keep none there (validation, notifications, approvals)
     */
    public record Step(String workflow, String state, Function function, StepKey<?> result) {}

    private static final String FAILOVER = "failover";
    private static final String FAILBACK = "failback";

    public static final List<Step> STEPS = List.of(
            new Step(FAILOVER, "Validate Plan", Function.VALIDATE_PLAN, null),
            new Step(FAILOVER, "Notify Failover Started", Function.NOTIFY, null),
            new Step(FAILOVER, "Assess Replication", Function.ASSESS_REPLICATION, StepKey.ASSESS),
            new Step(FAILOVER, "Request Failover Approval", Function.REQUEST_APPROVAL, null),
            new Step(FAILOVER, "Notify Failover Not Approved", Function.NOTIFY, null),
            new Step(FAILOVER, "Run Before Fence Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILOVER, "Hand Over From GitOps", Function.HAND_OVER, StepKey.HANDOVER),
            new Step(FAILOVER, "Fence Primary Region", Function.FENCE_PRIMARY, StepKey.FENCE),
            new Step(FAILOVER, "Check Primary Stopped", Function.CHECK_READINESS, StepKey.PRIMARY_STOPPED),
            new Step(FAILOVER, "Fence Primary File System", Function.WRITE_FENCE, StepKey.WRITE_FENCE),
            new Step(FAILOVER, "Check Final Sync", Function.CHECK_SYNC, StepKey.FINAL_SYNC),
            new Step(FAILOVER, "Request Promotion Approval", Function.REQUEST_APPROVAL, null),
            new Step(FAILOVER, "Resume Primary Workloads", Function.WRITE_FENCE, StepKey.WRITE_FENCE),
            new Step(FAILOVER, "Scale Primary Workloads Up Again", Function.SCALE_WORKLOADS, StepKey.RESUME_PRIMARY),
            new Step(FAILOVER, "Give Back To GitOps", Function.GIVE_BACK, StepKey.GIVE_BACK),
            new Step(FAILOVER, "Promote DR File System", Function.PROMOTE_FILE_SYSTEM, StepKey.PROMOTE),
            new Step(FAILOVER, "Stop Primary Again", Function.FENCE_PRIMARY, StepKey.PRIMARY_RESTOP),
            new Step(FAILOVER, "Check Promotion", Function.CHECK_PROMOTION, StepKey.PROMOTION),
            new Step(FAILOVER, "Run After Promotion Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILOVER, "Ensure DR StorageClass", Function.ENSURE_STORAGE_CLASS, StepKey.STORAGE_CLASS),
            new Step(FAILOVER, "Preflight DR Volumes", Function.PREFLIGHT_VOLUMES, StepKey.PREFLIGHT),
            new Step(FAILOVER, "Scale DR Workloads", Function.SCALE_WORKLOADS, StepKey.SCALE),
            new Step(FAILOVER, "Check Readiness", Function.CHECK_READINESS, StepKey.READINESS),
            new Step(FAILOVER, "Run After Wave Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILOVER, "Run After Readiness Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILOVER, "Switch Traffic", Function.SWITCH_TRAFFIC, StepKey.TRAFFIC),
            new Step(FAILOVER, "Record Active Region", Function.RECORD_ACTIVE_REGION, StepKey.ACTIVE_REGION),
            new Step(FAILOVER, "Notify Failover Complete", Function.NOTIFY, null),
            new Step(FAILOVER, "Notify Stopped By Hook", Function.NOTIFY, null),
            new Step(FAILBACK, "Validate Plan", Function.VALIDATE_PLAN, null),
            new Step(
                    FAILBACK,
                    "Check Failback Preconditions",
                    Function.CHECK_FAILBACK_PRECONDITIONS,
                    StepKey.PRECONDITIONS),
            new Step(FAILBACK, "Notify Failback Started", Function.NOTIFY, null),
            new Step(FAILBACK, "Clean Up Stale Replication", Function.CLEAN_UP_STALE_REPLICATION, StepKey.CLEANUP),
            new Step(FAILBACK, "Hand Over From GitOps", Function.HAND_OVER, StepKey.HANDOVER),
            new Step(FAILBACK, "Stop Primary Workloads", Function.SCALE_WORKLOADS, StepKey.STOP_PRIMARY),
            new Step(FAILBACK, "Check Primary Stopped", Function.CHECK_READINESS, StepKey.PRIMARY_STOPPED),
            new Step(FAILBACK, "Replicate DR To Primary", Function.REPLICATE, StepKey.REVERSE),
            new Step(FAILBACK, "Unfence Primary File System", Function.WRITE_FENCE, StepKey.PRIMARY_UNFENCE),
            new Step(FAILBACK, "Check Initial Sync", Function.CHECK_SYNC, StepKey.INITIAL_SYNC),
            new Step(FAILBACK, "Run Before Quiesce Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILBACK, "Stop DR Workloads", Function.SCALE_WORKLOADS, StepKey.STOP_DR),
            new Step(FAILBACK, "Check DR Stopped", Function.CHECK_READINESS, StepKey.QUIESCE),
            new Step(FAILBACK, "Fence DR File System", Function.WRITE_FENCE, StepKey.WRITE_FENCE),
            new Step(FAILBACK, "Check Final Sync", Function.CHECK_SYNC, StepKey.FINAL_SYNC),
            new Step(FAILBACK, "Request Failback Approval", Function.REQUEST_APPROVAL, null),
            new Step(FAILBACK, "Unfence DR File System", Function.WRITE_FENCE, StepKey.WRITE_FENCE),
            new Step(FAILBACK, "Resume DR Workloads", Function.SCALE_WORKLOADS, StepKey.RESUME_DR),
            new Step(FAILBACK, "Notify Failback Not Approved", Function.NOTIFY, null),
            new Step(FAILBACK, "Promote Primary File System", Function.PROMOTE_FILE_SYSTEM, StepKey.PROMOTE),
            new Step(FAILBACK, "Stop DR Again", Function.SCALE_WORKLOADS, StepKey.DR_RESTOP),
            new Step(FAILBACK, "Check Primary Promotion", Function.CHECK_PROMOTION, StepKey.PROMOTION),
            new Step(FAILBACK, "Run After Promotion Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILBACK, "Ensure Primary StorageClass", Function.ENSURE_STORAGE_CLASS, StepKey.STORAGE_CLASS),
            new Step(FAILBACK, "Scale Primary Workloads", Function.SCALE_WORKLOADS, StepKey.SCALE),
            new Step(FAILBACK, "Check Primary Readiness", Function.CHECK_READINESS, StepKey.READINESS),
            new Step(FAILBACK, "Run After Wave Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILBACK, "Run After Readiness Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILBACK, "Switch Traffic Back", Function.SWITCH_TRAFFIC, StepKey.TRAFFIC),
            new Step(FAILBACK, "Replicate Primary To DR", Function.REPLICATE, StepKey.REPROTECT),
            new Step(FAILBACK, "Check DR Replication", Function.CHECK_SYNC, StepKey.REPROTECTED),
            new Step(FAILBACK, "Unfence DR For Standby", Function.WRITE_FENCE, StepKey.WRITE_FENCE),
            new Step(FAILBACK, "Return DR To Standby", Function.SCALE_WORKLOADS, StepKey.STANDBY),
            new Step(FAILBACK, "Check DR Standby", Function.CHECK_READINESS, StepKey.STANDBY_READY),
            new Step(FAILBACK, "Ensure DR StorageClass", Function.ENSURE_STORAGE_CLASS, StepKey.DR_STORAGE_CLASS),
            new Step(FAILBACK, "Give Back To GitOps", Function.GIVE_BACK, StepKey.GIVE_BACK),
            new Step(FAILBACK, "Record Active Region", Function.RECORD_ACTIVE_REGION, StepKey.ACTIVE_REGION),
            new Step(FAILBACK, "Run After Failback Hooks", Function.RUN_HOOKS, StepKey.HOOKS),
            new Step(FAILBACK, "Notify Failback Complete", Function.NOTIFY, null),
            new Step(FAILBACK, "Notify Stopped By Hook", Function.NOTIFY, null));

    /**
     * A step's readable name: its state's name in the workflow; the key itself for a key no state or
     * several states use (the hook record, which every hook point adds to).
     */
    public static final StepNames NAMES = (workflow, key) -> {
        List<String> states = STEPS.stream()
                .filter(s -> s.workflow().equals(workflow)
                        && s.result() != null
                        && s.result().json().equals(key))
                .map(Step::state)
                .toList();
        return states.size() == 1 ? states.getFirst() : key;
    };

    private StepCatalogue() {}
}
