package io.efsdr.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The AWS API calls (as IAM actions) that a handler's code can make, derived from the compiled
 * functions: a method-level call graph from the handler's {@code handle} method through the domain
 * classes, following every call into {@code io.efsdr} code (virtual and interface calls to every
 * implementation in the functions, as class-hierarchy analysis does) and every lambda or method
 * reference the reached code creates. A lambda created in one place and passed to a constructor
 * (the composition root hands {@code promotion::reachable} to {@code Fencing}) is reached whenever
 * a method of the class it was handed to is reached. An SDK client method such as
 * {@code EfsClient.deleteReplicationConfiguration} is the IAM action
 * {@code elasticfilesystem:DeleteReplicationConfiguration}. The result over-approximates a single
 * run (every branch counts), which is what a policy must allow.
 */
final class AwsCallGraph {
    private static final String CODE_PACKAGE = "io/efsdr/";
    private static final Pattern SDK_CLIENT =
            Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+Client");

    /** SDK package name to IAM service prefix, where they differ or for the services we call. */
    private static final Map<String, String> IAM_PREFIX = Map.ofEntries(
            Map.entry("efs", "elasticfilesystem"),
            Map.entry("eks", "eks"),
            Map.entry("sfn", "states"),
            Map.entry("sns", "sns"),
            Map.entry("s3", "s3"),
            Map.entry("ssm", "ssm"),
            Map.entry("sts", "sts"),
            Map.entry("sqs", "sqs"),
            Map.entry("cloudwatch", "cloudwatch"),
            Map.entry("lambda", "lambda"),
            Map.entry("kms", "kms"),
            Map.entry("eventbridge", "events"));

    /**
     * API operations whose IAM action has another name (Service Authorization Reference, "Actions
     * defined by AWS Lambda": the Invoke API is authorized as lambda:InvokeFunction).
     */
    private static final Map<String, String> ACTION_OF_OPERATION = Map.of("lambda:Invoke", "lambda:InvokeFunction");

    /** SDK client methods that are not API operations. */
    private static final Set<String> NOT_OPERATIONS =
            Set.of("serviceName", "close", "serviceClientConfiguration", "utilities", "waiter", "builder", "create");

    /** Library methods outside this code that make an AWS call on its behalf. */
    private static final Map<String, String> LIBRARY_CALLS = Map.of(
            "software/amazon/lambda/powertools/parameters/ssm/SSMProvider.get", "ssm:GetParameter",
            "software/amazon/lambda/powertools/parameters/ssm/SSMProvider.getMultiple", "ssm:GetParametersByPath");

    /**
     * Methods of this code that make an AWS call without an SDK client, signing the request
     * themselves: the ARC routing control data plane (its SDK module is served to this build only at
     * an old version) and CloudWatch GetMetricData (its SDK module speaks RPC v2 CBOR and would add its
     * protocol to every package), one IAM action per method. Reaching the method counts as the call.
     */
    private static final Map<String, String> HAND_SIGNED_CALLS = Map.of(
            "io/efsdr/traffic/RoutingControlCluster$Session.read",
            "route53-recovery-cluster:GetRoutingControlState",
            "io/efsdr/traffic/RoutingControlCluster$Session.update",
            "route53-recovery-cluster:UpdateRoutingControlStates",
            "io/efsdr/efs/CloudWatchWriteMetrics.read",
            "cloudwatch:GetMetricData");

    private record MethodRef(String owner, String name, String descriptor) {}

    private final Map<String, ClassNode> classes = new HashMap<>();
    private final Map<String, Set<String>> subtypes = new HashMap<>();
    private final Map<String, Set<Handle>> heldFunctions = new HashMap<>();

    private AwsCallGraph() {}

    /** Reads every class of the functions (the directory or jar that holds {@code anchor}). */
    static AwsCallGraph of(Class<?> anchor) throws IOException {
        AwsCallGraph graph = new AwsCallGraph();
        Path location;
        try {
            location = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(location)) {
            graph.readTree(location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                graph.readTree(jar.getPath("/"));
            }
        }
        graph.index();
        return graph;
    }

