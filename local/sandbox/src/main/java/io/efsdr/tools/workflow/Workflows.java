package io.efsdr.tools.workflow;

import static io.efsdr.notify.StepKey.*;
import static io.efsdr.tools.workflow.Asl.*;

import io.efsdr.tools.workflow.Asl.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two workflows, the one source of statemachine/failover.asl.json and failback.asl.json. The ASL
 * files stay committed (SAM, cfn-lint and the console read them); GeneratedStateMachinesTest fails
 * when they differ from what this generates, and {@code local/asl} rewrites them.
 *
 * <p>Each line declares one state or one shape of states (a poll loop, a hook run with its abort
 * check, an approval with its two outcomes); the retry policy, the Task timeout and the poll loop
 * are written once, in {@link Asl}. State names are kept as they are: notifications, docs, alarms
 * and runbooks use them.
 */
public final class Workflows {
    private Workflows() {}

    /** Both workflows by name, in file order. */
    public static Map<String, Machine> all() {
        return Map.of("failover", failover(), "failback", failback());
    }

    /** The ASL text of one workflow, exactly as committed. */
    public static String asl(String workflow) {
        return print(all().get(workflow).json());
    }

    /**
     * {@code --write} rewrites statemachine/*.asl.json from the definitions; {@code --check} (the
     * default) lists the files that differ and exits 1 if any does. Run from the repository root or
     * with {@code -Droot=<root>}.
     */
    public static void main(String[] args) throws IOException {
        boolean write = List.of(args).contains("--write");
        Path root = Path.of(System.getProperty("root", ".")).toAbsolutePath().normalize();
        List<String> stale = new ArrayList<>();
        for (String workflow : List.of("failover", "failback")) {
            Path file = root.resolve("statemachine/" + workflow + ".asl.json");
            String generated = asl(workflow);
            if (!Files.exists(file) || !Files.readString(file).equals(generated)) {
                stale.add(root.relativize(file).toString());
                if (write) {
                    Files.writeString(file, generated);
                }
            }
        }
        if (stale.isEmpty()) {
            System.out.println("statemachine/*.asl.json are what io.efsdr.tools.workflow.Workflows generates");
        } else if (write) {
            System.out.println("rewrote " + String.join(", ", stale));
        } else {
            System.err.println("differ from io.efsdr.tools.workflow.Workflows (run local/asl): " + stale);
            System.exit(1);
        }
    }

