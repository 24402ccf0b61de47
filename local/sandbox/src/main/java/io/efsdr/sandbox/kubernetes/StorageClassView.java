package io.efsdr.sandbox.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a StorageClass.
 *
 * @param mountOptions {@code mountOptions}, empty when none
 * @param allowVolumeExpansion {@code allowVolumeExpansion}, null when unset
 */
public record StorageClassView(
        String name,
        String provisioner,
        Map<String, String> parameters,
        String reclaimPolicy,
        String volumeBindingMode,
        List<String> mountOptions,
        Boolean allowVolumeExpansion,
        Map<String, String> labels,
        Map<String, String> annotations,
        String uid,
        String resourceVersion) {}
