package io.efsdr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.config.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Renders Step Functions definitions (JSONPath ASL) as Mermaid flowcharts, and keeps the copies in
 * {@value #DOCUMENT} in step with the definitions. That document holds each diagram as a
 * {@code mermaid} fenced block between {@code <!-- diagram: statemachine/NAME.asl.json -->} and
 * {@code <!-- /diagram -->}.
 */
public final class WorkflowDiagram {
    static final String BEGIN = "<!-- diagram: ";
    static final String BEGIN_CLOSE = " -->";
    static final String END = "<!-- /diagram -->";
    static final String STATEMACHINE_DIR = "statemachine";
    /** The document, relative to the repository root, that holds the diagrams. */
    static final String DOCUMENT = "docs/workflows.md";

    private static final String START_ID = "start_";
    private static final String END_ID = "end_";
    private static final Set<String> FAILURE_MARKER_FIELDS = Set.of("Type", "Result", "ResultPath", "Next", "Comment");

    /** One diagram block of the document: the definition it shows and where its fenced block lies. */
    record Block(String definition, int contentStart, int contentEnd, String content) {}

    private WorkflowDiagram() {}

    /**
     * A {@code flowchart TD} of the definition, identical for identical input: one node per state in
     * file order (shape by type), edges for the start, Next, End, Choice rules (labelled with the
     * condition), Default ({@code otherwise}) and Catch (dotted, {@code error}). Pass states that only
     * record {@code $.failedState} and are reached only from Catch are left out: the Catch edge goes to
     * their Next. Retry is not drawn.
     */
    static String mermaid(JsonNode definition) {
        JsonNode states = definition.path("States");
        Map<String, String> ids = ids(states);
        Map<String, String> collapsed = collapsedFailureMarkers(definition);
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("  ").append(START_ID).append("((\"start\"))\n");
        boolean hasEnd = false;
        for (Map.Entry<String, JsonNode> state : entries(states)) {
            if (!collapsed.containsKey(state.getKey())) {
                out.append("  ")
                        .append(node(
                                ids.get(state.getKey()),
                                state.getKey(),
                                state.getValue().path("Type").asText()))
                        .append('\n');
                hasEnd |= state.getValue().path("End").asBoolean(false);
            }
        }
        if (hasEnd) {
            out.append("  ").append(END_ID).append("((\"end\"))\n");
        }
        Set<String> edges = new LinkedHashSet<>();
        edges.add(edge(START_ID, "-->", null, id(ids, definition.path("StartAt").asText())));
        for (Map.Entry<String, JsonNode> entry : entries(states)) {
            if (collapsed.containsKey(entry.getKey())) {
                continue;
            }
            String from = ids.get(entry.getKey());
            JsonNode state = entry.getValue();
            for (JsonNode rule : state.path("Choices")) {
                edges.add(edge(
                        from, "-->", condition(rule), id(ids, rule.path("Next").asText())));
            }
            if (state.hasNonNull("Default")) {
                edges.add(edge(
                        from, "-->", "otherwise", id(ids, state.get("Default").asText())));
            }
            if (state.hasNonNull("Next")) {
                edges.add(edge(from, "-->", null, id(ids, state.get("Next").asText())));
            }
            if (state.path("End").asBoolean(false)) {
                edges.add(edge(from, "-->", null, END_ID));
            }
            for (JsonNode catcher : state.path("Catch")) {
                String target = catcher.path("Next").asText();
                for (int hops = 0; collapsed.containsKey(target) && hops < collapsed.size(); hops++) {
                    target = collapsed.get(target);
                }
                edges.add(edge(from, "-.->", "error", id(ids, target)));
            }
        }
        edges.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    /** The fenced block the document holds for a definition. */
    static String fenced(JsonNode definition) {
        return "```mermaid\n" + mermaid(definition) + "```\n";
    }

    /** The diagram blocks of a document, in order. */
    static List<Block> blocks(String document) {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = document.indexOf(BEGIN, from);
            if (begin < 0) {
                return blocks;
            }
            int close = document.indexOf(BEGIN_CLOSE, begin + BEGIN.length());
            int lineEnd = document.indexOf('\n', begin);
            if (close < 0 || lineEnd < 0 || close > lineEnd) {
                throw new IllegalArgumentException("unterminated diagram marker at offset " + begin);
            }
            int end = document.indexOf(END, lineEnd);
            int nextBegin = document.indexOf(BEGIN, lineEnd);
            if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
                throw new IllegalArgumentException("diagram marker at offset " + begin + " has no " + END);
            }
            String definition =
                    document.substring(begin + BEGIN.length(), close).strip();
            blocks.add(new Block(definition, lineEnd + 1, end, document.substring(lineEnd + 1, end)));
            from = end + END.length();
        }
    }

    /** The document with every diagram block replaced by the one generated from its definition under root. */
    static String rewrite(String document, Path root) throws IOException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Block block : blocks(document)) {
            out.append(document, at, block.contentStart()).append(fenced(read(root.resolve(block.definition()))));
            at = block.contentEnd();
        }
        return out.append(document.substring(at)).toString();
    }

    /**
     * What keeps the document from matching the definitions under root: a block that differs from the
     * generated one (with a line diff), a block naming a missing file, a definition without a block.
     * Empty when the document is in step.
     */
    static List<String> problems(String document, Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Block block : blocks(document)) {
            shown.add(block.definition());
            Path file = root.resolve(block.definition());
            if (!Files.isRegularFile(file)) {
                problems.add("a diagram block names " + block.definition() + ", which does not exist");
                continue;
            }
            String expected = fenced(read(file));
            if (!expected.equals(block.content())) {
                problems.add(
                        "--- " + DOCUMENT + " (" + block.definition() + ")\n+++ generated from " + block.definition()
                                + "\n" + diff(block.content(), expected).stripTrailing());
            }
        }
        for (String definition : definitions(root)) {
            if (!shown.contains(definition)) {
                problems.add(definition + " has no diagram block (" + BEGIN + definition + BEGIN_CLOSE + " ... " + END
                        + ")");
            }
        }
        return problems;
    }

    /** The repository-relative paths of statemachine/*.asl.json under root, sorted. */
    static List<String> definitions(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(STATEMACHINE_DIR))) {
            return files.map(Path::getFileName)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".asl.json"))
                    .sorted()
                    .map(name -> STATEMACHINE_DIR + "/" + name)
                    .toList();
        }
    }

    /**
     * {@code --check docs/workflows.md}: exits 1, printing the differences, when the document's diagrams
     * are not what the definitions generate. {@code --write docs/workflows.md}: rewrites its diagram blocks.
     * Paths are relative to the repository root: {@code -Droot=} or the working directory.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("--check") || args[0].equals("--write"))) {
            System.err.println("usage: WorkflowDiagram --check|--write " + DOCUMENT
                    + "  (repository root: -Droot= or the working directory)");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("root", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        Path documentPath = root.resolve(args[1]);
        String document = Files.readString(documentPath, StandardCharsets.UTF_8);
        if (args[0].equals("--write")) {
            String updated = rewrite(document, root);
            if (!updated.equals(document)) {
                Files.writeString(documentPath, updated, StandardCharsets.UTF_8);
            }
            document = updated;
        }
        List<String> problems = problems(document, root);
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.err.println(args[1] + ": diagrams out of step with the definitions; run local/diagrams");
            System.exit(1);
        }
    }

    private static JsonNode read(Path file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        return List.copyOf(object.properties());
    }

    private static Map<String, String> ids(JsonNode states) {
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>(Set.of(START_ID, END_ID));
        for (Map.Entry<String, JsonNode> state : entries(states)) {
            String name = state.getKey();
            String base = name.replaceAll("[^A-Za-z0-9]", "");
            if (base.isEmpty() || !(base.charAt(0) >= 'A' && base.charAt(0) <= 'Z')) {
                base = "S_" + base;
            }
            String id = base;
            for (int n = 2; used.contains(id); n++) {
                id = base + "_" + n;
            }
            used.add(id);
            ids.put(name, id);
        }
        return ids;
    }

    private static String id(Map<String, String> ids, String name) {
        String id = ids.get(name);
        if (id == null) {
            throw new IllegalArgumentException("a transition names \"" + name + "\", which is not a state");
        }
        return id;
    }

    /** Pass states that only record $.failedState and are reached only from Catch, mapped to their Next. */
    private static Map<String, String> collapsedFailureMarkers(JsonNode definition) {
        Set<String> reachedOtherwise = new HashSet<>();
        reachedOtherwise.add(definition.path("StartAt").asText());
        for (Map.Entry<String, JsonNode> entry : entries(definition.path("States"))) {
            JsonNode state = entry.getValue();
            reachedOtherwise.add(state.path("Next").asText());
            reachedOtherwise.add(state.path("Default").asText());
            state.path("Choices")
                    .forEach(rule -> reachedOtherwise.add(rule.path("Next").asText()));
        }
        Map<String, String> collapsed = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(definition.path("States"))) {
            JsonNode state = entry.getValue();
            boolean onlyMarks = "Pass".equals(state.path("Type").asText())
                    && "$.failedState".equals(state.path("ResultPath").asText())
                    && state.path("Next").isTextual()
                    && entries(state).stream().allMatch(field -> FAILURE_MARKER_FIELDS.contains(field.getKey()));
            if (onlyMarks && !reachedOtherwise.contains(entry.getKey())) {
                collapsed.put(entry.getKey(), state.get("Next").asText());
            }
        }
        return collapsed;
    }

    private static String node(String id, String name, String type) {
        String label = "\"" + escape(name) + "\"";
        return switch (type) {
            case "Choice" -> id + "{" + label + "}";
            case "Wait" -> id + "([" + label + "])";
            case "Pass" -> id + "[/" + label + "/]";
            case "Parallel", "Map" -> id + "[[" + label + "]]";
            case "Succeed", "Fail" -> id + "(((" + label + ")))";
            default -> id + "[" + label + "]";
        };
    }

    private static String edge(String from, String arrow, String label, String to) {
        return from + " " + arrow + (label == null ? "" : "|\"" + escape(label) + "\"|") + " " + to;
    }

    private static String escape(String text) {
        return text.replace("#", "#35;")
                .replace("\"", "#quot;")
                .replace("<", "#lt;")
                .replace(">", "#gt;")
                .replaceAll("\\s+", " ");
    }

    /** A short form of a Choice rule's condition, e.g. {@code promoted = true}. */
    static String condition(JsonNode rule) {
        if (rule.has("And")) {
            return join(rule.get("And"), " and ");
        }
        if (rule.has("Or")) {
            return join(rule.get("Or"), " or ");
        }
        if (rule.has("Not")) {
            return "not " + nested(rule.get("Not"));
        }
        if (rule.has("Condition")) {
            return rule.get("Condition").asText();
        }
        String variable = shortPath(rule.path("Variable").asText());
        for (Map.Entry<String, JsonNode> field : entries(rule)) {
            String operator = field.getKey();
            if (operator.startsWith("Is")) {
                String what = operator.substring(2).toLowerCase(Locale.ROOT);
                return variable + " is " + (field.getValue().asBoolean() ? "" : "not ") + what;
            }
            boolean path = operator.endsWith("Path");
            String comparison = path ? operator.substring(0, operator.length() - 4) : operator;
            String symbol = symbol(comparison);
            if (symbol != null) {
                String value = path
                        ? shortPath(field.getValue().asText())
                        : field.getValue().isTextual()
                                ? "'" + field.getValue().asText() + "'"
                                : field.getValue().toString();
                return variable + " " + symbol + " " + value;
            }
        }
        return variable;
    }

    private static String symbol(String comparison) {
        if (comparison.endsWith("LessThanEquals")) {
            return "<=";
        }
        if (comparison.endsWith("GreaterThanEquals")) {
            return ">=";
        }
        if (comparison.endsWith("LessThan")) {
            return "<";
        }
        if (comparison.endsWith("GreaterThan")) {
            return ">";
        }
        if (comparison.endsWith("Equals")) {
            return "=";
        }
        if (comparison.equals("StringMatches")) {
            return "matches";
        }
        return null;
    }

    private static String join(JsonNode rules, String separator) {
        List<String> parts = new ArrayList<>();
        rules.forEach(rule -> parts.add(nested(rule)));
        return String.join(separator, parts);
    }

    private static String nested(JsonNode rule) {
        String condition = condition(rule);
        return rule.has("And") || rule.has("Or") ? "(" + condition + ")" : condition;
    }

    private static String shortPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot == path.length() - 1 ? path : path.substring(dot + 1);
    }

    private static String diff(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] b = expected.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] =
                        a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                out.append("-").append(a[i++]).append('\n');
            } else {
                out.append("+").append(b[j++]).append('\n');
            }
        }
        return out.toString();
    }
}
