package io.efsdr.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EFS CSI StorageClass both clusters use; only {@code fileSystemId} differs by region, so the
 * same PVC lands on the same directory on either side.
 */
public record StorageClassSpec(
        String name,
        String directoryPerms,
        String uid,
        String gid,
        String gidRangeStart,
        String gidRangeEnd,
        String basePath,
        String subPathPattern,
        String ensureUniqueDirectory,
        String reuseAccessPoint) {
    public static final String PROVISIONER = "efs.csi.aws.com";
    public static final String DEFAULT_SUB_PATH_PATTERN = "${.PVC.namespace}/${.PVC.name}";

    /** The StorageClass {@code parameters} for a region's file system. */
    public Map<String, String> parametersFor(String fileSystemId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("provisioningMode", "efs-ap");
        parameters.put("fileSystemId", fileSystemId);
        parameters.put("directoryPerms", directoryPerms);
        putIfPresent(parameters, "uid", uid);
        putIfPresent(parameters, "gid", gid);
        putIfPresent(parameters, "gidRangeStart", gidRangeStart);
        putIfPresent(parameters, "gidRangeEnd", gidRangeEnd);
        putIfPresent(parameters, "basePath", basePath);
        parameters.put("subPathPattern", subPathPattern);
        parameters.put("ensureUniqueDirectory", ensureUniqueDirectory);
        putIfPresent(parameters, "reuseAccessPoint", reuseAccessPoint);
        return parameters;
    }

    private static void putIfPresent(Map<String, String> parameters, String key, String value) {
        if (value != null) {
            parameters.put(key, value);
        }
    }
}
