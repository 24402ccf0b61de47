package io.efsdr.handler;

import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.StorageClassResult;

/** Makes the target cluster's EFS StorageClass point at its own file system with the plan's parameters. */
public final class EnsureStorageClassHandler extends TypedHandler<Requests.OnSite, StorageClassResult> {
    private final StorageClassEnsurer storageClasses;

    public EnsureStorageClassHandler() {
        this(Wiring.fromEnvironment());
    }

    /** Builds what it uses over {@code w}. */
    public EnsureStorageClassHandler(Wiring w) {
        this(new StorageClassEnsurer(w.connections(), w.clock()));
    }

    /** With ready-made collaborators (a test's own). */
    public EnsureStorageClassHandler(StorageClassEnsurer storageClasses) {
        super(Requests.OnSite.class);
        this.storageClasses = storageClasses;
    }

    @Override
    protected StorageClassResult handle(Requests.OnSite request) {
        var site = request.plan().site(request.target());
        return storageClasses.ensure(
                site, request.plan().storageClass(), request.run().dryRun());
    }
}
