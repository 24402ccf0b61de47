package io.efsdr.kubernetes;

import static io.efsdr.testing.Plans.DB;
import static io.efsdr.testing.Plans.DR;
import static io.efsdr.testing.Plans.WEB;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which controllers can scale a workload back, found from its metadata and the autoscalers naming it. */
class ScalingControllersTest {
    private static final String HPAS = "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers";
    private static final String SCALED_OBJECTS = "/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects";
    private final FakeClusters clusters = new FakeClusters();
    private final FakeCluster cluster = clusters.of(DR).workload(WEB, 0).workload(DB, 0);
    private final ScalingControllers controllers = new ScalingControllers(clusters);

    private List<ScalingController.Kind> kinds(Map<String, List<ScalingController>> found, String id) {
        return found.getOrDefault(id, List.of()).stream()
                .map(ScalingController::kind)
                .toList();
    }

    @Test
    void find_whenNothingManagesTheReplicas_findsNothing() {
        assertEquals(Map.of(), controllers.find(DR, List.of(WEB, DB), 4));
    }

    @Test
    void find_whenArgoCdTracksTheWorkloadByAnnotation_namesTheApplicationAndTheFix() {
        cluster.annotate(WEB, ScalingControllers.ARGO_CD_TRACKING, "shop:apps/Deployment:shop/web");

        ScalingController found =
                controllers.find(DR, List.of(WEB, DB), 4).get(WEB.id()).get(0);

        assertAll(
                () -> assertEquals(ScalingController.Kind.ARGO_CD, found.kind()),
                () -> assertEquals("shop", found.name()),
                () -> assertTrue(
                        found.fix().contains("ignoreDifferences with jsonPointers [/spec/replicas]"), found.fix()));
    }

    @Test
    void find_whenArgoCdTracksTheWorkloadByTheInstanceLabel_namesIt() {
        cluster.label(WEB, ScalingControllers.INSTANCE_LABEL, "shop-prod");

        assertEquals(
                "shop-prod",
                controllers.find(DR, List.of(WEB), 4).get(WEB.id()).get(0).name());
    }

    @Test
    void find_whenFluxAppliesTheWorkloads_namesTheKustomizationAndTheHelmRelease() {
        cluster.label(WEB, "kustomize.toolkit.fluxcd.io/name", "apps")
                .label(WEB, "kustomize.toolkit.fluxcd.io/namespace", "flux-system");
        cluster.label(DB, "helm.toolkit.fluxcd.io/name", "orders-db")
                .label(DB, "helm.toolkit.fluxcd.io/namespace", "shop");

        Map<String, List<ScalingController>> found = controllers.find(DR, List.of(WEB, DB), 4);

        assertAll(
                () -> assertEquals(List.of(ScalingController.Kind.FLUX_KUSTOMIZATION), kinds(found, WEB.id())),
                () -> assertTrue(
                        found.get(WEB.id()).get(0).fix().contains("flux suspend kustomization apps -n flux-system")),
                () -> assertEquals(List.of(ScalingController.Kind.FLUX_HELM_RELEASE), kinds(found, DB.id())),
                () -> assertTrue(
                        found.get(DB.id()).get(0).fix().contains("flux suspend helmrelease orders-db -n shop")));
    }

    @Test
    void find_whenAnHpaNamesTheWorkloadWithAMinimumAboveZero_namesItAndOnlyThatWorkload() {
        cluster.autoscaler(HPAS, "web", WEB, "minReplicas", 2);

        Map<String, List<ScalingController>> found = controllers.find(DR, List.of(WEB, DB), 4);

        assertAll(
                () -> assertEquals(List.of(ScalingController.Kind.HORIZONTAL_POD_AUTOSCALER), kinds(found, WEB.id())),
                () -> assertTrue(
                        found.get(WEB.id()).get(0).detail().contains("minReplicas 2"),
                        found.get(WEB.id()).get(0).detail()),
                () -> assertEquals(List.of(), kinds(found, DB.id())));
    }

    @Test
    void find_whenAnHpaHasAMinimumOfZero_ignoresIt() {
        cluster.autoscaler(HPAS, "web", WEB, "minReplicas", 0);

        assertEquals(Map.of(), controllers.find(DR, List.of(WEB), 4));
    }

    @Test
    void find_whenAnHpaNamesAnotherKindOfTheSameName_ignoresIt() {
        cluster.autoscaler(HPAS, "db", new Workload("shop", WorkloadKind.Deployment, "db", 1, 0), "minReplicas", 1);

        assertEquals(Map.of(), controllers.find(DR, List.of(DB), 4));
    }

    @Test
    void find_whenAKedaScaledObjectNamesTheWorkload_namesItWithThePauseFix() {
        cluster.autoscaler(SCALED_OBJECTS, "web-queue", WEB, "minReplicaCount", 1);

        ScalingController found =
                controllers.find(DR, List.of(WEB), 4).get(WEB.id()).get(0);

        assertAll(
                () -> assertEquals(ScalingController.Kind.KEDA_SCALED_OBJECT, found.kind()),
                () -> assertTrue(found.fix().contains("autoscaling.keda.sh/paused-replicas: \"0\""), found.fix()));
    }

    @Test
    void find_whenTheKedaCrdIsNotInstalled_treatsItAsNone() {
        cluster.notServed(SCALED_OBJECTS).notServed(HPAS);

        assertEquals(Map.of(), controllers.find(DR, List.of(WEB), 4));
    }

    @Test
    void find_whenAControllerOwnsTheWorkload_namesTheOwner() {
        var owner = ((ObjectNode) cluster.object(Paths.workload(WEB)).path("metadata"))
                .putArray("ownerReferences")
                .addObject();
        owner.put("apiVersion", "example.com/v1")
                .put("kind", "Shop")
                .put("name", "shop")
                .put("controller", true);

        assertEquals(List.of(ScalingController.Kind.OWNER), kinds(controllers.find(DR, List.of(WEB), 4), WEB.id()));
    }
}
