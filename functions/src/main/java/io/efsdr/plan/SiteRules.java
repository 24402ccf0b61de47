package io.efsdr.plan;

import static io.efsdr.plan.PlanFields.CLUSTER_NAME;
import static io.efsdr.plan.PlanFields.DNS_SUBDOMAIN;
import static io.efsdr.plan.PlanFields.KNOWN_REGIONS;
import static io.efsdr.plan.PlanFields.isObject;
import static io.efsdr.plan.PlanFields.numericId;
import static io.efsdr.plan.PlanFields.optionalText;
import static io.efsdr.plan.PlanFields.requiredText;
import static io.efsdr.plan.PlanFields.text;
import static io.efsdr.plan.PlanFields.unknownFields;
import static io.efsdr.plan.PlanValidator.FILE_SYSTEM_ID;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The two sites (region, cluster, file system) and the StorageClass the DR cluster gets. Part of
 * {@link PlanValidator}: every problem is named by its field path.
 */
final class SiteRules {
    private static final Pattern OCTAL_PERMS = Pattern.compile("[0-7]{3,4}");
    private static final Pattern SUB_PATH_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> SUB_PATH_VARIABLES = Set.of(".PVC.name", ".PVC.namespace", ".PV.name");

    private SiteRules() {}

    static Site site(JsonNode node, String path, Problems problems) {
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(node, path, Set.of("region", "clusterName", "fileSystemId"), problems);
        String region = requiredText(node, "region", path + ".region", problems);
        if (region != null && !KNOWN_REGIONS.contains(region)) {
            problems.add(path + ".region", "'" + region + "' is not an AWS region this build knows");
        }
        String cluster = text(
                node,
                "clusterName",
                path + ".clusterName",
                problems,
                CLUSTER_NAME,
                "an EKS cluster name (letters, digits, '-' and '_', at most 100)");
        String fileSystem = text(
                node,
                "fileSystemId",
                path + ".fileSystemId",
                problems,
                FILE_SYSTEM_ID,
                "an EFS file system id: 'fs-' followed by 8 to 40 lowercase hex digits");
        return new Site(region, cluster, fileSystem);
    }

    static StorageClassSpec storageClass(JsonNode node, Problems problems) {
        String path = "plan.storageClass";
        if (!isObject(node, path, problems)) {
            return null;
        }
        unknownFields(
                node,
                path,
                Set.of(
                        "name",
                        "directoryPerms",
                        "uid",
                        "gid",
                        "gidRangeStart",
                        "gidRangeEnd",
                        "basePath",
                        "subPathPattern",
                        "ensureUniqueDirectory",
                        "reuseAccessPoint"),
                problems);
        String name =
                text(node, "name", path + ".name", problems, DNS_SUBDOMAIN, "a StorageClass name (DNS subdomain)");
        String perms = optionalText(node, "directoryPerms", path, problems).orElse("700");
        if (!OCTAL_PERMS.matcher(perms).matches()) {
            problems.add(path + ".directoryPerms", "must be octal permissions such as '700', not '" + perms + "'");
        }
        String uid = numericId(node, "uid", path, problems);
        String gid = numericId(node, "gid", path, problems);
        String rangeStart = numericId(node, "gidRangeStart", path, problems);
        String rangeEnd = numericId(node, "gidRangeEnd", path, problems);
        if ((uid == null) != (gid == null)) {
            problems.add(path + (uid == null ? ".uid" : ".gid"), "uid and gid go together: set both or neither");
        }
        if ((rangeStart == null) != (rangeEnd == null)) {
            problems.add(
                    path + (rangeStart == null ? ".gidRangeStart" : ".gidRangeEnd"),
                    "gidRangeStart and gidRangeEnd go together");
        } else if (rangeStart != null && Long.parseLong(rangeStart) > Long.parseLong(rangeEnd)) {
            problems.add(path + ".gidRangeEnd", "must not be below gidRangeStart");
        }
        String basePath = optionalText(node, "basePath", path, problems).orElse(null);
        if (basePath != null && (!basePath.startsWith("/") || basePath.contains("//") || basePath.contains(".."))) {
            problems.add(path + ".basePath", "must be an absolute path such as '/dynamic_provisioning'");
        }
        String pattern =
                optionalText(node, "subPathPattern", path, problems).orElse(StorageClassSpec.DEFAULT_SUB_PATH_PATTERN);
        var variables = SUB_PATH_VARIABLE.matcher(pattern);
        while (variables.find()) {
            if (!SUB_PATH_VARIABLES.contains(variables.group(1))) {
                problems.add(
                        path + ".subPathPattern",
                        "unknown variable ${" + variables.group(1)
                                + "}: the EFS CSI driver knows only ${.PVC.name}, ${.PVC.namespace} and ${.PV.name}");
            }
        }
        if (!pattern.contains("${.PVC.name}") && !pattern.contains("${.PV.name}")) {
            problems.add(
                    path + ".subPathPattern",
                    "must contain ${.PVC.name} or ${.PV.name}, or every volume shares one directory");
        }
        String unique =
                optionalText(node, "ensureUniqueDirectory", path, problems).orElse("false");
        if (!unique.equals("false")) {
            problems.add(
                    path + ".ensureUniqueDirectory",
                    "must be \"false\": otherwise the driver appends a UUID and the two regions use different "
                            + "directories");
        }
        String reuse = optionalText(node, "reuseAccessPoint", path, problems).orElse("false");
        if (!reuse.equals("true") && !reuse.equals("false")) {
            problems.add(path + ".reuseAccessPoint", "must be \"true\" or \"false\"");
        }
        return new StorageClassSpec(name, perms, uid, gid, rangeStart, rangeEnd, basePath, pattern, unique, reuse);
    }
}
