package io.efsdr.plan;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.error.InvalidInputException;
import io.efsdr.error.UnsafeStateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadResolutionTest {
    private static final Workload ORDERS_DB = new Workload("shop", WorkloadKind.StatefulSet, "orders-db", 1, 0);

    /** A DR cluster whose selected workloads the test changes between calls; records which site was asked. */
    private static final class FakeLister implements WorkloadLister {
        List<Workload> found;
        final List<String> askedClusters = new ArrayList<>();

        FakeLister(List<Workload> found) {
            this.found = found;
        }

        @Override
        public List<Workload> list(Site site, WorkloadSelector selector) {
            askedClusters.add(site.clusterName());
            return found;
        }
    }

    private static List<Workload> generated(int count) {
        List<Workload> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Workload("shop", WorkloadKind.Deployment, "app-" + i, 2, 0));
        }
        return list;
    }

    private static DrPlan plan(boolean withSelector) {
        String selector = withSelector
                ? ", \"selector\": {\"namespaces\": [\"shop\"], \"matchLabels\": {\"app.kubernetes.io/part-of\": "
                        + "\"shop\"}}"
                : "";
        return new PlanValidator().parse("""
        {"application": "shop",
         "primary": {"region": "us-east-1", "clusterName": "shop-primary", "fileSystemId": "fs-0123456789abcdef0"},
         "dr": {"region": "us-west-2", "clusterName": "shop-dr", "fileSystemId": "fs-0fedcba9876543210"},
         "storageClass": {"name": "efs-sc", "uid": "1000", "gid": "1000"},
         "workloads": {"items": [{"namespace": "shop", "kind": "StatefulSet", "name": "orders-db", "activeReplicas": \
        1}]%s},
         "rpoSeconds": 900}
        """.formatted(selector));
    }

    private static RunContext run(WorkloadScope scope) {
        return new RunContext(
                "run-1",
                "failover",
                "",
                false,
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                false,
                3600,
                FailoverMode.GRACEFUL,
                scope);
    }

    @Test
    void fingerprint_whenOrderDiffers_isTheSame() {
        List<Workload> workloads = generated(3);
        List<Workload> reversed = new ArrayList<>(workloads);
        Collections.reverse(reversed);

        assertEquals(WorkloadScope.fingerprint(workloads), WorkloadScope.fingerprint(reversed));
    }

    @Test
    void fingerprint_whenAReplicaCountChanges_differs() {
        List<Workload> workloads = generated(3);
        List<Workload> changed = new ArrayList<>(workloads);
        changed.set(1, new Workload("shop", WorkloadKind.Deployment, "app-1", 3, 0));
        List<Workload> standbyChanged = new ArrayList<>(workloads);
        standbyChanged.set(1, new Workload("shop", WorkloadKind.Deployment, "app-1", 2, 1));

        assertAll(
                () -> assertNotEquals(WorkloadScope.fingerprint(workloads), WorkloadScope.fingerprint(changed)),
                () -> assertNotEquals(WorkloadScope.fingerprint(workloads), WorkloadScope.fingerprint(standbyChanged)),
                () -> assertEquals(64, WorkloadScope.fingerprint(workloads).length()));
    }

    @Test
    void fix_whenTheRunIsSmall_carriesTheResolvedWorkloads() {
        FakeLister lister = new FakeLister(generated(WorkloadResolution.MAX_CARRIED - 1));

        WorkloadResolution.Fixed fixed = new WorkloadResolution(lister).fix(plan(true), List.of());

        assertAll(
                () -> assertNull(fixed.scope()),
                () -> assertNull(fixed.plan().workloads().selector()),
                () -> assertEquals(
                        WorkloadResolution.MAX_CARRIED,
                        fixed.plan().workloads().list().size()),
                () -> assertEquals(ORDERS_DB, fixed.plan().workloads().list().get(0)));
    }

    @Test
    void fix_whenTheRunIsLarge_carriesTheSelectorAndAFingerprint() {
        List<Workload> found = generated(5000 - 1);
        FakeLister lister = new FakeLister(found);

        WorkloadResolution.Fixed fixed = new WorkloadResolution(lister).fix(plan(true), List.of());

        List<Workload> all = new ArrayList<>(List.of(ORDERS_DB));
        all.addAll(found);
        assertAll(
                () -> assertNotNull(fixed.plan().workloads().selector()),
                () -> assertEquals(List.of(ORDERS_DB), fixed.plan().workloads().items()),
                () -> assertEquals(new WorkloadScope(List.of(), 5000, WorkloadScope.fingerprint(all)), fixed.scope()),
                () -> assertEquals(List.of("shop-dr"), lister.askedClusters));
    }

    @Test
    void fix_whenTheInputNarrowsALargeRunToFew_carriesTheFew() {
        FakeLister lister = new FakeLister(generated(1000));

        WorkloadResolution.Fixed fixed =
                new WorkloadResolution(lister).fix(plan(true), List.of("shop/app-7", "shop/orders-db"));

        assertAll(
                () -> assertNull(fixed.scope()),
                () -> assertEquals(
                        List.of("shop/Deployment/app-7", "shop/StatefulSet/orders-db"),
                        fixed.plan().workloads().list().stream()
                                .map(Workload::id)
                                .toList()));
    }

    @Test
    void fix_whenTheSelectorFindsMoreThanTheLimit_isAPlanError() {
        FakeLister lister = new FakeLister(generated(PlanValidator.MAX_WORKLOADS));

        InvalidInputException error = assertThrows(
                InvalidInputException.class, () -> new WorkloadResolution(lister).fix(plan(true), List.of()));

        assertTrue(error.getMessage().contains("names 5001 workloads"), error.getMessage());
    }

    @Test
    void resolve_whenTheSetIsUnchanged_givesTheRunsWorkloadsAndAsksOnlyTheDrCluster() {
        FakeLister lister = new FakeLister(generated(500));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        WorkloadResolution.Fixed fixed = resolution.fix(plan(true), List.of());
        lister.found = new ArrayList<>(generated(500));
        Collections.reverse(lister.found);

        DrPlan resolved = resolution.resolve(fixed.plan(), run(fixed.scope()));

        assertAll(
                () -> assertNull(resolved.workloads().selector()),
                () -> assertEquals(501, resolved.workloads().list().size()),
                () -> assertEquals(List.of("shop-dr", "shop-dr"), lister.askedClusters));
    }

    @Test
    void resolve_whenAWorkloadWasAddedSinceValidation_refusesToAct() {
        FakeLister lister = new FakeLister(generated(500));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        WorkloadResolution.Fixed fixed = resolution.fix(plan(true), List.of());
        lister.found = generated(501);

        UnsafeStateException error =
                assertThrows(UnsafeStateException.class, () -> resolution.resolve(fixed.plan(), run(fixed.scope())));

        assertTrue(
                error.getMessage().contains("changed since Validate Plan (501 when the run was validated, 502 now)"),
                error.getMessage());
    }

    @Test
    void resolve_whenAReplicaAnnotationChangedSinceValidation_refusesToAct() {
        FakeLister lister = new FakeLister(generated(500));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        WorkloadResolution.Fixed fixed = resolution.fix(plan(true), List.of());
        lister.found = new ArrayList<>(generated(500));
        lister.found.set(42, new Workload("shop", WorkloadKind.Deployment, "app-42", 5, 0));

        assertThrows(UnsafeStateException.class, () -> resolution.resolve(fixed.plan(), run(fixed.scope())));
    }

    @Test
    void resolve_whenTheRunNarrowedALargeSet_givesOnlyTheNamedWorkloads() {
        List<String> names =
                generated(300).stream().map(w -> w.namespace() + "/" + w.name()).toList();
        FakeLister lister = new FakeLister(generated(1000));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        WorkloadResolution.Fixed fixed = resolution.fix(plan(true), names);

        DrPlan resolved = resolution.resolve(fixed.plan(), run(fixed.scope()));

        assertAll(
                () -> assertEquals(names, fixed.scope().names()),
                () -> assertEquals(300, resolved.workloads().list().size()),
                () -> assertTrue(resolved.workloads().list().stream()
                        .noneMatch(w -> w.name().equals("orders-db"))));
    }

    @Test
    void resolve_whenANarrowedWorkloadIsGone_refusesToAct() {
        List<String> names =
                generated(300).stream().map(w -> w.namespace() + "/" + w.name()).toList();
        FakeLister lister = new FakeLister(generated(1000));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        WorkloadResolution.Fixed fixed = resolution.fix(plan(true), names);
        lister.found = generated(1000).subList(1, 1000);

        UnsafeStateException error =
                assertThrows(UnsafeStateException.class, () -> resolution.resolve(fixed.plan(), run(fixed.scope())));

        assertTrue(error.getMessage().contains("'shop/app-0' is not a workload of the plan"), error.getMessage());
    }

    @Test
    void resolve_whenThePlanCarriesItsWorkloads_asksNoCluster() {
        FakeLister lister = new FakeLister(generated(10));
        WorkloadResolution resolution = new WorkloadResolution(lister);
        DrPlan carried = resolution.fix(plan(true), List.of()).plan();
        lister.askedClusters.clear();

        assertAll(
                () -> assertSame(carried, resolution.resolve(carried, run(null))),
                () -> assertTrue(lister.askedClusters.isEmpty()));
    }

    @Test
    void list_whenTheSelectorIsNotResolved_failsRatherThanSkipTheSelectedWorkloads() {
        assertThrows(IllegalStateException.class, () -> plan(true).workloads().list());
    }
}
