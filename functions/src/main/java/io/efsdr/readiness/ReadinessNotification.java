package io.efsdr.readiness;

import io.efsdr.notify.sns.Notification;
import io.efsdr.plan.DrPlan;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the readiness notification for a person: what changed, the table of checks, what to do. */
final class ReadinessNotification {
    private static final Map<String, String> ADVICE = Map.of(
            ReadinessChecks.REPLICATION,
            "Open the replication in the EFS console of the DR region (status message, TimeSinceLastSync). "
                    + "ERROR means a file "
                    + "system failed, PAUSED/PAUSING that a region was opted out. Until it syncs within the "
                    + "RPO, a failover loses "
                    + "everything written since the last sync.",
            ReadinessChecks.DR_CLUSTER_ACCESS,
            "Map the orchestrator's function roles (stack outputs *FunctionRoleArn) to the group "
                    + "efs-dr-orchestrator with an EKS "
                    + "access entry in the DR cluster, and apply kubernetes/rbac.yaml there with a "
                    + "RoleBinding in every workload "
                    + "namespace, and kubernetes/handover-policy.yaml with it (it narrows the workload patch right)."
                    + " A failover stops at the first denied call.",
            ReadinessChecks.DR_STORAGE_CLASS,
            "Compare `kubectl get storageclass <name> -o yaml` in both clusters: only fileSystemId may "
                    + "differ, and each must be "
                    + "its own region's. A failover re-creates the DR StorageClass from the plan, but drift "
                    + "means the clusters have "
                    + "been changed by hand.",
            ReadinessChecks.DR_WORKLOADS,
            "Apply the same manifests in the DR cluster as in the primary, at their standby replicas (0 for "
                    + "pilot light), " + "with their PersistentVolumeClaims, and keep every rendered path within 100 "
                    + "characters and 5 '/'.",
            ReadinessChecks.ACCESS_POINTS,
            "Delete access points no volume uses any more (PVs released with reclaimPolicy Retain keep "
                    + "theirs) or ask for a "
                    + "quota increase: every new PVC needs one, and at 10,000 provisioning fails.",
            ReadinessChecks.ACTIVE_REGION,
            "Make the record say which region serves: aws ssm put-parameter --overwrite --name <parameter> "
                    + "--value <region> "
                    + "(absent means the primary), or find out why the recorded region's file system is read-only.");

    /** What to do when both regions run writers: nothing the orchestrator does undoes this by itself. */
    static final String WRITERS_ADVICE =
            "Both regions accept writes now. Scale the workloads in the inactive region to 0 at "
                    + "once (kubectl scale --replicas=0), and look for what started them (an Argo CD "
                    + "self-heal, a Flux reconcile, an "
                    + "HPA or KEDA minimum): the readiness detail names the workloads. Writes made there "
                    + "are not in the active file "
                    + "system; copy back what must be kept before replication is set up again.";

    private ReadinessNotification() {}

    static Notification compose(
            ReadinessFindings findings,
            ReadinessSnapshot current,
            ReadinessSnapshot previous,
            List<String> changes,
            String trigger,
            String activeRegionParameterName) {
        DrPlan plan = findings.plan();
        String application = plan == null ? "DR plan" : plan.application();
        List<CheckResult> notReady = findings.checks().stream()
                .filter(c -> c.status() != CheckStatus.OK)
                .toList();
        String subject;
        if (previous == null) {
            subject = application + " DR readiness " + current.overall()
                    + (notReady.isEmpty() ? ": all checks OK" : ": " + names(notReady) + " not OK");
        } else {
            subject = application + " DR readiness "
                    + (previous.overall() == current.overall()
                            ? "still " + current.overall()
                            : previous.overall() + " -> " + current.overall())
                    + ": "
                    + changes.stream().filter(c -> !c.startsWith("overall:")).collect(Collectors.joining(", "));
        }
        List<CheckResult> alerts = findings.checks().stream()
                .filter(c -> c.status() == CheckStatus.FAIL && c.alert() != null)
                .toList();
        if (!alerts.isEmpty()) {
            subject = "DR READINESS: " + alerts.stream().map(CheckResult::alert).collect(Collectors.joining("; "))
                    + " - " + application;
        }
        StringBuilder body = new StringBuilder();
        for (CheckResult alert : alerts) {
            body.append("ALERT: ")
                    .append(alert.alert())
                    .append(". ")
                    .append(WRITERS_ADVICE)
                    .append("\n\n");
        }
        body.append("DR readiness of ").append(application);
        if (plan != null) {
            body.append(" (")
                    .append(plan.primary().region())
                    .append(" -> ")
                    .append(plan.dr().region())
                    .append(")");
        }
        body.append(": ").append(current.overall()).append('\n');
        body.append(
                        switch (current.overall()) {
                            case OK -> "A failover could start now: every check passed.";
                            case WARN -> "A failover could start now, but something needs attention soon.";
                            case FAIL ->
                                "A failover started now would likely fail or lose data: fix the failing checks.";
                        })
                .append('\n');
        body.append("Checked at ")
                .append(current.checkedAt())
                .append(" (")
                .append(trigger)
                .append(")");
        if (previous != null) {
            body.append("; previous result ")
                    .append(previous.overall())
                    .append(" at ")
                    .append(previous.checkedAt());
        }
        body.append(".\n\nWhat changed:\n");
        changes.forEach(c -> body.append("  - ").append(c).append('\n'));
        body.append("\nCheck               Status  Detail\n");
        for (CheckResult check : findings.checks()) {
            body.append(String.format("%-19s %-7s %s%n", check.name(), check.status(), check.detail()));
        }
        if (!notReady.isEmpty()) {
            body.append("\nWhat to do:\n");
            for (CheckResult check : notReady) {
                String advice = ADVICE.getOrDefault(check.name(), "See the detail above.")
                        .replace("<parameter>", activeRegionParameterName);
                body.append("  - ")
                        .append(check.name())
                        .append(": ")
                        .append(advice)
                        .append('\n');
            }
        } else if (previous != null) {
            body.append("\nNothing to do: every check passes again.\n");
        }
        body.append("\nYou hear from this check only when a result changes. Metrics (namespace EfsDr, dimension "
                + "Workflow=readiness): ReadinessOverall and one Readiness<Check> per check, 1 = OK "
                + "or WARN, 0 = FAIL.\n");
        return new Notification(subject, body.toString());
    }

    private static String names(List<CheckResult> checks) {
        return checks.stream().map(c -> c.name() + " " + c.status()).collect(Collectors.joining(", "));
    }
}