    static Machine failover() {
        Machine m = new Machine(
                "failover",
                259200,
                "Fails an EKS + EFS application over to the DR region: validate, assess replication, fence the old primary, promote the DR file system, make the StorageClass right, check volumes, scale up, wait until ready, notify. A step that fails after its retries ends the execution there, so a redrive resumes at that step; the failure notice comes from the execution status-change rule. Every step is idempotent: redrive or re-run after any failure.");
        m.validate("Notify Failover Started")
                .comment(
                        "Validates the stored plan and this execution's input, and fixes the workloads of the run. Nothing is changed before this passes.");
        m.notify("Notify Failover Started", "STARTED", "Assess Replication")
                .comment("A notification that fails to send must not hold up the failover.");
        m.step("Assess Replication", "Approval Needed?")
                .comment("Replication status and the data-loss window, read in the DR region.");
        m.choice(
                        "Approval Needed?",
                        "Start Primary Stop Wait",
                        when(isTrue(at(ASSESS, "approvalRequired")), "Request Failover Approval"))
                .comment(
                        "Reads the decision Assess Replication made (io.efsdr.efs.FailoverApproval, its reason in approvalReason): an automatic failover waits for a person when AUTO_FAILOVER=approval, when the data-loss window exceeds the plan's RPO, or when replication is ERROR or PAUSED; a manual start asks when its input says requireApproval; a dry run never asks.");
        m.approval(
                        "Request Failover Approval",
                        "failover",
                        "fence the primary and promote the DR file system (data written on the primary after the last sync will be lost)?",
                        "Start Primary Stop Wait",
                        "Notify Failover Not Approved",
                        "Failover Approval Timed Out",
                        "Failover Approval Rejected")
                .comment(
                        "Waits for a person: the function publishes what is at stake and how to answer; the answer comes back through the task token (DecideApprovalFunction or send-task-success / send-task-failure). Bounded by ApprovalTimeoutMinutes.");
        m.clear("Start Primary Stop Wait", PRIMARY_STOPPED, "Start Final Sync Wait")
                .comment(
                        "The evidence the promotion measures the data-loss window from; absent (null) when fencing is skipped.");
        m.clear("Start Final Sync Wait", FINAL_SYNC, "Start Primary Recheck");
        m.clear("Start Primary Recheck", PRIMARY_RESTOP, "Clear Write Fence")
                .comment("No second stop of the primary yet (see Stop Primary Again).");
        m.clear("Clear Write Fence", WRITE_FENCE, "Run Before Fence Hooks")
                .comment(
                        "No write fence of this run yet. The promote step reads $.steps.writeFence on every path (an ungraceful one too), and a second stop of the primary keeps the fence this run already put on, with the time it took effect.");
        m.hooks("Run Before Fence Hooks", "Hand Over From GitOps");
        m.step("Hand Over From GitOps", "Fence Primary Region")
                .comment(
                        "Stops Argo CD and Flux from changing the workloads' replicas for the length of the DR (DR, and the primary when it answers); each change is recorded to be given back.");
        m.notApproved("Notify Failover Not Approved", "Failover Not Approved", "Request Failover Approval")
                .comment("Ended without promoting: nothing was changed.");
        m.step("Fence Primary Region", "Primary Answered?")
                .comment(
                        "Stops the old primary's workloads if its cluster answers within the fencing timeout; otherwise records that fencing was skipped.");
        m.choice(
                        "Primary Answered?",
                        "Promote DR File System",
                        when(isTrue(at(FENCE, "primaryReachable")), "Check Primary Stopped"))
                .comment(
                        "When the primary's cluster answered, its workloads were scaled to zero: wait until no pod is left (terminating pods keep writing).");
        m.poll("Check Primary Stopped", "Primary Stopped?", "Wait For Primary Stop")
                .with("target", "primary", "replicas", "zero")
                .when("ready", "Graceful Failover?")
                .comment(
                        "Stopped means no pod at all, terminating ones included: they write until their grace period ends.");
        m.choice(
                        "Graceful Failover?",
                        "Promote DR File System",
                        when(is("$.run.mode", "graceful"), "Fence Primary File System"))
                .comment(
                        "Graceful (the default): write-fence the primary file system and wait until the fence has propagated, then wait for a sync later than the writers' stop, so nothing written on the primary is lost and no client that mounts after the fence propagated can write to it once DR is writable.");
        m.fence("Fence Primary File System", "Fence Propagated?", "Wait For Fence Propagation")
                .with("action", "fence")
                .when(
                        and(isTrue(at(WRITE_FENCE, "propagated")), is(at(ASSESS, "replicationStatus"), "NONE")),
                        "Promote DR File System")
                .when("propagated", "Check Final Sync")
                .comment(
                        "The primary's writers are gone: a file system policy denying ClientWrite goes on beside the operator's statements. EFS applies it only to clients that connect after it has propagated (\"can take several minutes to take effect\"): writers outside the plan (CronJobs, other namespaces, EC2 or Lambda mounts) that connect later cannot write. Re-run until timeouts.fencePropagationSeconds have passed since the fence went on.")
                .choiceComment(
                        "Nothing promotes before the fence applies to new mounts. With no replication into DR (a failback whose re-protection gave up), there is no sync to wait for: promote once the fence holds, the window unproven.");
        m.poll("Check Final Sync", "Final Sync Done?", "Wait For Final Sync")
                .with(
                        "source",
                        "primary",
                        "after.$",
                        at(PRIMARY_STOPPED, "writersStoppedAt"),
                        "requireSync",
                        true,
                        "bestEffort",
                        true,
                        "fence.$",
                        at(WRITE_FENCE))
                .when(is(at(FINAL_SYNC, "decision"), "PROMOTE"), "Promote DR File System")
                .when(is(at(FINAL_SYNC, "decision"), "ASK"), "Request Promotion Approval")
                .when(is(at(FINAL_SYNC, "decision"), "ABORT"), "Final Sync Unproven")
                .comment(
                        "Bounded by the plan's timeouts.finalSyncSeconds (an alarm-started run: the smaller of it and timeouts.alarmFinalSyncSeconds). Its result carries the decision: PROMOTE once a sync later than the writers' stop and the write fence's propagation (until then a mount outside the plan may still write) is on DR; past the bound the plan's onUnprovenSync decides (ASK a person, PROMOTE without the proof, ABORT).")
                .choiceComment(
                        "Reads the decision Check Final Sync made (io.efsdr.efs.SyncDecision): the rule lives in Java, not here.");
        m.pass("Final Sync Unproven", "$.error", "Resume Primary Workloads")
                .comment(
                        "onUnprovenSync is abort: no sync later than the writers' stop came within the bound, so nothing is promoted; the primary goes back to production on the same path as a refused promotion.")
                .set("Parameters", obj("Error", "FinalSyncUnproven", "Cause.$", at(FINAL_SYNC, "summary")));
        m.approval(
                        "Request Promotion Approval",
                        "promotion",
                        "the final sync did not pass the moment the primary's writers stopped: promote the DR file system anyway (writes made on the primary after the last sync will be lost)? A rejection scales the primary back up.",
                        "Promote DR File System",
                        "Resume Primary Workloads",
                        "Promotion Approval Timed Out",
                        "Promotion Approval Rejected")
                .comment(
                        "Asked when the final-sync wait gave up and a person decides (plan onUnprovenSync approval, the default, or a run that requires approval): promoting now loses the writes made after the last sync. A rejection or no answer gives the primary back to production and nothing is promoted.");
        m.fence("Resume Primary Workloads", "Unfence Propagated?", "Wait For Unfence Propagation")
                .with("action", "unfence")
                .when("propagated", "Scale Primary Workloads Up Again")
                .comment(
                        "The primary is given back (promotion not approved, or the failover aborted before promotion): its write fence comes off first (the operator's own statements stay), and its workloads scale up only once the removal has propagated, since a pod that mounts earlier stays refused writes until it is re-created. Re-run until timeouts.fencePropagationSeconds have passed since the removal. No catch: when the fence cannot be removed the run fails here, its end notice says the primary is stopped and write-fenced and how to undo it, and a redrive re-runs this step.");
        m.step("Scale Primary Workloads Up Again", "Give Back To GitOps")
                .with("target", "primary", "replicas", "active")
                .comment(
                        "Promotion was not approved after the primary had been stopped, and its fence is off: bring the primary's workloads back, so the application serves where it did.");
        m.step("Give Back To GitOps", "Notify Failover Not Approved")
                .with("scope", "run")
                .comment(
                        "The failover ends before its promotion: give the GitOps controllers back what this run took from them.");
        m.step("Promote DR File System", "Primary Still Stopped?")
                .with(
                        "target",
                        "dr",
                        "stopped.$",
                        at(PRIMARY_STOPPED),
                        "finalSync.$",
                        at(FINAL_SYNC),
                        "restop.$",
                        at(PRIMARY_RESTOP),
                        "writeFence.$",
                        at(WRITE_FENCE))
                .comment(
                        "Deletes the replication so the DR file system becomes writable, and measures the data-loss window from the last sync and the moment the primary's writers were seen gone (0, proven, after a final sync past that moment). In a graceful failover it first re-reads the primary's workloads (generations, replicas, pods) in the same invocation, so no path to it (final sync, approval, redrive) deletes on a stop that no longer holds; nothing is deleted while a primary pod that can write exists.");
        m.choice(
                        "Primary Still Stopped?",
                        "Start Promotion Wait",
                        when(is(at(PROMOTE, "recheck"), "CHANGED"), "Stop Primary Again"),
                        when(is(at(PROMOTE, "recheck"), "UNPROVEN"), "Primary Window Unproven"))
                .comment(
                        "The promote step re-read the primary just before the delete. CHANGED: a workload was scaled back up since the stop: nothing deleted, stop it again and wait for a new final sync (once). UNPROVEN: it changed again after that one re-stop, or CloudWatch saw writes on the primary file system since the writers stopped: nothing deleted, the plan's onUnprovenSync decides.");
        m.step("Stop Primary Again", "Restart Primary Stop Wait")
                .comment(
                        "The promote step found the primary's workloads changed after they were seen stopped (something scaled them back up after the hold): stop them again, once, then wait for no pod and a new final sync.");
        m.clear("Restart Primary Stop Wait", PRIMARY_STOPPED, "Restart Final Sync Wait");
        m.clear("Restart Final Sync Wait", FINAL_SYNC, "Check Primary Stopped");
        m.pass("Primary Window Unproven", at(FINAL_SYNC), "Final Sync Done?")
                .comment(
                        "The final sync, marked unproven by the promote step (gaveUp): Final Sync Done? decides as for a final sync that gave up.")
                .set("InputPath", at(PROMOTE, "unprovenSync"));
        m.clear("Start Promotion Wait", PROMOTION, "Check Promotion");
        m.poll("Check Promotion", "File System Promoted?", "Wait For Promotion")
                .with("target", "dr")
                .when("promoted", "Run After Promotion Hooks")
                .comment(
                        "One poll: promoted once no replication remains and the file system is writable; fails past the promotion timeout.");
        m.hooks("Run After Promotion Hooks", "Ensure DR StorageClass");
        m.step("Ensure DR StorageClass", "Preflight DR Volumes")
                .with("target", "dr")
                .comment(
                        "Create, keep, or delete and re-create (parameters are immutable) the DR cluster's EFS StorageClass.");
        m.step("Preflight DR Volumes", "Start DR Waves")
                .with("target", "dr", "promote.$", at(PROMOTE))
                .comment(
                        "Reports claims that are missing, on another StorageClass, or over the CSI driver's path limits.");
        m.pass("Start DR Waves", "$.waves", "Scale DR Workloads")
                .comment("The first wave to start (lowest first); a plan without waves has one.")
                .set("Result", obj("position", 0));
        m.step("Scale DR Workloads", "Start Readiness Wait")
                .with("target", "dr", "replicas", "active", "wave.$", "$.waves");
        m.clear("Start Readiness Wait", READINESS, "Check Readiness");
        m.poll("Check Readiness", "Workloads Ready?", "Wait For Readiness")
                .with("target", "dr", "replicas", "active", "wave.$", "$.waves")
                .when("ready", "Run After Wave Hooks");
        m.hooks("Run After Wave Hooks", "Run After Readiness Hooks")
                .when(isTrue(at(READINESS, "moreWaves")), "Next DR Wave");
        m.pass("Next DR Wave", "$.waves", "Scale DR Workloads")
                .comment("The next wave, once this one and the ones before it are ready.")
                .set("Parameters", obj("position.$", at(READINESS, "nextWave"), "before.$", at(SCALE)));
        m.hooks("Run After Readiness Hooks", "Traffic Switch Planned?");
        m.choice(
                        "Traffic Switch Planned?",
                        "Record Active Region",
                        when(present("$.plan.traffic"), "Start Traffic Switch"))
                .comment("A plan without 'traffic' switches nothing: the operator moves traffic, as before.");
        m.clear("Start Traffic Switch", TRAFFIC, "Switch Traffic");
        m.poll("Switch Traffic", "Traffic Switched?", "Wait For Traffic Switch")
                .with("target", "dr")
                .when("done", "Record Active Region")
                .comment(
                        "Once every wave is ready: sends client traffic to the DR region (ARC routing controls: DR On and primary Off in one call on any cluster endpoint that answers; or the Route 53 record set), then reads it back. One poll per invocation.");
        m.step("Record Active Region", "Notify Failover Complete")
                .with("target", "dr")
                .comment("The record the trigger and the readiness checks read.");
        m.notify("Notify Failover Complete", "COMPLETE", "Failover Succeeded");
        m.succeed("Failover Succeeded");
        m.stoppedByHook();
        return m;
    }

