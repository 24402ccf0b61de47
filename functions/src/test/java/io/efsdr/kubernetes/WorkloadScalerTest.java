package io.efsdr.kubernetes;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.PRIMARY;
import static io.efsdr.testing.Plans.T0;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.error.UnsafeStateException;
import io.efsdr.plan.ReplicaLevel;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import io.efsdr.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scaler writes only what differs, through the scale subresource, and changes nothing when run again. */
class WorkloadScalerTest {
    private static final Workload API = new Workload("shop", WorkloadKind.Deployment, "api", 2, 2);
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster cluster = clusters.of(PRIMARY);
    private final WorkloadScaler scaler = new WorkloadScaler(clusters, new TestClock(T0));

    static String outcome(Object value) {
        return String.valueOf(value);
    }

    private ScaleResult scale(List<Workload> workloads, ReplicaLevel level) {
        return scaler.scale(PRIMARY, workloads, level, 4, 0, false, false);
    }

    @Test
    void scale_whenEveryWorkloadIsAlreadyAtTheLevel_writesNothing() {
        cluster.workload(WEB, 3).workload(DB, 2);

        ScaleResult result = scale(List.of(WEB, DB), ReplicaLevel.ACTIVE);

        assertAll(
                () -> assertEquals(List.of(), cluster.writes()),
                () -> assertEquals(0, result.scaled()),
                () -> assertEquals(2, result.unchanged()),
                () -> assertEquals(
                        List.of("UNCHANGED", "UNCHANGED"),
                        result.changes().stream().map(c -> outcome(c.outcome())).toList()));
    }

    @Test
    void scale_writesOnlyTheWorkloadsThatDiffer_andASecondRunWritesNothing() {
        cluster.workload(WEB, 3).workload(DB, 2).workload(API, 2);

        ScaleResult first = scale(List.of(WEB, DB, API), ReplicaLevel.STANDBY);
        List<String> afterFirst = cluster.writes();
        ScaleResult second = scale(List.of(WEB, DB, API), ReplicaLevel.STANDBY);

        assertAll(
                () -> assertEquals(
                        List.of(
                                "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale replicas=1",
                                "PATCH /apis/apps/v1/namespaces/shop/statefulsets/db/scale replicas=0"),
                        afterFirst.stream().sorted().toList()),
                () -> assertEquals(2, first.scaled()),
                () -> assertEquals(1, first.unchanged()),
                () -> assertEquals(afterFirst, cluster.writes()),
                () -> assertEquals(0, second.scaled()),
                () -> assertEquals(3, second.unchanged()));
    }

    @Test
    void scale_listsTheChangedWorkloadsFirstWithTheirFromAndTo() {
        cluster.workload(API, 2).workload(WEB, 3);

        ScaleResult result = scale(List.of(API, WEB), ReplicaLevel.ZERO);

        assertAll(
                () -> assertEquals(2, result.scaled()),
                () -> assertEquals(
                        new WorkloadChange(
                                API.id(), 2, 0, result.changes().get(0).outcome()),
                        result.changes().get(0)),
                () -> assertEquals("SCALED", outcome(result.changes().get(0).outcome())));
    }

    @Test
    void scale_putsUnchangedWorkloadsAfterTheChangedOnes() {
        cluster.workload(WEB, 0).workload(DB, 2);

        ScaleResult result = scale(List.of(WEB, DB), ReplicaLevel.ZERO);

        assertEquals(
                List.of(DB.id(), WEB.id()),
                result.changes().stream().map(WorkloadChange::workload).toList());
    }

    @Test
    void scale_whenDryRun_writesNothingButSaysWhatWouldChange() {
        cluster.workload(WEB, 3).workload(DB, 0);

        ScaleResult result = scaler.scale(PRIMARY, List.of(WEB, DB), ReplicaLevel.ZERO, 4, 0, true, true);

        assertAll(
                () -> assertEquals(List.of(), cluster.writes()),
                () -> assertEquals(1, result.scaled()),
                () -> assertEquals(1, result.unchanged()),
                () -> assertTrue(result.summary().startsWith("would scale"), result.summary()));
    }

