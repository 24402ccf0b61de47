package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.plan.StorageClassSpec;
import java.util.Optional;
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

  @Test
  void accessPointFinding_whenPathHasFiveComponents_expectRefusedNamingTheClaim() {
    Optional<String> finding = VolumePreflight.accessPointFinding("shop/orders-db claim shop/data-orders-db-0",
        spec("/efs/dr", "${.PVC.namespace}/volumes/${.PVC.name}"), "shop", "data-orders-db-0", PV);

    assertTrue(finding.isPresent(), "five components must be refused");
    assertAll(
        () -> assertTrue(finding.get().startsWith("shop/orders-db claim shop/data-orders-db-0: "), finding.get()),
        () -> assertTrue(finding.get().contains("/efs/dr/shop/volumes/data-orders-db-0"), finding.get()),
        () -> assertTrue(finding.get().contains("5 components"), finding.get()));
  }

  @Test
  void accessPointFinding_whenBasePathHasADollar_expectRefused() {
    Optional<String> finding = VolumePreflight.accessPointFinding("w claim shop/web-uploads",
        spec("/efs$data", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV);

    assertTrue(finding.isPresent() && finding.get().contains("contains $"), String.valueOf(finding));
  }

  @Test
  void accessPointFinding_whenPatternHasAStar_expectRefused() {
    Optional<String> finding = VolumePreflight.accessPointFinding("w claim shop/web-uploads",
        spec("/efs", "data*/${.PVC.name}"), "shop", "web-uploads", PV);

    assertTrue(finding.isPresent() && finding.get().contains("contains *"), String.valueOf(finding));
  }

  @Test
  void accessPointFinding_whenAComponentStartsWithADot_expectRefused() {
    Optional<String> finding = VolumePreflight.accessPointFinding("w claim shop/web-uploads",
        spec("/.hidden", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV);

    assertTrue(finding.isPresent() && finding.get().contains("'.'"), String.valueOf(finding));
  }

  @Test
  void accessPointFinding_whenPatternStartsWithASlash_expectJoinedAndAccepted() {
    StorageClassSpec spec = spec("/base", "/${.PVC.namespace}/${.PVC.name}");

    assertAll(
        () -> assertEquals("/base/shop/web-uploads", VolumePreflight.renderedPath(spec, "shop", "web-uploads", PV)),
        () -> assertEquals(Optional.empty(), VolumePreflight.accessPointFinding("w", spec, "shop", "web-uploads", PV)));
  }

  @Test
  void accessPointFinding_whenSlashesAreDoubled_expectCollapsedAndAccepted() {
    StorageClassSpec spec = spec("/efs//dr/", "${.PVC.namespace}//${.PVC.name}/");

    assertAll(
        () -> assertEquals("/efs/dr/shop/web-uploads", VolumePreflight.renderedPath(spec, "shop", "web-uploads", PV)),
        () -> assertEquals(Optional.empty(), VolumePreflight.accessPointFinding("w", spec, "shop", "web-uploads", PV)));
  }

  @Test
  void accessPointFinding_whenExactlyFourComponents_expectAccepted() {
    assertEquals(Optional.empty(), VolumePreflight.accessPointFinding("w",
        spec("/efs/dr", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV));
  }

  @Test
  void pathProblems_whenOverOneHundredCharacters_expectRefused() {
    assertTrue(VolumePreflight.pathProblems("/" + "a".repeat(100)).isPresent());
  }

  private static StorageClassSpec spec(String basePath, String pattern) {
    return new StorageClassSpec("efs-sc", "700", "1000", "1000", null, null, basePath, pattern, "false", "false");
  }
}