    static Machine failback() {
        Machine m = new Machine(
                "failback",
                604800,
                "Returns an EKS + EFS application from the DR region to the primary without losing what was written in DR: replicate DR onto the existing primary file system, stop the DR writers, wait for a sync newer than that stop, promote the primary, start it, then re-protect with primary -> DR and return DR to standby. Never are both regions writing. Every step is idempotent. A step that fails after its retries ends the execution there, so a redrive resumes at that step; the failure notice comes from the execution status-change rule. Every step is idempotent: redrive or re-run after any failure.");
        m.validate("Check Failback Preconditions")
                .comment(
                        "Validates the stored plan and this execution's input. Nothing is changed before this passes.");
        m.step("Check Failback Preconditions", "Notify Failback Started")
                .comment(
                        "The DR side is active (its file system writable and no replication into it); the primary region and cluster answer; the primary is not already serving.");
        m.notify("Notify Failback Started", "STARTED", "Start Clean Up");
        m.clear("Start Clean Up", CLEANUP, "Clean Up Stale Replication");
        m.poll("Clean Up Stale Replication", "Stale Record Gone?", "Wait For Stale Record Deletion")
                .when("done", "Hand Over From GitOps")
                .comment(
                        "Deletes, locally in the primary region, a replication record left by a LOCAL_CONFIGURATION_ONLY promotion, and ends the split-brain guard's watch of the primary. The primary's write fence stays on until the primary is a replication destination (\"Unfence Primary File System\").");
        m.step("Hand Over From GitOps", "Stop Primary Workloads")
                .comment(
                        "Before the first scale: keeps (or makes) the workloads of both clusters handed over from Argo CD and Flux until the give-back.");
        m.step("Stop Primary Workloads", "Start Primary Stop Wait")
                .with("target", "primary", "replicas", "zero")
                .comment("Nothing may write in the primary before its file system becomes a replication destination.");
        m.clear("Start Primary Stop Wait", PRIMARY_STOPPED, "Check Primary Stopped");
        m.poll("Check Primary Stopped", "Primary Stopped?", "Wait For Primary Stop")
                .with("target", "primary", "replicas", "zero")
                .when("ready", "Start Reverse Replication");
        m.clear("Start Reverse Replication", REVERSE, "Replicate DR To Primary");
        m.poll("Replicate DR To Primary", "Reverse Replication Created?", "Wait For Reverse Replication")
                .with("source", "dr")
                .when("ready", "Start Primary Unfence")
                .comment(
                        "Waits (polled) while either region still records a configuration of these file systems as DELETING, or EFS answers ReplicationAlreadyExists: a file system can be in one replication only.");
        m.clear("Start Primary Unfence", PRIMARY_UNFENCE, "Unfence Primary File System")
                .comment("No pass of the primary's unfence yet in this run.");
        m.fence("Unfence Primary File System", "Primary Unfence Propagated?", "Wait For Primary Unfence Propagation")
                .with("action", "unfence", "target", "primary")
                .when("propagated", "Start Initial Sync Wait")
                .comment(
                        "The primary file system is a replication destination now (read-only, modified only by EFS replication: FileSystemProtectionDescription), so the write fence the graceful failover or the split-brain guard put on it comes off here and not earlier: until the reverse replication exists the primary is a former source, writable, and a writer outside the plan that mounts it would write there while DR serves, to be overwritten by the replication. The operator's own statements stay. Re-run until timeouts.fencePropagationSeconds have passed since the removal, so that the primary's pods, which mount only after its promotion, are not refused writes for their life. No catch: when the fence cannot be removed the run fails here with DR still serving and the primary read-only, and a redrive re-runs this step.");
        m.clear("Start Initial Sync Wait", INITIAL_SYNC, "Check Initial Sync");
        m.poll("Check Initial Sync", "Initial Sync Done?", "Wait For Initial Sync")
                .with("source", "dr", "after.$", at(REVERSE, "createdAt"), "requireSync", true)
                .when("synced", "Run Before Quiesce Hooks")
                .comment(
                        "ENABLED and a sync later than the creation: the initial copy is done. Bounded by the plan's syncSeconds.");
        m.hooks("Run Before Quiesce Hooks", "Start DR Recheck");
        m.clear("Start DR Recheck", DR_RESTOP, "Clear DR Write Fence")
                .comment(
                        "No re-stop of DR yet: the promote step's re-read may stop DR again once (\"Stop DR Again\").");
        m.clear("Clear DR Write Fence", WRITE_FENCE, "Start DR Stop Waves")
                .comment(
                        "No write fence on the DR file system yet. A second stop of DR (\"Stop DR Again\") keeps the fence this run already put on, with the time it took effect.");
        m.pass("Start DR Stop Waves", "$.waves", "Stop DR Workloads")
                .comment(
                        "The first wave to stop (highest first: the reverse of the start); a plan without waves has one.")
                .set("Result", obj("position", 0));
        m.step("Stop DR Workloads", "Start Quiesce Wait")
                .with("target", "dr", "replicas", "zero", "wave.$", "$.waves")
                .comment("The write stop begins: the DR writers are scaled to zero.");
        m.clear("Start Quiesce Wait", QUIESCE, "Check DR Stopped");
        m.poll("Check DR Stopped", "DR Stopped?", "Wait For DR Stop")
                .with("target", "dr", "replicas", "zero", "wave.$", "$.waves")
                .when("nextWaveDue", "Next DR Stop Wave")
                .when("ready", "Fence DR File System")
                .comment("Done when no DR pod is left; its finish time is the quiesce time.");
        m.fence("Fence DR File System", "DR Fence Propagated?", "Wait For DR Fence Propagation")
                .with("action", "fence", "target", "dr")
                .when("propagated", "Start Final Sync Wait")
                .comment(
                        "DR's writers are gone: a file system policy denying ClientWrite goes on the DR file system beside the operator's statements. From the delete of the DR -> primary replication until re-protection makes it a destination, the DR file system is a former source and writable: a DR workload scaled back up then (a controller the orchestrator cannot see, Argo CD self-heal, Flux) or a writer outside the plan would write there while the primary serves. EFS applies the policy only to clients that connect after it has propagated (\"can take several minutes to take effect\"): re-run until timeouts.fencePropagationSeconds have passed since the fence went on, so the primary is promoted only once it holds.")
                .choiceComment("Nothing promotes the primary before the fence on DR applies to new mounts.");
        m.pass("Next DR Stop Wave", "$.waves", "Stop DR Workloads")
                .comment("The next wave, once this one and the ones before it are stopped.")
                .set("Parameters", obj("position.$", at(QUIESCE, "nextWave"), "before.$", at(STOP_DR)));
        m.clear("Start Final Sync Wait", FINAL_SYNC, "Check Final Sync");
        m.poll("Check Final Sync", "Final Sync Done?", "Wait For Final Sync")
                .with(
                        "source",
                        "dr",
                        "after.$",
                        at(QUIESCE, "writersStoppedAt"),
                        "requireSync",
                        true,
                        "fence.$",
                        at(WRITE_FENCE))
                .when("synced", "Promotion Approval Needed?")
                .comment("Only a sync later than the quiesce time proves every DR write is on the primary.");
        m.choice(
                        "Promotion Approval Needed?",
                        "Promote Primary File System",
                        when(isTrue("$.run.approvalNeeded"), "Request Failback Approval"))
                .comment(
                        "With requireApproval in the input, a person approves before the primary is promoted (the write stop lasts until then); a dry run never asks. Reads the run's approvalNeeded (io.efsdr.plan.RunContext, its reason in approvalReason).");
        m.approval(
                        "Request Failback Approval",
                        "failback",
                        "promote the primary file system and move the application back to the primary region (the DR writers are stopped meanwhile)?",
                        "Promote Primary File System",
                        "Unfence DR File System",
                        "Failback Approval Timed Out",
                        "Failback Approval Rejected")
                .comment(
                        "Waits for a person: the function publishes what is at stake and how to answer; the answer comes back through the task token (DecideApprovalFunction or send-task-success / send-task-failure). Bounded by ApprovalTimeoutMinutes.");
        m.fence("Unfence DR File System", "DR Unfence Propagated?", "Wait For DR Unfence Propagation")
                .with("action", "unfence", "target", "dr")
                .when("propagated", "Resume DR Workloads")
                .comment(
                        "DR is given back (the failback not approved): its write fence comes off first (the operator's own statements stay), and its workloads scale up only once the removal has propagated, since a pod that mounts earlier stays refused writes until it is re-created. Re-run until timeouts.fencePropagationSeconds have passed since the removal. No catch: when the fence cannot be removed the run fails here, its end notice says DR is stopped and write-fenced and how to undo it, and a redrive re-runs this step.");
        m.step("Resume DR Workloads", "Notify Failback Not Approved")
                .with("target", "dr", "replicas", "active")
                .comment(
                        "Not approved: end the write stop by serving from DR again (its file system is still writable; DR -> primary keeps replicating).")
                .set("Catch", List.of(catching("States.ALL", "$.resumeError", "Notify Failback Not Approved")));
        m.notApproved("Notify Failback Not Approved", "Failback Not Approved", "Request Failback Approval")
                .comment("Ended without promoting the primary; DR serves again.");
        m.step("Promote Primary File System", "DR Still Stopped?")
                .with(
                        "target",
                        "primary",
                        "stopped.$",
                        at(QUIESCE),
                        "finalSync.$",
                        at(FINAL_SYNC),
                        "drRestop.$",
                        at(DR_RESTOP))
                .comment(
                        "Deletes replication DR -> primary from the primary region (source id = the DR file system). It first re-reads DR's plan workloads (generations fingerprint of the quiesce's stop, spec.replicas, pods that may write) in the same invocation, so no path to it (final sync, approval, redrive) deletes on a quiesce that no longer holds; nothing is deleted while a DR pod that can write exists.");
        m.choice(
                        "DR Still Stopped?",
                        "Start Primary Promotion Wait",
                        when(is(at(PROMOTE, "recheck"), "CHANGED"), "Stop DR Again"),
                        when(is(at(PROMOTE, "recheck"), "UNPROVEN"), "DR Window Unproven"))
                .comment(
                        "The promote step re-read DR just before the delete. CHANGED: a DR workload was scaled back up since the quiesce: nothing deleted, stop DR again and wait for no pod and a new final sync (once). UNPROVEN: it changed again after that one re-stop: nothing deleted, a person decides (Request Failback Approval; no answer resumes DR).");
        m.step("Stop DR Again", "Restart Quiesce Wait")
                .with("target", "dr", "replicas", "zero")
                .comment(
                        "The promote step found DR's workloads changed after the quiesce saw them stopped (something scaled them back up after the hold): stop every plan workload in DR again, once, then wait for no pod and a new final sync.");
        m.clear("Restart Quiesce Wait", QUIESCE, "Restart Final Sync Wait");
        m.clear("Restart Final Sync Wait", FINAL_SYNC, "Check DR Stopped");
        m.pass("DR Window Unproven", at(FINAL_SYNC), "Request Failback Approval")
                .comment(
                        "The final sync, marked unproven by the promote step (DR changed again after its one re-stop): the failback has no onUnprovenSync, a person decides; an unanswered or rejected request resumes DR.")
                .set("InputPath", at(PROMOTE, "unprovenSync"));
        m.clear("Start Primary Promotion Wait", PROMOTION, "Check Primary Promotion");
        m.poll("Check Primary Promotion", "Primary Promoted?", "Wait For Primary Promotion")
                .with("target", "primary")
                .when("promoted", "Run After Promotion Hooks");
        m.hooks("Run After Promotion Hooks", "Ensure Primary StorageClass");
        m.step("Ensure Primary StorageClass", "Start Primary Waves").with("target", "primary");
        m.pass("Start Primary Waves", "$.waves", "Scale Primary Workloads")
                .comment("The first wave to start (lowest first); a plan without waves has one.")
                .set("Result", obj("position", 0));
        m.step("Scale Primary Workloads", "Start Primary Readiness Wait")
                .with("target", "primary", "replicas", "active", "wave.$", "$.waves");
        m.clear("Start Primary Readiness Wait", READINESS, "Check Primary Readiness");
        m.poll("Check Primary Readiness", "Primary Ready?", "Wait For Primary Readiness")
                .with("target", "primary", "replicas", "active", "wave.$", "$.waves")
                .when("ready", "Run After Wave Hooks")
                .comment("The write stop ends when the primary's workloads are ready.");
        m.hooks("Run After Wave Hooks", "Run After Readiness Hooks")
                .when(isTrue(at(READINESS, "moreWaves")), "Next Primary Wave");
        m.pass("Next Primary Wave", "$.waves", "Scale Primary Workloads")
                .comment("The next wave, once this one and the ones before it are ready.")
                .set("Parameters", obj("position.$", at(READINESS, "nextWave"), "before.$", at(SCALE)));
        m.hooks("Run After Readiness Hooks", "Traffic Switch Back Planned?");
        m.choice(
                        "Traffic Switch Back Planned?",
                        "Start Re-protection",
                        when(present("$.plan.traffic"), "Start Traffic Switch Back"))
                .comment("A plan without 'traffic' switches nothing: the operator moves traffic, as before.");
        m.clear("Start Traffic Switch Back", TRAFFIC, "Switch Traffic Back");
        m.poll("Switch Traffic Back", "Traffic Switched Back?", "Wait For Traffic Switch Back")
                .with("target", "primary")
                .when("done", "Start Re-protection")
                .comment(
                        "Once the primary's every wave is ready: sends client traffic back to the primary region (primary On, DR Off), then reads it back. One poll per invocation.");
        m.clear("Start Re-protection", REPROTECT, "Replicate Primary To DR");
        m.poll("Replicate Primary To DR", "Re-protection Created?", "Wait For Old Replication Deletion")
                .with("source", "primary")
                .when("gaveUp", "Unfence DR For Standby")
                .when("ready", "Start DR Replication Wait")
                .comment(
                        "Waits (polled) while either region still records a configuration of these file systems as DELETING, or EFS answers ReplicationAlreadyExists: a file system can be in one replication only.")
                .choiceComment(
                        "Re-protection that kept failing until its bound gave up (DR protection set back to ENABLED): DR still returns to standby and the primary is recorded as active, then the run fails at Replicate Primary To DR, so a redrive tries re-protection again.");
        m.clear("Start DR Replication Wait", REPROTECTED, "Check DR Replication");
        m.poll("Check DR Replication", "DR Replication Enabled?", "Wait For DR Replication")
                .with("source", "primary", "requireSync", false)
                .when("synced", "Unfence DR For Standby");
        m.fence("Unfence DR For Standby", "DR Standby Unfence Propagated?", "Wait For DR Standby Unfence")
                .with("action", "unfence", "target", "dr")
                .when("propagated", "Return DR To Standby")
                .comment(
                        "The DR file system is a replication destination again (read-only, modified only by EFS replication: the EFS API reference, FileSystemProtectionDescription), so its write fence is no longer needed and comes off (the operator's own statements stay). It must have propagated before DR's pods scale up: a pod that mounts while the fence is in effect stays refused writes for its life, so it could not write at the next failover. When re-protection gave up, DR stays writable without a replication: its fence still comes off so the next failover can write there, and DR's workloads are held at 0. Re-run until timeouts.fencePropagationSeconds have passed since the removal.");
        m.step("Return DR To Standby", "Start DR Standby Wait")
                .with("target", "dr", "replicas", "standby", "drUnprotected.$", at(REPROTECT, "gaveUp"))
                .comment(
                        "Pilot light: 0; warm standby: the plan's standby replicas, on the read-only DR file system. When re-protection gave up (drUnprotected) the DR file system is writable without replication: warm-standby workloads are held at 0 instead, so two regions never write.");
        m.clear("Start DR Standby Wait", STANDBY_READY, "Check DR Standby");
        m.poll("Check DR Standby", "DR Standby Ready?", "Wait For DR Standby")
                .with("target", "dr", "replicas", "standby", "drUnprotected.$", at(REPROTECT, "gaveUp"))
                .when("ready", "Ensure DR StorageClass");
        m.step("Ensure DR StorageClass", "Start GitOps Give Back").with("target", "dr");
        m.clear("Start GitOps Give Back", GIVE_BACK, "Give Back To GitOps");
        m.poll("Give Back To GitOps", "GitOps Given Back?", "Wait For GitOps Sync")
                .with("scope", "all", "verify", true, "drUnprotected.$", at(REPROTECT, "gaveUp"))
                .when("done", "Record Active Region")
                .comment(
                        "The primary serves again and DR stands by: restore every lever the failover, the split-brain guard and this failback set (only where it still holds our value), then wait for the controllers to read in sync.");
        m.step("Record Active Region", "DR Left Unprotected?")
                .with("target", "primary", "reprotect.$", at(REPROTECT))
                .comment(
                        "The record the trigger and the readiness checks read; it also says since when DR is unprotected when re-protection gave up.");
        m.choice(
                        "DR Left Unprotected?",
                        "Run After Failback Hooks",
                        when(isTrue(at(REPROTECT, "gaveUp")), "Replicate Primary To DR"))
                .comment(
                        "Re-protection gave up: end FAILED at Replicate Primary To DR (it refuses a given-up re-protection, saying DR is not protected), so a redrive re-runs re-protection.");
        m.hooks("Run After Failback Hooks", "Notify Failback Complete");
        m.notify("Notify Failback Complete", "COMPLETE", "Failback Succeeded");
        m.succeed("Failback Succeeded");
        m.stoppedByHook();
        return m;
    }
}
