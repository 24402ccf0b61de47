package io.efsdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two io.efsdr packages of functions/src/main depend on each other, directly or through others:
 * a cycle makes neither package understandable, testable or movable alone. Read from the sources
 * (imports, static imports and fully qualified names in code; comments do not count), so it needs
 * no dependency-analysis library. A sub-package is a package of its own.
 */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    /** A reference to a type of the project: the lower-case segments are its package. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.efsdr((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void mainSources_haveNoPackageCycle() {
        Map<String, Map<String, Set<String>>> graph = dependencies(MAIN);

        List<List<String>> cycles = stronglyConnected(graph).stream()
                .filter(component -> component.size() > 1)
                .toList();

        StringBuilder why = new StringBuilder();
        for (List<String> cycle : cycles) {
            why.append("\ncycle among ").append(cycle).append(':');
            for (String from : cycle) {
                graph.get(from).forEach((to, files) -> {
                    if (cycle.contains(to)) {
                        why.append("\n  ")
                                .append(from)
                                .append(" -> ")
                                .append(to)
                                .append(" in ")
                                .append(files);
                    }
                });
            }
        }
        assertEquals(List.of(), cycles, why.toString());
    }

    /** The scan sees what it must: a made-up pair of sources that import each other is one cycle. */
    @Test
    void scan_whenTwoPackagesReferToEachOther_findsTheCycle() throws IOException {
        Path root = Files.createTempDirectory("cycles");
        write(root, "io/efsdr/a/A.java", """
                package io.efsdr.a;

                import io.efsdr.b.B;

                /** Mentions {@link io.efsdr.c.C}, which does not count. */
                class A {}
                """);
        write(root, "io/efsdr/b/B.java", """
                package io.efsdr.b;

                class B {
                    Object a = io.efsdr.a.sub.Deep.make(); // io.efsdr.c.C in a comment
                }
                """);
        write(root, "io/efsdr/a/sub/Deep.java", """
                package io.efsdr.a.sub;

                import static io.efsdr.a.A.thing;

                class Deep {}
                """);
        write(root, "io/efsdr/c/C.java", """
                package io.efsdr.c;

                import io.efsdr.a.A;

                class C {}
                """);

        Map<String, Map<String, Set<String>>> graph = dependencies(root);

        assertEquals(Set.of("io.efsdr.b"), graph.get("io.efsdr.a").keySet());
        assertEquals(Set.of("io.efsdr.a.sub"), graph.get("io.efsdr.b").keySet());
        assertEquals(
                List.of(List.of("io.efsdr.a", "io.efsdr.a.sub", "io.efsdr.b")),
                stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList());
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    /** Package -> the io.efsdr packages it refers to -> the files that do. */
    private static Map<String, Map<String, Set<String>>> dependencies(Path root) {
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is not the main source tree");
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = withoutComments(Files.readString(file));
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find() || !declared.group(1).startsWith("io.efsdr")) {
                    continue;
                }
                String from = declared.group(1);
                Map<String, Set<String>> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
                Matcher reference = REFERENCE.matcher(text);
                while (reference.find()) {
                    String to = "io.efsdr" + reference.group(1);
                    if (!to.equals(from) && reference.start() > declared.end()) {
                        edges.computeIfAbsent(to, p -> new TreeSet<>())
                                .add(root.relativize(file).toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The text without its comments; string literals are kept as they are. */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, source.length());
                out.append(source, i, j);
                i = j;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Tarjan's strongly connected components, each sorted, in the order of their first package. */
    private static List<List<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components);
            }
        }
        components.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return components;
    }

    private static void connect(
            String node,
            Map<String, Map<String, Set<String>>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            component.sort(null);
            components.add(component);
        }
    }
}
