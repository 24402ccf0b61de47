package io.efsdr.sandbox.kubernetes;

import java.util.Map;

/** A snapshot of a StorageClass. */
public record StorageClassView(
    String name,
    String provisioner,
    Map<String, String> parameters,
    String reclaimPolicy,
    String volumeBindingMode,
    Map<String, String> labels,
    Map<String, String> annotations,
    String uid,
    String resourceVersion) {}
