package io.efsdr.sandbox.kubernetes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query parameter: {@code k=v}, {@code k==v}, {@code k!=v}, {@code
 * k}, {@code !k}, {@code k in (a,b)} and {@code k notin (a,b)}, joined by commas (all must hold).
 */
final class LabelSelector {
    private static final Pattern SET = Pattern.compile("^([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^()]*)\\)$");
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$");

    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    static LabelSelector parse(String text) throws ApiException {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new LabelSelector(requirements);
        }
        for (String term : splitTopLevel(text)) {
            requirements.add(requirement(term.trim(), text));
        }
        return new LabelSelector(requirements);
    }

    boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.test(labels));
    }

    private static Predicate<Map<String, String>> requirement(String term, String whole) throws ApiException {
        Matcher set = SET.matcher(term);
        if (set.matches()) {
            String key = key(set.group(1), whole);
            Set<String> values = Set.copyOf(Arrays.asList(splitValues(set.group(3))));
            return set.group(2).equals("in")
                    ? labels -> values.contains(labels.get(key))
                    : labels -> !values.contains(labels.get(key));
        }
        int notEquals = term.indexOf("!=");
        if (notEquals > 0) {
            String key = key(term.substring(0, notEquals), whole);
            String value = term.substring(notEquals + 2).trim();
            return labels -> !value.equals(labels.get(key));
        }
        int equals = term.indexOf('=');
        if (equals > 0) {
            String key = key(term.substring(0, equals), whole);
            String value = term.substring(term.startsWith("==", equals) ? equals + 2 : equals + 1)
                    .trim();
            return labels -> value.equals(labels.get(key));
        }
        if (term.startsWith("!")) {
            String key = key(term.substring(1), whole);
            return labels -> !labels.containsKey(key);
        }
        String key = key(term, whole);
        return labels -> labels.containsKey(key);
    }

    private static String[] splitValues(String values) {
        return values.isBlank() ? new String[0] : values.trim().split("\\s*,\\s*");
    }

    private static String key(String raw, String whole) throws ApiException {
        String key = raw.trim();
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest("unable to parse requirement: invalid label selector: " + whole);
        }
        return key;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }
}
