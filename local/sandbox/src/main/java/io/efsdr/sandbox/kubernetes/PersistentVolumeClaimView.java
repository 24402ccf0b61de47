package io.efsdr.sandbox.kubernetes;

/**
 * A snapshot of a PersistentVolumeClaim.
 *
 * @param volumeName the bound PV's name, empty when unbound
 * @param phase {@code Bound} or {@code Pending}
 */
public record PersistentVolumeClaimView(
        String namespace, String name, String uid, String storageClassName, String volumeName, String phase) {}
