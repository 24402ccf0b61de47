package io.efsdr.guard;

import io.efsdr.aws.AwsCalls;
import io.efsdr.plan.OtherRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** What the DR state machines are doing: which executions run, and when the last one started. */
public final class DrExecutions implements OtherRuns {
    private final Supplier<SfnClient> sfn;
    private final List<String> stateMachineArns;

    /** The client is taken on first use: most functions never list executions. */
    public DrExecutions(Supplier<SfnClient> sfn, List<String> stateMachineArns) {
        this.sfn = sfn;
        this.stateMachineArns = List.copyOf(stateMachineArns);
    }

    @Override
    public List<String> runningBesides(String executionName) {
        List<String> running = new ArrayList<>();
        for (String arn : stateMachineArns) {
            for (ExecutionListItem item : list(arn, ExecutionStatus.RUNNING)) {
                if (!item.name().equals(executionName)) {
                    running.add(item.name() + " (" + stateMachineName(arn) + ")");
                }
            }
        }
        return running;
    }

    /** The recent executions of the DR state machines, whatever their status: one list per state machine. */
    public Recent recent() {
        List<ExecutionListItem> items = new ArrayList<>();
        for (String arn : stateMachineArns) {
            items.addAll(list(arn, null));
        }
        return new Recent(List.copyOf(items));
    }

    /** Recent executions of both workflows, read once and asked several questions. */
    public record Recent(List<ExecutionListItem> items) {
        /** Whether one of them has this name. */
        public boolean named(String executionName) {
            return items.stream().anyMatch(item -> item.name().equals(executionName));
        }

        /**
         * When the most recent of them started, other than the named one (a concurrent duplicate
         * delivery must not see its own twin as the last run).
         */
        public Optional<Instant> lastStartBesides(String executionName) {
            return items.stream()
                    .filter(item -> !item.name().equals(executionName))
                    .map(ExecutionListItem::startDate)
                    .max(Instant::compareTo);
        }
    }

    private List<ExecutionListItem> list(String stateMachineArn, ExecutionStatus status) {
        return AwsCalls.call(
                "Step Functions ListExecutions of " + stateMachineName(stateMachineArn),
                () -> sfn.get()
                        .listExecutions(r -> {
                            r.stateMachineArn(stateMachineArn).maxResults(20);
                            if (status != null) {
                                r.statusFilter(status);
                            }
                        })
                        .executions());
    }

    private static String stateMachineName(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
