package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Site;
import io.efsdr.plan.StorageClassSpec;
import io.efsdr.plan.Workload;
import io.efsdr.plan.WorkloadKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumePreflightTest {
    private static final String PV = "pvc-3f1c2a9e-0b7d-4c55-9d1e-6a2b8c4d0e11";
    private static final Site DR = new Site("us-west-2", "shop-dr", "fs-0fedcba9876543210");
    private static final Workload WEB = new Workload("shop", WorkloadKind.Deployment, "web", 3, 0);
    private static final Workload DB = new Workload("shop", WorkloadKind.StatefulSet, "orders-db", 1, 0);
    private static final Instant LAST_SYNC = Instant.parse("2026-11-25T02:59:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    @Test
    void renderedPath_whenBasePathHasNoTrailingSlash_expectJoinedWithOne() {
        assertEquals(
                "/dynamic_provisioning/shop/data-orders-db-0",
                VolumePreflight.renderedPath(
                        spec("/dynamic_provisioning", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
                        "shop",
                        "data-orders-db-0",
                        PV));
    }

    @Test
    void renderedPath_whenBasePathHasATrailingSlash_expectNoDoubleSlash() {
        assertEquals(
                "/dynamic_provisioning/shop/data-orders-db-0",
                VolumePreflight.renderedPath(
                        spec("/dynamic_provisioning/", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
                        "shop",
                        "data-orders-db-0",
                        PV));
    }

    @Test
    void renderedPath_whenBasePathIsAbsent_expectRootedAtSlash() {
        assertEquals(
                "/shop/data-orders-db-0",
                VolumePreflight.renderedPath(
                        spec(null, StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "data-orders-db-0", PV));
    }

    @Test
    void renderedPath_whenBasePathIsRoot_expectSingleLeadingSlash() {
        assertEquals(
                "/shop/web-uploads",
                VolumePreflight.renderedPath(
                        spec("/", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV));
    }

    @Test
    void renderedPath_whenPatternUsesPvName_expectThePvName() {
        assertEquals(
                "/dynamic_provisioning/shop/" + PV,
                VolumePreflight.renderedPath(
                        spec("/dynamic_provisioning", "${.PVC.namespace}/${.PV.name}"), "shop", "web-uploads", PV));
    }

    @Test
    void renderedPath_whenPatternUsesEveryVariable_expectEachReplaced() {
        assertEquals(
                "/efs/shop/web-uploads/" + PV + "/web-uploads",
                VolumePreflight.renderedPath(
                        spec("/efs", "${.PVC.namespace}/${.PVC.name}/${.PV.name}/${.PVC.name}"),
                        "shop",
                        "web-uploads",
                        PV));
    }

    @Test
    void limits_whenRead_expectTheEfsCsiDriverLimits() {
        assertAll(
                () -> assertEquals(100, VolumePreflight.MAX_PATH_LENGTH),
                () -> assertEquals(5, VolumePreflight.MAX_SLASHES));
    }

    @Test
    void renderedPath_whenDefaultPatternUnderBasePath_expectThreeSlashesAndLengthCounted() {
        String path = VolumePreflight.renderedPath(
                spec("/dynamic_provisioning", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "d".repeat(63), PV);

        assertAll(
                () -> assertEquals(3, path.chars().filter(c -> c == '/').count()),
                () -> assertEquals(1 + 20 + 1 + 4 + 1 + 63, path.length()));
    }

    @Test
    void accessPointFinding_whenPathHasFiveComponents_expectRefusedNamingTheClaim() {
        Optional<String> finding = VolumePreflight.accessPointFinding(
                "shop/orders-db claim shop/data-orders-db-0",
                spec("/efs/dr", "${.PVC.namespace}/volumes/${.PVC.name}"),
                "shop",
                "data-orders-db-0",
                PV);

        assertTrue(finding.isPresent(), "five components must be refused");
        assertAll(
                () -> assertTrue(
                        finding.get().startsWith("shop/orders-db claim shop/data-orders-db-0: "), finding.get()),
                () -> assertTrue(finding.get().contains("/efs/dr/shop/volumes/data-orders-db-0"), finding.get()),
                () -> assertTrue(finding.get().contains("5 components"), finding.get()));
    }

    @Test
    void accessPointFinding_whenBasePathHasADollar_expectRefused() {
        Optional<String> finding = VolumePreflight.accessPointFinding(
                "w claim shop/web-uploads",
                spec("/efs$data", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
                "shop",
                "web-uploads",
                PV);

        assertTrue(finding.isPresent() && finding.get().contains("contains $"), String.valueOf(finding));
    }

    @Test
    void accessPointFinding_whenPatternHasAStar_expectRefused() {
        Optional<String> finding = VolumePreflight.accessPointFinding(
                "w claim shop/web-uploads", spec("/efs", "data*/${.PVC.name}"), "shop", "web-uploads", PV);

        assertTrue(finding.isPresent() && finding.get().contains("contains *"), String.valueOf(finding));
    }

    @Test
    void accessPointFinding_whenAComponentStartsWithADot_expectRefused() {
        Optional<String> finding = VolumePreflight.accessPointFinding(
                "w claim shop/web-uploads",
                spec("/.hidden", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN),
                "shop",
                "web-uploads",
                PV);

        assertTrue(finding.isPresent() && finding.get().contains("'.'"), String.valueOf(finding));
    }

    @Test
    void accessPointFinding_whenPatternStartsWithASlash_expectJoinedAndAccepted() {
        StorageClassSpec spec = spec("/base", "/${.PVC.namespace}/${.PVC.name}");

        assertAll(
                () -> assertEquals(
                        "/base/shop/web-uploads", VolumePreflight.renderedPath(spec, "shop", "web-uploads", PV)),
                () -> assertEquals(
                        Optional.empty(), VolumePreflight.accessPointFinding("w", spec, "shop", "web-uploads", PV)));
    }

    @Test
    void accessPointFinding_whenSlashesAreDoubled_expectCollapsedAndAccepted() {
        StorageClassSpec spec = spec("/efs//dr/", "${.PVC.namespace}//${.PVC.name}/");

        assertAll(
                () -> assertEquals(
                        "/efs/dr/shop/web-uploads", VolumePreflight.renderedPath(spec, "shop", "web-uploads", PV)),
                () -> assertEquals(
                        Optional.empty(), VolumePreflight.accessPointFinding("w", spec, "shop", "web-uploads", PV)));
    }

    @Test
    void accessPointFinding_whenExactlyFourComponents_expectAccepted() {
        assertEquals(
                Optional.empty(),
                VolumePreflight.accessPointFinding(
                        "w", spec("/efs/dr", StorageClassSpec.DEFAULT_SUB_PATH_PATTERN), "shop", "web-uploads", PV));
    }

    @Test
    void pathProblems_whenOverOneHundredCharacters_expectRefused() {
        assertTrue(VolumePreflight.pathProblems("/" + "a".repeat(100)).isPresent());
    }

    @Test
    void result_whenClaimsWereCreatedAfterTheLastSync_expectThemListedOldestFirstAndSummarised() {
        PreflightResult result = VolumePreflight.result(
                DR,
                List.of(WEB, DB),
                List.of(
                        new WorkloadVolumes(
                                WEB,
                                0,
                                2,
                                List.of(),
                                Map.of(
                                        "shop/web-uploads", Instant.parse("2026-10-01T00:00:00Z"),
                                        "shop/web-cache", Instant.parse("2026-11-25T02:59:40Z"))),
                        new WorkloadVolumes(
                                DB,
                                0,
                                1,
                                List.of(),
                                Map.of("shop/data-orders-db-0", Instant.parse("2026-11-25T02:59:10Z")))),
                LAST_SYNC,
                NOW,
                NOW);

        assertAll(
                () -> assertTrue(result.ok()),
                () -> assertEquals(2, result.newClaimCount()),
                () -> assertEquals(
                        List.of(
                                new NewClaim("shop/data-orders-db-0", Instant.parse("2026-11-25T02:59:10Z"), 50),
                                new NewClaim("shop/web-cache", Instant.parse("2026-11-25T02:59:40Z"), 20)),
                        result.newClaims()),
                () -> assertTrue(
                        result.summary()
                                .contains("2 claim(s) created after the last sync have no data in DR: "
                                        + "shop/data-orders-db-0 (created 2026-11-25T02:59:10Z, 50 s ago), "
                                        + "shop/web-cache"),
                        result.summary()));
    }

    @Test
    void result_whenLastSyncIsUnknown_expectNothingFlagged() {
        PreflightResult result = VolumePreflight.result(
                DR,
                List.of(WEB),
                List.of(new WorkloadVolumes(
                        WEB, 0, 1, List.of(), Map.of("shop/web-cache", Instant.parse("2026-11-25T02:59:40Z")))),
                null,
                NOW,
                NOW);

        assertAll(
                () -> assertEquals(List.of(), result.newClaims()),
                () -> assertFalse(result.summary().contains("no data in DR"), result.summary()));
    }

    @Test
    void newClaims_whenTwoWorkloadsShareAClaim_expectItOnce() {
        Map<String, Instant> shared = Map.of("shop/web-cache", Instant.parse("2026-11-25T02:59:40Z"));

        assertEquals(
                1,
                VolumePreflight.newClaims(
                                List.of(
                                        new WorkloadVolumes(WEB, 0, 1, List.of(), shared),
                                        new WorkloadVolumes(DB, 0, 1, List.of(), shared)),
                                LAST_SYNC,
                                NOW)
                        .size());
    }

    @Test
    void creationTimestamp_whenRfc3339_expectTheInstant() {
        ObjectNode claim = Json.MAPPER.createObjectNode();
        claim.putObject("metadata").put("creationTimestamp", "2026-11-25T02:59:40Z");
        ObjectNode offset = Json.MAPPER.createObjectNode();
        offset.putObject("metadata").put("creationTimestamp", "2026-11-25T04:59:40+02:00");

        assertAll(
                () -> assertEquals(
                        Optional.of(Instant.parse("2026-11-25T02:59:40Z")), VolumePreflight.creationTimestamp(claim)),
                () -> assertEquals(
                        Optional.of(Instant.parse("2026-11-25T02:59:40Z")), VolumePreflight.creationTimestamp(offset)),
                () -> assertEquals(
                        Optional.empty(), VolumePreflight.creationTimestamp(Json.MAPPER.createObjectNode())));
    }

    private static StorageClassSpec spec(String basePath, String pattern) {
        return new StorageClassSpec("efs-sc", "700", "1000", "1000", null, null, basePath, pattern, "false", "false");
    }
}
