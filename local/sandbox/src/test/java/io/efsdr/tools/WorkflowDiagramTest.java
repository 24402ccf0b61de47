package io.efsdr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The workflow diagrams in docs/workflows.md are the ones generated from statemachine/*.asl.json, no
 * other document keeps a copy, and the rendering rules.
 */
class WorkflowDiagramTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Pattern NODE = Pattern.compile("^  ([A-Za-z0-9_]+)[\\[({]", Pattern.MULTILINE);

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static String document() throws IOException {
        return Files.readString(ROOT.resolve(WorkflowDiagram.DOCUMENT), StandardCharsets.UTF_8);
    }

    @Test
    void documentDiagramsAreTheGeneratedOnes() throws IOException {
        List<String> problems = WorkflowDiagram.problems(document(), ROOT);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\nrun local/diagrams to regenerate them");
    }

    @Test
    void everyDefinitionHasADiagramBlock() throws IOException {
        List<String> definitions = WorkflowDiagram.definitions(ROOT);
        assertFalse(definitions.isEmpty(), "no statemachine/*.asl.json under " + ROOT);
        Set<String> shown = new HashSet<>();
        WorkflowDiagram.blocks(document()).forEach(block -> shown.add(block.definition()));
        for (String definition : definitions) {
            assertTrue(shown.contains(definition), definition + " has no diagram block in " + WorkflowDiagram.DOCUMENT);
        }
    }

    @Test
    void readmeKeepsNoCopyOfTheDiagrams() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        assertEquals(
                List.of(),
                WorkflowDiagram.blocks(readme),
                "README.md holds diagram blocks; they live in " + WorkflowDiagram.DOCUMENT + " only");
    }

    @Test
    void driftIsReportedAsADiffAndRewritingRepairsIt() throws IOException {
        String document = document();
        String drifted = document.replaceFirst("(?m)^  start_ --> ValidatePlan$", "  start_ --> NotifyPlanRejected");
        assertFalse(
                drifted.equals(document),
                "the first diagram of " + WorkflowDiagram.DOCUMENT + " should start at Validate Plan");
        List<String> problems = WorkflowDiagram.problems(drifted, ROOT);
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(
                problems.get(0).contains("-  start_ --> NotifyPlanRejected\n+  start_ --> ValidatePlan"),
                problems.get(0));
        assertEquals(document, WorkflowDiagram.rewrite(drifted, ROOT));
    }

    @Test
    void rendersEachStateTypeAndCollapsesFailureMarkers() throws IOException {
        JsonNode definition = json("""
        {'StartAt': 'Reset', 'States': {
          'Reset': {'Type': 'Pass', 'Result': null, 'ResultPath': '$.steps.work', 'Next': 'Do Work'},
          'Do Work': {'Type': 'Task', 'Resource': 'arn', 'Next': 'Done?',
            'Retry': [{'ErrorEquals': ['States.ALL']}],
            'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Do Work Failed'}]},
          'Do Work Failed': {'Type': 'Pass', 'Result': 'Do Work', 'ResultPath': '$.failedState', 'Next': 'Notify \
        Failed'},
          'Done?': {'Type': 'Choice', 'Default': 'Wait A Bit',
            'Choices': [{'Variable': '$.steps.work.done', 'BooleanEquals': true, 'Next': 'Finished'}]},
          'Wait A Bit': {'Type': 'Wait', 'Seconds': 5, 'Next': 'Do Work'},
          'Finished': {'Type': 'Succeed'},
          'Notify Failed': {'Type': 'Task', 'Resource': 'arn', 'Next': 'Failed'},
          'Failed': {'Type': 'Fail'}}}
        """);
        assertEquals("""
        flowchart TD
          start_(("start"))
          Reset[/"Reset"/]
          DoWork["Do Work"]
          Done{"Done?"}
          WaitABit(["Wait A Bit"])
          Finished((("Finished")))
          NotifyFailed["Notify Failed"]
          Failed((("Failed")))
          start_ --> Reset
          Reset --> DoWork
          DoWork --> Done
          DoWork -.->|"error"| NotifyFailed
          Done -->|"done = true"| Finished
          Done -->|"otherwise"| WaitABit
          WaitABit --> DoWork
          NotifyFailed --> Failed
        """, WorkflowDiagram.mermaid(definition));
    }

    @Test
    void aFailureMarkerReachedOtherThanByCatchIsDrawn() throws IOException {
        JsonNode definition = json("""
        {'StartAt': 'A', 'States': {
          'A': {'Type': 'Task', 'Resource': 'arn', 'Next': 'A Failed'},
          'A Failed': {'Type': 'Pass', 'Result': 'A', 'ResultPath': '$.failedState', 'Next': 'B'},
          'B': {'Type': 'Task', 'Resource': 'arn', 'End': true}}}
        """);
        assertEquals("""
        flowchart TD
          start_(("start"))
          A["A"]
          AFailed[/"A Failed"/]
          B["B"]
          end_(("end"))
          start_ --> A
          A --> AFailed
          AFailed --> B
          B --> end_
        """, WorkflowDiagram.mermaid(definition));
    }

    @Test
    void nodeIdsAreUniqueAndSafeForNamesDifferingOnlyByPunctuation() throws IOException {
        JsonNode definition = json("""
        {'StartAt': 'Ready?', 'States': {
          'Ready?': {'Type': 'Pass', 'Next': 'Ready!'},
          'Ready!': {'Type': 'Pass', 'Next': 'Ready'},
          'Ready': {'Type': 'Pass', 'Next': 'end'},
          'end': {'Type': 'Pass', 'Next': '\\u00a7 1'},
          '\\u00a7 1': {'Type': 'Pass', 'Next': '1'},
          '1': {'Type': 'Succeed'}}}
        """);
        String diagram = WorkflowDiagram.mermaid(definition);
        Matcher nodes = NODE.matcher(diagram);
        Set<String> ids = new HashSet<>();
        int count = 0;
        while (nodes.find()) {
            count++;
            assertTrue(ids.add(nodes.group(1)), "duplicate id " + nodes.group(1) + " in\n" + diagram);
        }
        assertEquals(7, count, diagram);
        assertFalse(ids.contains("end"), "lower-case end breaks a Mermaid flowchart:\n" + diagram);
        assertTrue(diagram.contains("  Ready --> Ready_2\n  Ready_2 --> Ready_3\n"), diagram);
    }

    @Test
    void conditionsAreShortAndEscaped() throws IOException {
        JsonNode rule = json("""
        {'And': [{'Variable': '$.a.count', 'NumericLessThan': 3},
                 {'Not': {'Variable': '$.b.name', 'StringEquals': 'x"y'}},
                 {'Or': [{'Variable': '$.c', 'IsPresent': false}, {'Variable': '$.d.at', \
        'TimestampGreaterThanEqualsPath': '$.e.since'}]}],
         'Next': 'N'}
        """.replace("x\"y", "x\\\"y"));
        assertEquals(
                "count < 3 and not name = 'x\"y' and (c is not present or at >= since)",
                WorkflowDiagram.condition(rule));
        JsonNode definition = json("""
        {'StartAt': 'C', 'States': {
          'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.n', 'NumericGreaterThan': 1, 'Next': 'S'}], 'Default': \
        'S'},
          'S': {'Type': 'Succeed'}}}
        """);
        assertTrue(
                WorkflowDiagram.mermaid(definition).contains("  C -->|\"n #gt; 1\"| S\n"),
                WorkflowDiagram.mermaid(definition));
    }
}
