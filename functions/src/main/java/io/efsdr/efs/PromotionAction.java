package io.efsdr.efs;

/** What the promote step did to the replication configuration. */
public enum PromotionAction {
    /** ALL_CONFIGURATIONS accepted: both regions' records are being deleted. */
    DELETED,
    /** The source region did not answer: only this region's record was deleted; failback deletes the other. */
    DELETED_LOCAL_ONLY,
    /** The configuration was already being deleted (a re-run, a redrive or an earlier run). */
    ALREADY_DELETING,
    /** This region records no replication into the file system any more. */
    ALREADY_PROMOTED,
    /**
     * No replication into the file system, whose protection was DISABLED (read-only, as a failback
     * whose re-protection gave up half-way leaves it): protection set to ENABLED, window unknown.
     */
    PROTECTION_ENABLED,
    DRY_RUN,
    /**
     * Nothing deleted: the primary's workloads, re-read just before the delete, changed since they
     * were seen stopped (see {@link PromotionResult#recheck()}).
     */
    WITHHELD;

    /** Whether this region's side of the configuration was deleted, or is being, by this or an earlier run. */
    public boolean deleted() {
        return this != DRY_RUN && this != WITHHELD;
    }
}
