package io.efsdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source file of functions/src/main is over {@value #MAX_LINES} lines (issue 23): a class that
 * large mixes concerns (figures, decisions and English; every section of the plan) and is split by
 * concern instead, as notify.NotificationComposer and plan.PlanValidator are.
 */
class ClassSizeTest {
    static final int MAX_LINES = 600;
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void mainSources_areAtMost600Lines() throws IOException {
        Map<String, Long> over = new TreeMap<>();
        int files;
        try (Stream<Path> paths = Files.walk(MAIN)) {
            List<Path> sources =
                    paths.filter(p -> p.toString().endsWith(".java")).toList();
            files = sources.size();
            for (Path source : sources) {
                long lines;
                try (Stream<String> text = Files.lines(source)) {
                    lines = text.count();
                }
                if (lines > MAX_LINES) {
                    over.put(MAIN.relativize(source).toString(), lines);
                }
            }
        }
        assertTrue(files > 100, "read the main sources (" + files + " files under " + MAIN.toAbsolutePath() + ")");
        assertEquals(Map.of(), over, "files over " + MAX_LINES + " lines: split them by concern");
    }
}
