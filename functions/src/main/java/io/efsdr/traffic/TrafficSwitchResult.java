package io.efsdr.traffic;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.efsdr.plan.Poll;
import io.efsdr.plan.TrafficPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One poll of the traffic switch: what it found, what it did and what it read back.
 *
 * @param fromRegion the region traffic leaves
 * @param toRegion the region traffic goes to
 * @param before where traffic went when the step first looked: region to {@code ON}/{@code OFF}
 * @param state where traffic goes as last read: region to {@code ON}/{@code OFF} (for route53: whether
 *     the record holds that region's value)
 * @param verified whether {@code state} is what the step wanted, read back after the change
 * @param endpoint routing control: the cluster endpoint that answered the last call
 * @param failedEndpoints routing control: the endpoints that did not answer, with why
 * @param changeId route53: the change submitted
 * @param recordValues route53: the record's values as last read
 * @param changed whether this step changed anything (in this poll or an earlier one)
 * @param redrives see {@link Poll#redrives()}
 * @param restartedAfterRedrive see {@link Poll#restartedAfterRedrive()}
 */
public record TrafficSwitchResult(
        TrafficPlan.Type type,
        TrafficOutcome outcome,
        String fromRegion,
        String toRegion,
        Map<String, ControlState> before,
        Map<String, ControlState> state,
        boolean verified,
        String endpoint,
        List<String> failedEndpoints,
        String changeId,
        List<String> recordValues,
        boolean changed,
        int polls,
        Instant deadline,
        Instant startedAt,
        Instant finishedAt,
        String summary,
        Integer redrives,
        Integer restartedAfterRedrive)
        implements Poll.Polled {
    public TrafficSwitchResult(
            TrafficPlan.Type type,
            TrafficOutcome outcome,
            String fromRegion,
            String toRegion,
            Map<String, ControlState> before,
            Map<String, ControlState> state,
            boolean verified,
            String endpoint,
            List<String> failedEndpoints,
            String changeId,
            List<String> recordValues,
            boolean changed,
            int polls,
            Instant deadline,
            Instant startedAt,
            Instant finishedAt,
            String summary) {
        this(
                type,
                outcome,
                fromRegion,
                toRegion,
                before,
                state,
                verified,
                endpoint,
                failedEndpoints,
                changeId,
                recordValues,
                changed,
                polls,
                deadline,
                startedAt,
                finishedAt,
                summary,
                null,
                null);
    }

    /**
     * This result as a poll of {@code poll}: the redrive count it ran under, and a restart's (named
     * in the summary).
     */
    public TrafficSwitchResult polledAs(Poll poll) {
        return new TrafficSwitchResult(
                type,
                outcome,
                fromRegion,
                toRegion,
                before,
                state,
                verified,
                endpoint,
                failedEndpoints,
                changeId,
                recordValues,
                changed,
                polls,
                deadline,
                startedAt,
                finishedAt,
                summary + poll.restartNote(),
                poll.redrives(),
                poll.restartedAfterRedrive());
    }

    /** Whether the state machine goes on (its Choice reads this). */
    @JsonProperty("done")
    public boolean done() {
        return outcome != null && outcome.done();
    }
}
