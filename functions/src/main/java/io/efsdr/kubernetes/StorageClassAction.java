package io.efsdr.kubernetes;

/** What ensuring a StorageClass did. */
public enum StorageClassAction {
    CREATED,
    UNCHANGED,
    /** Parameters are immutable: it was deleted and created again with the plan's parameters. */
    RECREATED,
    DRY_RUN_CREATED,
    DRY_RUN_RECREATED;

    /** Whether the StorageClass was (or in a dry run would be) deleted and re-created. */
    public boolean recreated() {
        return this == RECREATED || this == DRY_RUN_RECREATED;
    }
}
