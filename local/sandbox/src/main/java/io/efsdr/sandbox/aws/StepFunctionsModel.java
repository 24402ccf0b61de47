package io.efsdr.sandbox.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Step Functions executions. Nothing runs them: tests move them on with {@link
 * #setExecutionStatus}. Thread-safe; start listeners run on the calling thread after the execution
 * is recorded.
 */
public final class StepFunctionsModel {
    private final Clock clock;
    private final Map<String, SfnExecution> executions = new LinkedHashMap<>();
    private final Map<String, List<HistoryEntry>> histories = new LinkedHashMap<>();

    /**
     * One event of an execution's history as GetExecutionHistory answers it (Step Functions API
     * reference, HistoryEvent): its type ({@code TaskStateEntered}, {@code ExecutionFailed}, ...),
     * when, and its details object under the member the type names ({@code stateEnteredEventDetails}
     * and so on).
     */
    public record HistoryEntry(long id, Instant timestamp, String type, String detailsField, ObjectNode details) {}

    private final List<Consumer<SfnExecution>> startListeners = new CopyOnWriteArrayList<>();

    /**
     * A state machine as DescribeStateMachine answers it (Step Functions API reference,
     * DescribeStateMachine): a STANDARD workflow, ACTIVE, with its definition and execution role.
     */
    public record StateMachine(String region, String name, String definition, Instant creationDate) {
        public String arn() {
            return "arn:aws:states:" + region + ":" + EfsModel.ACCOUNT + ":stateMachine:" + name;
        }

        public String roleArn() {
            return "arn:aws:iam::" + EfsModel.ACCOUNT + ":role/" + name + "-role";
        }
    }

    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();

    StepFunctionsModel(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code listener} for every newly started execution (not for idempotent repeats). */
    public void addStartListener(Consumer<SfnExecution> listener) {
        startListeners.add(Objects.requireNonNull(listener));
    }

    /** Creates (or updates the definition of) a state machine, as the template deploys it. */
    public synchronized StateMachine defineStateMachine(String region, String name, String definition) {
        StateMachine machine = new StateMachine(region, name, definition, clock.instant());
        StateMachine old = stateMachines.get(machine.arn());
        if (old != null) {
            machine = new StateMachine(region, name, definition, old.creationDate());
        }
        stateMachines.put(machine.arn(), machine);
        return machine;
    }

    synchronized Optional<StateMachine> stateMachine(String arn) {
        return Optional.ofNullable(stateMachines.get(arn));
    }

    /** The state machines of one region, in the order they were created. */
    synchronized List<StateMachine> stateMachines(String region) {
        return stateMachines.values().stream()
                .filter(m -> m.region().equals(region))
                .toList();
    }

    public synchronized Optional<SfnExecution> execution(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn));
    }

    /** Every execution, in start order. */
    public synchronized List<SfnExecution> executions() {
        return List.copyOf(executions.values());
    }

    /** Sets the status; a status other than {@code RUNNING} also sets the stop date. */
    public synchronized SfnExecution setExecutionStatus(String executionArn, String status) {
        SfnExecution old = executions.get(executionArn);
        if (old == null) {
            throw new IllegalArgumentException("unknown execution " + executionArn);
        }
        SfnExecution updated = new SfnExecution(
                old.region(),
                old.executionArn(),
                old.stateMachineArn(),
                old.name(),
                old.input(),
                status,
                old.startDate(),
                status.equals("RUNNING") ? null : clock.instant());
        executions.put(executionArn, updated);
        return updated;
    }

    /**
     * Records an execution the local ASL runner carries out, so the guards (one DR execution at a
     * time, cooldown) see it exactly as they would see one in AWS.
     */
    public SfnExecution recordLocalExecution(String region, String stateMachineArn, String name, String input) {
        return start(region, stateMachineArn, name, input);
    }

    /**
     * Starts an execution. The same name with the same input while running answers the existing
     * execution; any other reuse of a name is {@code ExecutionAlreadyExists}.
     */
    SfnExecution start(String region, String stateMachineArn, String name, String input) {
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new ServiceError(400, "InvalidArn", "Invalid state machine ARN: " + stateMachineArn);
        }
        String machine = stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        String effectiveInput = input == null ? "{}" : input;
        String arn =
                "arn:aws:states:" + region + ":" + EfsModel.ACCOUNT + ":execution:" + machine + ":" + executionName;
        SfnExecution started;
        synchronized (this) {
            SfnExecution existing = executions.get(arn);
            if (existing != null) {
                if (existing.status().equals("RUNNING") && existing.input().equals(effectiveInput)) {
                    return existing;
                }
                throw new ServiceError(400, "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            started = new SfnExecution(
                    region, arn, stateMachineArn, executionName, effectiveInput, "RUNNING", clock.instant(), null);
            executions.put(arn, started);
        }
        for (Consumer<SfnExecution> listener : startListeners) {
            listener.accept(started);
        }
        return started;
    }

    synchronized List<SfnExecution> list(String stateMachineArn, String statusFilter) {
        List<SfnExecution> out = new ArrayList<>();
        for (SfnExecution e : executions.values()) {
            if (e.stateMachineArn().equals(stateMachineArn)
                    && (statusFilter == null || e.status().equals(statusFilter))) {
                out.add(e);
            }
        }
        return out.reversed();
    }

    /** Appends an event to a local execution's history, as the service records it while the execution runs. */
    public synchronized void appendHistory(String executionArn, String type, String detailsField, ObjectNode details) {
        List<HistoryEntry> history = histories.computeIfAbsent(executionArn, arn -> new ArrayList<>());
        history.add(new HistoryEntry(history.size() + 1, clock.instant(), type, detailsField, details));
    }

    /** The execution's history in order; empty for an execution that recorded none. */
    public synchronized List<HistoryEntry> history(String executionArn) {
        return List.copyOf(histories.getOrDefault(executionArn, List.of()));
    }

    /** A person's answer to a {@code waitForTaskToken} step, sent with SendTaskSuccess or SendTaskFailure. */
    public record TaskDecision(boolean success, String output, String error, String cause) {}

    private final Map<String, Optional<TaskDecision>> tasks = new ConcurrentHashMap<>();

    /** Makes a task token known (a waiting step hands it out); decisions for unknown tokens are refused. */
    public void registerTaskToken(String token) {
        tasks.putIfAbsent(token, Optional.empty());
    }

    /** The decision sent for a token, empty while none was sent or the token is unknown. */
    public Optional<TaskDecision> decision(String token) {
        return tasks.getOrDefault(token, Optional.empty());
    }

    synchronized boolean decide(String token, TaskDecision decision) {
        Optional<TaskDecision> current = tasks.get(token);
        if (current == null || current.isPresent()) {
            return false;
        }
        tasks.put(token, Optional.of(decision));
        return true;
    }
}