    @Test
    void scale_whenAWorkloadIsMissingAndAllAreRequired_scalesTheOthersThenFails() {
        cluster.workload(WEB, 3);

        UnsafeStateException e = assertThrows(
                UnsafeStateException.class,
                () -> scaler.scale(PRIMARY, List.of(WEB, DB), ReplicaLevel.ZERO, 4, 0, false, true));

        assertAll(
                () -> assertTrue(e.getMessage().contains(DB.id()), e.getMessage()),
                () -> assertEquals(
                        List.of("PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale replicas=0"),
                        cluster.writes()));
    }

    @Test
    void scale_whenAWorkloadIsMissingAndNotRequired_reportsIt() {
        cluster.workload(WEB, 3);

        ScaleResult result = scale(List.of(WEB, DB), ReplicaLevel.ZERO);

        assertAll(
                () -> assertEquals(List.of(DB.id()), result.missing()),
                () -> assertEquals(1, result.scaled()),
                () -> assertTrue(result.summary().contains(DB.id()), result.summary()));
    }

    @Test
    void scale_whenAConflictAnswers_reReadsAndTriesAgain() {
        cluster.workload(WEB, 3).conflicts(WEB, 1);

        ScaleResult result = scale(List.of(WEB), ReplicaLevel.ZERO);

        assertAll(
                () -> assertEquals(1, result.scaled()),
                () -> assertEquals(
                        List.of("PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale replicas=0"),
                        cluster.writes()));
    }

    @Test
    void scale_whenTheReReadAfterAConflictShowsTheLevel_writesNothingMore() {
        cluster.workload(WEB, 3).conflicts(WEB, 1);
        KubernetesApi racing = new DelegatingCluster(cluster) {
            @Override
            public JsonNode mergePatch(String path, JsonNode body) {
                try {
                    return super.mergePatch(path, body);
                } catch (ApiConflictException e) {
                    ((ObjectNode) cluster.object(Paths.workload(WEB)).path("spec")).put("replicas", 0);
                    throw e;
                }
            }
        };
        WorkloadScaler racingScaler = new WorkloadScaler(site -> racing, new TestClock(T0));

        ScaleResult result = racingScaler.scale(PRIMARY, List.of(WEB), ReplicaLevel.ZERO, 1, 0, false, false);

        assertAll(
                () -> assertEquals(0, result.scaled()),
                () -> assertEquals(1, result.unchanged()),
                () -> assertEquals(List.of(), cluster.writes()));
    }

    @Test
    void scale_readsEveryPageOfTheListOncePerNamespaceAndKind() {
        List<Workload> many = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Workload w = new Workload("shop", WorkloadKind.Deployment, "w" + i, 1, 0);
            many.add(w);
            cluster.workload(w, 1);
        }
        cluster.pageSize(3);

        ScaleResult result = scale(many, ReplicaLevel.ACTIVE);

        assertAll(
                () -> assertEquals(7, result.unchanged()),
                () -> assertEquals(3, cluster.reads()),
                () -> assertEquals(List.of(), cluster.writes()));
    }

    @Test
    void scale_whenTheListDoesNotShowAWorkload_readsItsScaleAndFindsItMissing() {
        cluster.workload(WEB, 3);

        ScaleResult result = scale(List.of(DB), ReplicaLevel.ACTIVE);

        assertAll(
                () -> assertEquals(List.of(DB.id()), result.missing()),
                () -> assertEquals("MISSING", outcome(result.changes().get(0).outcome())));
    }

    /** Passes every call to a cluster; tests override what they need. */
    static class DelegatingCluster implements KubernetesApi {
        private final KubernetesApi delegate;

        DelegatingCluster(KubernetesApi delegate) {
            this.delegate = delegate;
        }

        @Override
        public String clusterName() {
            return delegate.clusterName();
        }

        @Override
        public Optional<JsonNode> get(String path) {
            return delegate.get(path);
        }

        @Override
        public JsonNode list(String path, Map<String, String> query) {
            return delegate.list(path, query);
        }

        @Override
        public JsonNode create(String path, JsonNode body) {
            return delegate.create(path, body);
        }

        @Override
        public JsonNode mergePatch(String path, JsonNode body) {
            return delegate.mergePatch(path, body);
        }

        @Override
        public boolean delete(String path) {
            return delegate.delete(path);
        }

        @Override
        public KubernetesApi pacedBy(RateLimiter limiter) {
            return this;
        }
    }
}
