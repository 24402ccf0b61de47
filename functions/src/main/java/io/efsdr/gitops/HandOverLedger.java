package io.efsdr.gitops;

import java.util.List;

/**
 * Where the hand-over's changes outlive the run: the failover's other cross-run facts live in the
 * fence record ({@code io.efsdr.guard.FenceRecord}), which the split-brain guard and the failback read
 * as well. Written before a lever is set (so a retry or redrive that re-reads the object finds our
 * value and keeps the value before that), cleared entry by entry as the give-back restores them.
 */
public interface HandOverLedger {
    List<HandOverChange> handedOver();

    void recordHandedOver(List<HandOverChange> changes);

    /** A ledger that keeps nothing (a dry run reads the real one and writes nothing). */
    static HandOverLedger inMemory() {
        return new HandOverLedger() {
            private List<HandOverChange> changes = List.of();

            @Override
            public List<HandOverChange> handedOver() {
                return changes;
            }

            @Override
            public void recordHandedOver(List<HandOverChange> next) {
                changes = List.copyOf(next);
            }
        };
    }
}
