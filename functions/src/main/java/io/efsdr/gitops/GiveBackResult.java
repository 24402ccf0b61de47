package io.efsdr.gitops;

import io.efsdr.plan.Poll;
import java.time.Instant;
import java.util.List;

/**
 * One pass of a give-back step ({@code $.steps.giveBack}): what it restored so far, what it left
 * alone, and whether the controllers it gave back are in sync.
 *
 * @param done whether the step is finished: everything restored and, when verified, in sync; or the
 *     bound passed ({@code gaveUp})
 * @param inSync whether every controller given back reads in sync (true when not verified)
 * @param gaveUp whether the bound passed with a controller not in sync or a cluster not answering
 * @param givenBack the changes restored, by this pass or an earlier one
 * @param leftAlone what was not restored and why (a value someone changed since the hand-over, an
 *     object gone, a cluster that did not answer, DR kept handed over while unprotected)
 * @param outOfSync the controllers given back that do not read in sync yet
 */
public record GiveBackResult(
        boolean done,
        boolean inSync,
        boolean gaveUp,
        List<HandOverChange> givenBack,
        List<String> leftAlone,
        List<String> outOfSync,
        int polls,
        Instant deadline,
        Integer redrives,
        Integer restartedAfterRedrive,
        String summary,
        Instant startedAt,
        Instant finishedAt)
        implements Poll.Polled {
    public GiveBackResult {
        givenBack = givenBack == null ? List.of() : List.copyOf(givenBack);
        leftAlone = leftAlone == null ? List.of() : List.copyOf(leftAlone);
        outOfSync = outOfSync == null ? List.of() : List.copyOf(outOfSync);
    }
}
