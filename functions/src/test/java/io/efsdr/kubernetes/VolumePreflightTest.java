package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.efsdr.plan.StorageClassSpec;
import org.junit.jupiter.api.Test;

class VolumePreflightTest {
  private static final String PV = "pvc-3f1c2a9e-0b7d-4c55-9d1e-6a2b8c4d0e11";

  @Test
  void renderedPath_whenBasePathHasNoTrailingSlash_expectJoinedWithOne() {
    assertEquals("/dynamic_provisioning/shop/data-orders-db-0",
        VolumePreflight.renderedPath(spec("/dynamic_provisioning", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
            "shop", "data-orders-db-0", PV));
  }

  @Test
  void renderedPath_whenBasePathHasATrailingSlash_expectNoDoubleSlash() {
    assertEquals("/dynamic_provisioning/shop/data-orders-db-0",
        VolumePreflight.renderedPath(spec("/dynamic_provisioning/", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
            "shop", "data-orders-db-0", PV));
  }

  @Test
  void renderedPath_whenBasePathIsAbsent_expectRootedAtSlash() {
    assertEquals("/shop/data-orders-db-0",
        VolumePreflight.renderedPath(spec(null, StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "data-orders-db-0", PV));
  }

  @Test
  void renderedPath_whenBasePathIsRoot_expectSingleLeadingSlash() {
    assertEquals("/shop/web-uploads",
        VolumePreflight.renderedPath(spec("/", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV));
  }

  @Test
  void renderedPath_whenPatternUsesPvName_expectThePvName() {
    assertEquals("/dynamic_provisioning/shop/" + PV,
        VolumePreflight.renderedPath(spec("/dynamic_provisioning", "${.PVC.namespace}/${.PV.name}"), "shop", "web-uploads", PV));
  }

  @Test
  void renderedPath_whenPatternUsesEveryVariable_expectEachReplaced() {
    assertEquals("/efs/shop/web-uploads/" + PV + "/web-uploads",
        VolumePreflight.renderedPath(spec("/efs", "${.PVC.namespace}/${.PVC.name}/${.PV.name}/${.PVC.name}"),
            "shop", "web-uploads", PV));
  }

  @Test
  void limits_whenRead_expectTheEfsCsiDriverLimits() {
    assertAll(
        () -> assertEquals(100, VolumePreflight.MAX_PATH_LENGTH),
        () -> assertEquals(5, VolumePreflight.MAX_SLASHES));
  }

  @Test
  void renderedPath_whenDefaultPatternUnderBasePath_expectThreeSlashesAndLengthCounted() {
    String path = VolumePreflight.renderedPath(spec("/dynamic_provisioning", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
        "shop", "d".repeat(63), PV);

    assertAll(
        () -> assertEquals(3, path.chars().filter(c -> c == '/').count()),
        () -> assertEquals(1 + 20 + 1 + 4 + 1 + 63, path.length()));
  }

  private static StorageClassSpec spec(String basePath, String pattern) {
    return new StorageClassSpec("efs-sc", "700", "1000", "1000", null, null, basePath, pattern, "false", "false");
  }
}
