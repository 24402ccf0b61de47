package io.efsdr.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.aws.AwsCall;
import io.efsdr.sandbox.kubernetes.ApiCall;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad plan in Parameter Store stops the real failover at its first state: the error names the
 * field, the operators are told nothing was changed, and no mutating call reaches either region.
 */
class BadPlanDrillTest {
  static Stream<Arguments> badPlans() {
    return Stream.of(
        bad("plan.dr.fileSystemId", p -> ((ObjectNode) p.get("dr")).put("fileSystemId", "fs-XYZ")),
        bad("plan.primary.region", p -> ((ObjectNode) p.get("primary")).put("region", "mars-east-1")),
        bad("plan.dr.region", p -> ((ObjectNode) p.get("dr")).put("region", "us-east-1")),
        bad("plan.dr.clusterName", p -> ((ObjectNode) p.get("dr")).remove("clusterName")),
        bad("plan.workloads.items[0].kind", p -> item(p).put("kind", "DaemonSet")),
        bad("plan.workloads.items[0].activeReplicas", p -> item(p).put("activeReplicas", "three")),
        bad("plan.workloads.items[0].activeReplicas", p -> item(p).put("activeReplicas", -1)),
        bad("plan.workloads", p -> ((ArrayNode) p.get("workloads").get("items")).removeAll()),
        bad("plan.workloads.items[1]", p -> ((ArrayNode) p.get("workloads").get("items")).set(1, item(p).deepCopy())),
        bad("plan.storageClass.ensureUniqueDirectory", p -> ((ObjectNode) p.get("storageClass")).put("ensureUniqueDirectory", "true")),
        bad("plan.rpoSecond", p -> p.put("rpoSecond", 60)),
        bad("plan.storageClass.subPathPattern", p -> ((ObjectNode) p.get("storageClass")).put("subPathPattern", "${.PVC.labels.app}")));
  }

  private static Arguments bad(String field, Consumer<ObjectNode> breakIt) {
    return Arguments.of(field, breakIt);
  }

  private static ObjectNode item(ObjectNode plan) {
    return (ObjectNode) plan.get("workloads").get("items").get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void failover_whenThePlanIsBad_stopsBeforeChangingAnythingAndNamesTheField(String field, Consumer<ObjectNode> breakIt) {
    try (DrillHarness h = new DrillHarness("{}")) {
      ObjectNode plan = h.sandbox.scenario().plan();
      breakIt.accept(plan);
      h.sandbox.aws().ssm().put("us-west-2", Sandbox.PLAN_PARAMETER, plan.toString());
      h.sandbox.aws().calls().clear();

      DrillReport report = h.failover();

      assertEquals("FAILED", report.status());
      assertEquals("Validate Plan", report.failedState());
      assertTrue(report.error().contains("InvalidPlanException") && report.error().contains(field + ":"), report.error());
      List<AwsCall> mutations = h.sandbox.aws().calls().successfulMutations();
      assertTrue(mutations.isEmpty(), "mutating AWS calls: " + mutations);
      for (var cluster : List.of(h.sandbox.primaryCluster(), h.sandbox.drCluster())) {
        assertTrue(cluster.calls().stream().noneMatch(ApiCall::mutating), cluster.clusterName() + " was changed");
      }
      DrillReport.NotificationView notice = report.notifications().get(0);
      assertTrue(notice.subject().contains("nothing was changed"), notice.subject());
      assertTrue(notice.message().contains(field), notice.message());
    }
  }
}
