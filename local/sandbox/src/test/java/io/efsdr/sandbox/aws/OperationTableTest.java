package io.efsdr.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.Sandbox;
import io.efsdr.sandbox.VirtualClock;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each stand-in's operation table is the one list of what it serves: docs/sandbox.md "AWS operations served"
 * lists exactly the table's operations per service, and the journal's {@code mutating} is the table's.
 */
class OperationTableTest {
    /** The docs table's row label of each signing name. */
    private static final Map<String, String> ROWS = Map.ofEntries(
            Map.entry("elasticfilesystem", "EFS"),
            Map.entry("ssm", "SSM"),
            Map.entry("states", "Step Functions"),
            Map.entry("eks", "EKS"),
            Map.entry("sns", "SNS"),
            Map.entry("sts", "STS"),
            Map.entry("events", "EventBridge"),
            Map.entry("s3", "S3"),
            Map.entry("lambda", "Lambda"),
            Map.entry("route53", "Route 53"),
            Map.entry("monitoring", "CloudWatch"));

    private final VirtualClock clock = new VirtualClock();
    private AwsStandIn standIn;

    @BeforeEach
    void start() {
        standIn = AwsStandIn.start(clock, new FaultPlan());
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void theDocsListExactlyTheOperationsOfEachTable() throws Exception {
        String docs = Files.readString(Sandbox.projectRoot().resolve("docs/sandbox.md"));
        String section = docs.substring(docs.indexOf("## AWS operations served"));
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].contains("(`")) {
                continue;
            }
            String label = cells[1].substring(0, cells[1].indexOf("(`")).trim();
            Set<String> names = new TreeSet<>();
            // "Name (remark), Name, ...": the leading identifier of each item; commas inside remarks skipped.
            int depth = 0;
            StringBuilder item = new StringBuilder();
            for (char c : (cells[3] + ",").toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (c == ',' && depth == 0) {
                    names.add(item.toString().trim().split("[ (]")[0]);
                    item.setLength(0);
                } else {
                    item.append(c);
                }
            }
            documented.put(label, names);
        }

        assertEquals(ROWS.keySet(), standIn.operations().keySet(), "a stand-in without a docs row label here");
        standIn.operations().forEach((service, operations) -> {
            Set<String> listed = documented.get(ROWS.get(service));
            assertNotNull(listed, "docs/sandbox.md has no row for " + ROWS.get(service));
            assertEquals(new TreeSet<>(operations), listed, "docs/sandbox.md row " + ROWS.get(service));
        });
    }

    @Test
    void eachOperationIsServedOnceAndTheWritesAreTheOnesThatChangeTheWorld() {
        Map<String, List<String>> tables = standIn.operations();
        tables.forEach((service, operations) -> {
            assertFalse(operations.isEmpty(), service);
            assertEquals(operations.size(), Set.copyOf(operations).size(), service + " lists an operation twice");
        });
        Set<String> writes = new TreeSet<>();
        tables.forEach((service, operations) -> operations.stream()
                .filter(o -> standIn.mutating(service, o))
                .forEach(o -> writes.add(service + ":" + o)));
        assertEquals(
                new TreeSet<>(List.of(
                        "elasticfilesystem:CreateReplicationConfiguration",
                        "elasticfilesystem:DeleteFileSystemPolicy",
                        "elasticfilesystem:DeleteReplicationConfiguration",
                        "elasticfilesystem:PutFileSystemPolicy",
                        "elasticfilesystem:UpdateFileSystemProtection",
                        "events:DisableRule",
                        "events:EnableRule",
                        "lambda:Invoke",
                        "route53:ChangeResourceRecordSets",
                        "ssm:PutParameter",
                        "states:SendTaskFailure",
                        "states:SendTaskSuccess",
                        "states:StartExecution")),
                writes);
        assertTrue(tables.get("monitoring").contains("GetMetricData"));
    }
}
