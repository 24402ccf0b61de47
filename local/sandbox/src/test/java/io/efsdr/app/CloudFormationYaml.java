package io.efsdr.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation/SAM template into plain maps and lists, turning the short-form intrinsic
 * tags into their long form ({@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !Sub s} becomes
 * {@code {"Fn::Sub": s}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}), the
 * same shape CloudFormation itself sees. Any other local tag ({@code !Foo}) becomes
 * {@code {"Fn::Foo": value}}.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {}

    static Map<String, Object> readTemplate(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new Yaml(new IntrinsicFunctionConstructor()).load(reader);
        }
    }

    /** Reads every document of a multi-document YAML file (no custom tags). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readAll(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return StreamSupport.stream(
                            new Yaml(new SafeConstructor(new LoaderOptions()))
                                    .loadAll(reader)
                                    .spliterator(),
                            false)
                    .filter(Objects::nonNull)
                    .map(document -> (Map<String, Object>) document)
                    .toList();
        }
    }

    private static final class IntrinsicFunctionConstructor extends SafeConstructor {

        IntrinsicFunctionConstructor() {
            super(new LoaderOptions());
            // SnakeYAML falls back to the null key for tags it does not know.
            this.yamlConstructors.put(null, new IntrinsicFunction());
        }

        private final class IntrinsicFunction extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!")) {
                    throw new IllegalArgumentException("Unsupported YAML tag " + tag + " at " + node.getStartMark());
                }
                String name = tag.substring(1);
                Object value = valueOf(node);
                if (name.equals("GetAtt") && value instanceof String dotted) {
                    value = Arrays.asList(dotted.split("\\.", 2));
                }
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                return Map.of(key, value);
            }

            private Object valueOf(Node node) {
                if (node instanceof ScalarNode scalar) {
                    return constructScalar(scalar);
                }
                if (node instanceof SequenceNode sequence) {
                    return constructSequence(sequence);
                }
                return constructMapping((MappingNode) node);
            }
        }
    }
}
