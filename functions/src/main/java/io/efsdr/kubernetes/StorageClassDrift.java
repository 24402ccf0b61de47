package io.efsdr.kubernetes;

import java.util.Map;

/**
 * One cluster's StorageClass compared with a reference (the other cluster's, or the plan's when
 * that cannot be read).
 *
 * @param present whether the StorageClass exists in the cluster
 * @param reference what it was compared with, for people: {@code StorageClass efs-sc in shop-primary}
 * @param differences per parameter (and {@code provisioner}): {@code current -> expected}
 */
public record StorageClassDrift(boolean present, String reference, Map<String, String> differences) {}
