package io.efsdr.sandbox.kubernetes;

/** One entry of a StatefulSet's {@code spec.volumeClaimTemplates}. */
public record VolumeClaimTemplate(String name, String storageClassName) {}
