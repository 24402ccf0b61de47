package io.efsdr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.StorageClassSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageClassEnsurerTest {
    private static final StorageClassSpec SPEC = new StorageClassSpec(
            "efs-sc",
            "700",
            "1000",
            "1000",
            null,
            null,
            "/dynamic_provisioning",
            StorageClassSpec.DEFAULT_SUB_PATH_PATTERN,
            "false",
            "false");
    private static final Map<String, String> WANTED = SPEC.parametersFor("fs-0fedcba9876543210");

    @Test
    void differences_whenStorageClassMatches_expectNone() {
        assertTrue(StorageClassEnsurer.differences(existing(WANTED), WANTED).isEmpty());
    }

    @Test
    void differences_whenFileSystemIdDiffers_expectTheChange() {
        ObjectNode existing = existing(SPEC.parametersFor("fs-0123456789abcdef0"));

        assertEquals(
                Map.of("fileSystemId", "fs-0123456789abcdef0 -> fs-0fedcba9876543210"),
                StorageClassEnsurer.differences(existing, WANTED));
    }

    @Test
    void differences_whenAParameterIsMissing_expectAbsentToWanted() {
        ObjectNode existing = existing(WANTED);
        ((ObjectNode) existing.get("parameters")).remove("ensureUniqueDirectory");

        assertEquals(
                Map.of("ensureUniqueDirectory", "(absent) -> false"),
                StorageClassEnsurer.differences(existing, WANTED));
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

        assertEquals(
                Map.of("provisioner", "ebs.csi.aws.com -> efs.csi.aws.com"),
                StorageClassEnsurer.differences(existing, WANTED));
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

    @Test
    void recreated_whenParametersDrifted_expectThePlanParameters() {
        ObjectNode recreated = StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED);

        assertAll(
                () -> assertTrue(
                        StorageClassEnsurer.differences(recreated, WANTED).isEmpty()),
                () -> assertEquals(
                        StorageClassSpec.PROVISIONER,
                        recreated.path("provisioner").asText()));
    }

    @Test
    void recreated_whenExistingHasMountOptions_expectThemKeptAndReported() {
        ObjectNode recreated = StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED);

        assertAll(
                () -> assertEquals(Json.MAPPER.readTree("[\"iam\",\"tls\"]"), recreated.get("mountOptions")),
                () -> assertEquals(List.of("iam", "tls"), StorageClassEnsurer.mountOptions(recreated)));
    }

    @Test
    void recreated_whenExistingAllowsExpansion_expectKept() {
        assertTrue(StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED)
                .path("allowVolumeExpansion")
                .asBoolean(false));
    }

    @Test
    void recreated_whenExistingHasAllowedTopologies_expectKept() {
        assertEquals(
                drifted().get("allowedTopologies"),
                StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED).get("allowedTopologies"));
    }

    @Test
    void recreated_whenExistingBindsOnFirstConsumer_expectKept() {
        assertEquals(
                "WaitForFirstConsumer",
                StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED)
                        .path("volumeBindingMode")
                        .asText());
    }

    @Test
    void recreated_whenExistingReclaimPolicyIsDelete_expectKept() {
        assertEquals(
                "Delete",
                StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED)
                        .path("reclaimPolicy")
                        .asText());
    }

    @Test
    void recreated_whenExistingHasLabelsAndAnnotations_expectKeptWithTheDefaultClassMark() {
        JsonNode metadata =
                StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED).get("metadata");

        assertAll(
                () -> assertEquals(
                        "payments", metadata.path("labels").path("team").asText()),
                () -> assertEquals(
                        "Helm",
                        metadata.path("labels")
                                .path(StorageClassEnsurer.MANAGED_BY)
                                .asText()),
                () -> assertEquals(
                        "true",
                        metadata.path("annotations")
                                .path("storageclass.kubernetes.io/is-default-class")
                                .asText()),
                () -> assertEquals(
                        "shop",
                        metadata.path("annotations")
                                .path("meta.helm.sh/release-name")
                                .asText()));
    }

    @Test
    void recreated_whenExistingHasNoManagedByLabel_expectOursAdded() {
        ObjectNode existing = drifted();
        ((ObjectNode) existing.get("metadata").get("labels")).remove(StorageClassEnsurer.MANAGED_BY);

        assertEquals(
                "efs-dr",
                StorageClassEnsurer.recreated(existing, "efs-sc", WANTED)
                        .path("metadata")
                        .path("labels")
                        .path(StorageClassEnsurer.MANAGED_BY)
                        .asText());
    }

    @Test
    void recreated_whenExistingCarriesServerSetMetadata_expectNoneSent() {
        JsonNode metadata =
                StorageClassEnsurer.recreated(drifted(), "efs-sc", WANTED).get("metadata");

        assertAll(
                () -> assertEquals("efs-sc", metadata.path("name").asText()),
                () -> assertFalse(metadata.has("uid")),
                () -> assertFalse(metadata.has("resourceVersion")),
                () -> assertFalse(metadata.has("creationTimestamp")),
                () -> assertFalse(metadata.has("managedFields")));
    }

    @Test
    void mountOptions_whenStorageClassHasNone_expectEmpty() {
        assertEquals(List.of(), StorageClassEnsurer.mountOptions(existing(WANTED)));
    }

    /** An EFS StorageClass as an API server returns it, pointing at the primary's file system. */
    private static ObjectNode drifted() {
        ObjectNode object = existing(SPEC.parametersFor("fs-0123456789abcdef0"));
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.put("uid", "0b5f3c1e-8a42-4f0e-9d6b-2c7e1a9f4d35");
        metadata.put("resourceVersion", "48213");
        metadata.put("creationTimestamp", "2024-05-01T10:00:00Z");
        metadata.putArray("managedFields")
                .addObject()
                .put("manager", "kubectl-client-side-apply")
                .put("operation", "Update");
        metadata.putObject("labels").put("team", "payments").put(StorageClassEnsurer.MANAGED_BY, "Helm");
        metadata.putObject("annotations")
                .put("storageclass.kubernetes.io/is-default-class", "true")
                .put("meta.helm.sh/release-name", "shop");
        object.putArray("mountOptions").add("iam").add("tls");
        object.put("allowVolumeExpansion", true);
        object.putArray("allowedTopologies")
                .addObject()
                .putArray("matchLabelExpressions")
                .addObject()
                .put("key", "topology.kubernetes.io/zone")
                .putArray("values")
                .add("us-west-2a")
                .add("us-west-2b");
        object.put("volumeBindingMode", "WaitForFirstConsumer");
        object.put("reclaimPolicy", "Delete");
        return object;
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