    private void readTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    ClassNode node = new ClassNode();
                    new ClassReader(in).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                    if (node.name.startsWith(CODE_PACKAGE)) {
                        classes.put(node.name, node);
                    }
                }
            }
        }
    }

    private void index() {
        for (ClassNode node : classes.values()) {
            if (node.superName != null) {
                subtypes.computeIfAbsent(node.superName, k -> new HashSet<>()).add(node.name);
            }
            for (String type : node.interfaces) {
                subtypes.computeIfAbsent(type, k -> new HashSet<>()).add(node.name);
            }
            for (MethodNode method : node.methods) {
                bindFunctionsHandedToConstructors(method);
            }
        }
    }

    /**
     * Lambdas and method references created in {@code method} and passed, as the next consumer, to a
     * constructor of a class of this code are held by that class.
     */
    private void bindFunctionsHandedToConstructors(MethodNode method) {
        List<Handle> pending = new ArrayList<>();
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction instanceof InvokeDynamicInsnNode indy) {
                pending.addAll(handles(indy));
            } else if (instruction instanceof MethodInsnNode call && !pending.isEmpty()) {
                if (call.name.equals("<init>") && classes.containsKey(call.owner)) {
                    heldFunctions
                            .computeIfAbsent(call.owner, k -> new LinkedHashSet<>())
                            .addAll(pending);
                    pending.clear();
                } else if (takesAFunction(call.desc)) {
                    pending.clear();
                }
            }
        }
    }

    private boolean takesAFunction(String descriptor) {
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            String name = argument.getSort() == Type.OBJECT ? argument.getInternalName() : "";
            if (name.startsWith("java/util/function/")
                    || name.equals("java/lang/Runnable")
                    || name.equals("java/util/concurrent/Callable")
                    || (classes.containsKey(name) && (classes.get(name).access & Opcodes.ACC_INTERFACE) != 0)) {
                return true;
            }
        }
        return false;
    }

    private static List<Handle> handles(InvokeDynamicInsnNode indy) {
        List<Handle> found = new ArrayList<>();
        for (Object argument : indy.bsmArgs) {
            if (argument instanceof Handle handle && handle.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                found.add(handle);
            }
        }
        return found;
    }

    /** The IAM actions the handler class's {@code handle} method can reach. */
    Set<String> actionsOf(String handlerClassName) {
        String handler = handlerClassName.replace('.', '/');
        ClassNode node = classes.get(handler);
        if (node == null) {
            throw new IllegalArgumentException("no compiled class " + handlerClassName);
        }
        Set<String> actions = new TreeSet<>();
        Set<MethodRef> seen = new HashSet<>();
        Set<String> classesReached = new HashSet<>();
        Deque<MethodRef> work = new ArrayDeque<>();
        for (MethodNode method : node.methods) {
            if (method.name.equals("handle")) {
                work.add(new MethodRef(handler, method.name, method.desc));
            }
        }
        while (!work.isEmpty()) {
            MethodRef ref = work.poll();
            MethodNode method = resolve(ref);
            if (method == null || !seen.add(ref)) {
                continue;
            }
            if (!ref.name().equals("<init>") && classesReached.add(ref.owner())) {
                for (Handle held : heldFunctions.getOrDefault(ref.owner(), Set.of())) {
                    follow(
                            held.getOwner(),
                            held.getName(),
                            held.getDesc(),
                            held.getTag() != Opcodes.H_INVOKESTATIC
                                    && held.getTag() != Opcodes.H_INVOKESPECIAL
                                    && held.getTag() != Opcodes.H_NEWINVOKESPECIAL,
                            work,
                            actions);
                }
            }
            for (AbstractInsnNode instruction : method.instructions) {
                if (instruction instanceof MethodInsnNode call) {
                    boolean virtual =
                            call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
                    follow(call.owner, call.name, call.desc, virtual, work, actions);
                } else if (instruction instanceof InvokeDynamicInsnNode indy) {
                    for (Handle handle : handles(indy)) {
                        boolean virtual = handle.getTag() == Opcodes.H_INVOKEVIRTUAL
                                || handle.getTag() == Opcodes.H_INVOKEINTERFACE;
                        follow(handle.getOwner(), handle.getName(), handle.getDesc(), virtual, work, actions);
                    }
                }
            }
        }
        return actions;
    }

    private void follow(
            String owner, String name, String descriptor, boolean virtual, Deque<MethodRef> work, Set<String> actions) {
        Matcher client = SDK_CLIENT.matcher(owner);
        if (client.matches() && !NOT_OPERATIONS.contains(name) && !name.startsWith("<")) {
            String service = IAM_PREFIX.getOrDefault(client.group(1), client.group(1));
            String operation =
                    name.endsWith("Paginator") ? name.substring(0, name.length() - "Paginator".length()) : name;
            String action = service + ":" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
            actions.add(ACTION_OF_OPERATION.getOrDefault(action, action));
            return;
        }
        String library = LIBRARY_CALLS.get(owner + "." + name);
        if (library != null) {
            actions.add(library);
            return;
        }
        String handSigned = HAND_SIGNED_CALLS.get(owner + "." + name);
        if (handSigned != null) {
            actions.add(handSigned);
        }
        if (!classes.containsKey(owner)) {
            return;
        }
        work.add(new MethodRef(owner, name, descriptor));
        if (virtual) {
            for (String subtype : allSubtypes(owner)) {
                String implementedBySigning = HAND_SIGNED_CALLS.get(subtype + "." + name);
                if (implementedBySigning != null) {
                    actions.add(implementedBySigning);
                }
                work.add(new MethodRef(subtype, name, descriptor));
            }
        }
    }

    private Set<String> allSubtypes(String type) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(subtypes.getOrDefault(type, Set.of()));
        while (!work.isEmpty()) {
            String next = work.poll();
            if (found.add(next)) {
                work.addAll(subtypes.getOrDefault(next, Set.of()));
            }
        }
        return found;
    }

    /** The method a call on {@code ref.owner} runs: declared there or inherited from a superclass. */
    private MethodNode resolve(MethodRef ref) {
        String owner = ref.owner();
        while (owner != null && classes.containsKey(owner)) {
            ClassNode node = classes.get(owner);
            for (MethodNode method : node.methods) {
                if (method.name.equals(ref.name())
                        && method.desc.equals(ref.descriptor())
                        && (method.access & Opcodes.ACC_ABSTRACT) == 0) {
                    return method;
                }
            }
            owner = node.superName;
        }
        return null;
    }
}
