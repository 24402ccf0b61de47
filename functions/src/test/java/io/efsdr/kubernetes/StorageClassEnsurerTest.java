package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.StorageClassSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageClassEnsurerTest {
  private static final StorageClassSpec SPEC = new StorageClassSpec(
      "efs-sc", "700", "1000", "1000", null, null, "/dynamic_provisioning",
      StorageClassSpec.DEFAULT_SUB_PATH_PATTERN, "false", "false");
  private static final Map<String, String> WANTED = SPEC.parametersFor("fs-0fedcba9876543210");

  @Test
  void differences_whenStorageClassMatches_expectNone() {
    assertTrue(StorageClassEnsurer.differences(existing(WANTED), WANTED).isEmpty());
  }

  @Test
  void differences_whenFileSystemIdDiffers_expectTheChange() {
    ObjectNode existing = existing(SPEC.parametersFor("fs-0123456789abcdef0"));

    assertEquals(Map.of("fileSystemId", "fs-0123456789abcdef0 -> fs-0fedcba9876543210"),
        StorageClassEnsurer.differences(existing, WANTED));
  }

  @Test
  void differences_whenAParameterIsMissing_expectAbsentToWanted() {
    ObjectNode existing = existing(WANTED);
    ((ObjectNode) existing.get("parameters")).remove("ensureUniqueDirectory");

    assertEquals(Map.of("ensureUniqueDirectory", "(absent) -> false"), StorageClassEnsurer.differences(existing, WANTED));
  }

  @Test
  void differences_whenAnExtraParameterIsSet_expectItToBeAbsent() {
    ObjectNode existing = existing(WANTED);
    ((ObjectNode) existing.get("parameters")).put("az", "us-west-2a");

    assertEquals(Map.of("az", "us-west-2a -> (absent)"), StorageClassEnsurer.differences(existing, WANTED));
  }

  @Test
  void differences_whenProvisionerIsWrong_expectTheProvisionerReported() {
    ObjectNode existing = existing(WANTED);
    existing.put("provisioner", "ebs.csi.aws.com");

    assertEquals(Map.of("provisioner", "ebs.csi.aws.com -> efs.csi.aws.com"), StorageClassEnsurer.differences(existing, WANTED));
  }

  @Test
  void differences_whenSeveralThingsDiffer_expectEachReported() {
    ObjectNode existing = existing(SPEC.parametersFor("fs-0123456789abcdef0"));
    existing.remove("provisioner");
    ObjectNode parameters = (ObjectNode) existing.get("parameters");
    parameters.put("ensureUniqueDirectory", "true");
    parameters.remove("uid");
    parameters.put("gidRangeStart", "1000");

    assertEquals(
        Map.of(
            "provisioner", " -> efs.csi.aws.com",
            "fileSystemId", "fs-0123456789abcdef0 -> fs-0fedcba9876543210",
            "ensureUniqueDirectory", "true -> false",
            "uid", "(absent) -> 1000",
            "gidRangeStart", "1000 -> (absent)"),
        StorageClassEnsurer.differences(existing, WANTED));
  }

  @Test
  void differences_whenParametersAreMissingEntirely_expectEveryWantedParameter() {
    ObjectNode existing = Json.MAPPER.createObjectNode().put("provisioner", StorageClassSpec.PROVISIONER);

    Map<String, String> differences = StorageClassEnsurer.differences(existing, WANTED);

    assertEquals(WANTED.keySet(), differences.keySet());
  }

  private static ObjectNode existing(Map<String, String> parameters) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("apiVersion", "storage.k8s.io/v1");
    object.put("kind", "StorageClass");
    object.putObject("metadata").put("name", "efs-sc");
    object.put("provisioner", StorageClassSpec.PROVISIONER);
    ObjectNode params = object.putObject("parameters");
    parameters.forEach(params::put);
    object.put("reclaimPolicy", "Retain");
    return object;
  }
}
