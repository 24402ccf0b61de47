package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code fieldSelector} query parameter: terms {@code f=v}, {@code f==v} or {@code f!=v}
 * joined by commas, all of which must hold (staging/src/k8s.io/apimachinery/pkg/fields/selector.go,
 * ParseSelector). Only the fields the real registry makes selectable are accepted; any other answers
 * 400 {@code field label not supported} as the API server does: {@code metadata.name} and {@code
 * metadata.namespace} for every resource (pkg/registry/generic/matcher.go, ObjectMetaFieldsSet),
 * plus, for pods, the fields of pkg/registry/core/pod/strategy.go ToSelectableFields and, for
 * namespaces, {@code status.phase} (pkg/registry/core/namespace/strategy.go).
 */
final class FieldSelector {
    private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");
    private static final Map<String, Set<String>> EXTRA = Map.of(
            "pods",
            Set.of(
                    "spec.nodeName",
                    "spec.restartPolicy",
                    "spec.schedulerName",
                    "spec.serviceAccountName",
                    "spec.hostNetwork",
                    "status.phase",
                    "status.podIP",
                    "status.nominatedNodeName"),
            "namespaces",
            Set.of("status.phase"));
    /** Values a field has when the object leaves it out (spec.hostNetwork is a bool: "false"). */
    private static final Map<String, String> DEFAULTS = Map.of("spec.hostNetwork", "false");

    private record Term(String field, String value, boolean equal) {}

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    static FieldSelector parse(String text, String resource) throws ApiException {
        List<Term> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new FieldSelector(terms);
        }
        for (String raw : text.split(",")) {
            String term = raw.trim();
            Term parsed;
            int notEqual = term.indexOf("!=");
            int doubleEqual = term.indexOf("==");
            int equal = term.indexOf('=');
            if (notEqual > 0) {
                parsed = new Term(
                        term.substring(0, notEqual).trim(),
                        term.substring(notEqual + 2).trim(),
                        false);
            } else if (doubleEqual > 0) {
                parsed = new Term(
                        term.substring(0, doubleEqual).trim(),
                        term.substring(doubleEqual + 2).trim(),
                        true);
            } else if (equal > 0) {
                parsed = new Term(
                        term.substring(0, equal).trim(),
                        term.substring(equal + 1).trim(),
                        true);
            } else {
                throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }
            if (!COMMON.contains(parsed.field())
                    && !EXTRA.getOrDefault(resource, Set.of()).contains(parsed.field())) {
                throw ApiException.badRequest("field label not supported: " + parsed.field());
            }
            terms.add(parsed);
        }
        return new FieldSelector(terms);
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    boolean matches(JsonNode object) {
        for (Term term : terms) {
            JsonNode node = object;
            for (String part : term.field().split("\\.")) {
                node = node.path(part);
            }
            String value =
                    node.isMissingNode() || node.isNull() ? DEFAULTS.getOrDefault(term.field(), "") : node.asText();
            if (value.equals(term.value()) != term.equal()) {
                return false;
            }
        }
        return true;
    }
}
