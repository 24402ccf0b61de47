package io.efsdr.testing;

import io.efsdr.plan.DrPlan;
import io.efsdr.plan.FailoverMode;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.Site;
import io.efsdr.plan.StorageClassSpec;
import io.efsdr.plan.Timeouts;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import io.efsdr.plan.WorkloadSet;
import java.time.Instant;
import java.util.List;

/** One protected application in two regions, for tests of the domain below the wire. */
public final class Plans {
    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    public static final String PRIMARY_REGION = "us-east-1";
    public static final String DR_REGION = "us-west-2";
    public static final String PRIMARY_FS = "fs-0123456789abcdef0";
    public static final String DR_FS = "fs-0fedcba9876543210";
    public static final Site PRIMARY = new Site(PRIMARY_REGION, "shop-primary", PRIMARY_FS);
    public static final Site DR = new Site(DR_REGION, "shop-dr", DR_FS);
    public static final Workload WEB = new Workload("shop", WorkloadKind.Deployment, "web", 3, 1);
    public static final Workload DB = new Workload("shop", WorkloadKind.StatefulSet, "db", 2, 0);
    public static final StorageClassSpec STORAGE_CLASS = new StorageClassSpec(
            "efs-sc",
            "700",
            "1000",
            "1000",
            null,
            null,
            "/dynamic_provisioning",
            StorageClassSpec.DEFAULT_SUB_PATH_PATTERN,
            "false",
            null);
    /** Promotion 1800 s, readiness 600 s, fencing 1 s, sync 3600 s, final sync 900 s, local deletion 300 s. */
    public static final Timeouts TIMEOUTS = new Timeouts(1800, 600, 1, 3600, 900, 300);

    private Plans() {}

    public static DrPlan plan() {
        return plan(List.of(WEB, DB));
    }

    public static DrPlan plan(List<Workload> workloads) {
        return new DrPlan("shop", PRIMARY, DR, STORAGE_CLASS, WorkloadSet.resolved(workloads), 900, TIMEOUTS, 4, 0);
    }

    public static RunContext run(String workflow) {
        return new RunContext("run-1", workflow, "test", false, T0, null, false, 3600, FailoverMode.GRACEFUL, null);
    }

    public static RunContext dryRun(String workflow) {
        return new RunContext("run-1", workflow, "test", true, T0, null, false, 3600, FailoverMode.GRACEFUL, null);
    }

    public static RunContext ungraceful(String workflow) {
        return new RunContext("run-1", workflow, "test", false, T0, null, false, 3600, FailoverMode.UNGRACEFUL, null);
    }
}
