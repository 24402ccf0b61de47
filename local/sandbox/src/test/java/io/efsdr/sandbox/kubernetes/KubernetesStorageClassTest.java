package io.efsdr.sandbox.kubernetes;

import static io.efsdr.sandbox.kubernetes.KubernetesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesStorageClassTest {
    private static final String COLLECTION = "/apis/storage.k8s.io/v1/storageclasses";
    private static final String EFS_SC = """
      {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",
       "metadata":{"name":"efs-sc","labels":{"team":"storage"}},
       "provisioner":"efs.csi.aws.com",
       "parameters":{"provisioningMode":"efs-ap","fileSystemId":"fs-0123456789abcdef0",
                     "directoryPerms":"700","subPathPattern":"${.PVC.namespace}/${.PVC.name}",
                     "ensureUniqueDirectory":"false"},
       "reclaimPolicy":"Retain"}\
      """;

    private final KubernetesTestSupport k8s = new KubernetesTestSupport();

    KubernetesStorageClassTest() throws Exception {}

    @AfterEach
    void close() {
        k8s.close();
    }

    @Test
    void createGetConflictDelete() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        k8s.standIn.addChangeListener(changes::incrementAndGet);

        HttpResponse<String> created = k8s.send("POST", COLLECTION, EFS_SC, "application/json");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode sc = json(created);
        assertEquals("StorageClass", sc.path("kind").asText());
        assertEquals("storage.k8s.io/v1", sc.path("apiVersion").asText());
        assertEquals("Immediate", sc.path("volumeBindingMode").asText());
        assertTrue(sc.path("metadata").path("uid").asText().length() > 10);
        assertEquals(1, changes.get());

        JsonNode got = json(k8s.get(COLLECTION + "/efs-sc"));
        assertEquals(
                "fs-0123456789abcdef0",
                got.path("parameters").path("fileSystemId").asText());
        assertEquals(
                sc.path("metadata").path("resourceVersion"),
                got.path("metadata").path("resourceVersion"));
        assertEquals("Retain", k8s.standIn.storageClass("efs-sc").orElseThrow().reclaimPolicy());

        HttpResponse<String> again = k8s.send("POST", COLLECTION, EFS_SC, "application/json");
        assertEquals(409, again.statusCode());
        assertEquals("AlreadyExists", json(again).path("reason").asText());
        assertEquals(
                "storageclasses.storage.k8s.io \"efs-sc\" already exists",
                json(again).path("message").asText());

        HttpResponse<String> deleted = k8s.send("DELETE", COLLECTION + "/efs-sc", null, null);
        assertEquals(200, deleted.statusCode());
        assertEquals("efs-sc", json(deleted).path("metadata").path("name").asText());
        assertEquals(Optional.empty(), k8s.standIn.storageClass("efs-sc"));
        assertEquals(2, changes.get());

        HttpResponse<String> missing = k8s.get(COLLECTION + "/efs-sc");
        assertEquals(404, missing.statusCode());
        assertEquals("NotFound", json(missing).path("reason").asText());
        assertEquals(404, k8s.send("DELETE", COLLECTION + "/efs-sc", null, null).statusCode());
        assertEquals(
                2,
                k8s.standIn.calls().stream()
                        .filter(c -> c.mutating() && c.status() / 100 == 2)
                        .count());
    }

    @Test
    void parametersProvisionerAndReclaimPolicyAreImmutable() throws Exception {
        k8s.standIn.putStorageClass(
                "efs-sc", "efs.csi.aws.com", Map.of("fileSystemId", "fs-aaaa", "provisioningMode", "efs-ap"), "Delete");
        String before = k8s.standIn.storageClass("efs-sc").orElseThrow().resourceVersion();

        HttpResponse<String> parameters = k8s.send(
                "PATCH",
                COLLECTION + "/efs-sc",
                "{\"parameters\":{\"fileSystemId\":\"fs-bbbb\"}}",
                "application/merge-patch+json");
        assertEquals(422, parameters.statusCode());
        JsonNode status = json(parameters);
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals(
                "StorageClass.storage.k8s.io \"efs-sc\" is invalid: parameters: Forbidden: updates to"
                        + " parameters are forbidden.",
                status.path("message").asText());

        HttpResponse<String> reclaim = k8s.send(
                "PATCH",
                COLLECTION + "/efs-sc",
                "{\"reclaimPolicy\":\"Retain\"}",
                "application/strategic-merge-patch+json");
        assertEquals(422, reclaim.statusCode());
        assertTrue(json(reclaim).path("message").asText().contains("reclaimPolicy: Forbidden"));

        JsonNode current = json(k8s.get(COLLECTION + "/efs-sc"));
        String put = current.toString().replace("efs.csi.aws.com", "ebs.csi.aws.com");
        HttpResponse<String> provisioner = k8s.send("PUT", COLLECTION + "/efs-sc", put, "application/json");
        assertEquals(422, provisioner.statusCode());
        assertTrue(json(provisioner).path("message").asText().contains("provisioner: Forbidden"));
        assertEquals(
                "fs-aaaa",
                k8s.standIn.storageClass("efs-sc").orElseThrow().parameters().get("fileSystemId"));
        assertEquals(before, k8s.standIn.storageClass("efs-sc").orElseThrow().resourceVersion());

        HttpResponse<String> labels = k8s.send(
                "PATCH",
                COLLECTION + "/efs-sc",
                "{\"metadata\":{\"labels\":{\"dr.efsdr.io/checked\":\"yes\"}}}",
                "application/merge-patch+json");
        assertEquals(200, labels.statusCode(), labels.body());
        StorageClassView view = k8s.standIn.storageClass("efs-sc").orElseThrow();
        assertEquals(Map.of("dr.efsdr.io/checked", "yes"), view.labels());
        assertNotEquals(before, view.resourceVersion());

        HttpResponse<String> stale = k8s.send("PUT", COLLECTION + "/efs-sc", current.toString(), "application/json");
        assertEquals(409, stale.statusCode());
        assertEquals("Conflict", json(stale).path("reason").asText());

        HttpResponse<String> jsonPatch = k8s.send("PATCH", COLLECTION + "/efs-sc", "[]", "application/json-patch+json");
        assertEquals(415, jsonPatch.statusCode());
    }

    @Test
    void mountOptionsAndOtherStoredFields_surviveCreateAndReplace() throws Exception {
        String body = """
        {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",
         "metadata":{"name":"efs-sc","labels":{"team":"storage"},
                     "annotations":{"dr.efsdr.io/owner":"dr"}},
         "provisioner":"efs.csi.aws.com",
         "parameters":{"provisioningMode":"efs-ap","fileSystemId":"fs-0123456789abcdef0"},
         "reclaimPolicy":"Retain","volumeBindingMode":"WaitForFirstConsumer",
         "allowVolumeExpansion":true,"mountOptions":["tls","iam"],
         "allowedTopologies":[{"matchLabelExpressions":[
           {"key":"topology.kubernetes.io/zone","values":["us-east-1a"]}]}]}\
        """;
        HttpResponse<String> created = k8s.send("POST", COLLECTION, body, "application/json");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode got = json(k8s.get(COLLECTION + "/efs-sc"));
        assertEquals("[\"tls\",\"iam\"]", got.path("mountOptions").toString());
        assertTrue(got.path("allowVolumeExpansion").asBoolean());
        assertEquals("WaitForFirstConsumer", got.path("volumeBindingMode").asText());
        assertEquals(
                "us-east-1a",
                got.at("/allowedTopologies/0/matchLabelExpressions/0/values/0").asText());
        assertEquals(
                "dr",
                got.path("metadata")
                        .path("annotations")
                        .path("dr.efsdr.io/owner")
                        .asText());
        StorageClassView view = k8s.standIn.storageClass("efs-sc").orElseThrow();
        assertEquals(List.of("tls", "iam"), view.mountOptions());
        assertEquals(Boolean.TRUE, view.allowVolumeExpansion());
        assertEquals(Map.of("team", "storage"), view.labels());
        assertEquals(Map.of("dr.efsdr.io/owner", "dr"), view.annotations());

        ObjectNode replace = (ObjectNode) got.deepCopy();
        replace.putArray("mountOptions").add("tls");
        replace.put("allowVolumeExpansion", false);
        HttpResponse<String> replaced = k8s.send("PUT", COLLECTION + "/efs-sc", replace.toString(), "application/json");
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonNode after = json(k8s.get(COLLECTION + "/efs-sc"));
        assertEquals("[\"tls\"]", after.path("mountOptions").toString());
        assertFalse(after.path("allowVolumeExpansion").asBoolean(true));
        assertEquals(got.path("allowedTopologies"), after.path("allowedTopologies"));
        assertEquals(got.path("metadata").path("labels"), after.path("metadata").path("labels"));
        assertEquals(
                got.path("metadata").path("annotations"), after.path("metadata").path("annotations"));
        assertEquals(
                List.of("tls"), k8s.standIn.storageClass("efs-sc").orElseThrow().mountOptions());

        ObjectNode binding = (ObjectNode) after.deepCopy();
        binding.put("volumeBindingMode", "Immediate");
        HttpResponse<String> immutable =
                k8s.send("PUT", COLLECTION + "/efs-sc", binding.toString(), "application/json");
        assertEquals(422, immutable.statusCode());
        assertTrue(json(immutable).path("message").asText().contains("volumeBindingMode"));
    }

    @Test
    void seededStorageClass_carriesItsMountOptions() throws Exception {
        k8s.standIn.putStorageClass(
                "efs-sc", "efs.csi.aws.com", Map.of("fileSystemId", "fs-aaaa"), "Retain", List.of("tls"));
        k8s.standIn.putStorageClass("plain", "efs.csi.aws.com", Map.of(), "Delete");
        assertEquals(
                "[\"tls\"]",
                json(k8s.get(COLLECTION + "/efs-sc")).path("mountOptions").toString());
        StorageClassView plain = k8s.standIn.storageClass("plain").orElseThrow();
        assertEquals(List.of(), plain.mountOptions());
        assertNull(plain.allowVolumeExpansion());
        assertFalse(json(k8s.get(COLLECTION + "/plain")).has("mountOptions"));
    }
}
