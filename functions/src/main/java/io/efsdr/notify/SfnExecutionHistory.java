package io.efsdr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.efsdr.aws.AwsCalls;
import io.efsdr.config.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Reads an execution's history newest first ({@code GetExecutionHistory}, {@code reverseOrder}),
 * a bounded number of pages, until the last state it entered.
 */
public final class SfnExecutionHistory implements ExecutionHistory {
    private static final int MAX_PAGES = 10;
    private final Supplier<SfnClient> sfn;

    public SfnExecutionHistory(Supplier<SfnClient> sfn) {
        this.sfn = sfn;
    }

    @Override
    public Optional<LastState> lastState(String executionArn) {
        return AwsCalls.call("Step Functions GetExecutionHistory for " + executionArn, () -> {
            String error = null;
            String cause = null;
            String token = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                String next = token;
                GetExecutionHistoryResponse response = sfn.get()
                        .getExecutionHistory(r -> r.executionArn(executionArn)
                                .reverseOrder(true)
                                .includeExecutionData(true)
                                .maxResults(100)
                                .nextToken(next));
                for (HistoryEvent event : response.events()) {
                    if (error == null && event.executionFailedEventDetails() != null) {
                        error = event.executionFailedEventDetails().error();
                        cause = event.executionFailedEventDetails().cause();
                    }
                    if (error == null && event.executionTimedOutEventDetails() != null) {
                        error = event.executionTimedOutEventDetails().error();
                        cause = event.executionTimedOutEventDetails().cause();
                    }
                    if (error == null && event.executionAbortedEventDetails() != null) {
                        error = event.executionAbortedEventDetails().error();
                        cause = event.executionAbortedEventDetails().cause();
                    }
                    if (event.stateEnteredEventDetails() != null) {
                        String type = event.typeAsString() == null
                                ? ""
                                : event.typeAsString().replace("StateEntered", "");
                        return Optional.of(new LastState(
                                event.stateEnteredEventDetails().name(),
                                type,
                                parse(event.stateEnteredEventDetails().input()),
                                error,
                                cause));
                    }
                }
                token = response.nextToken();
                if (token == null || token.isEmpty()) {
                    break;
                }
            }
            return Optional.empty();
        });
    }

    private static JsonNode parse(String input) {
        if (input == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(input);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
