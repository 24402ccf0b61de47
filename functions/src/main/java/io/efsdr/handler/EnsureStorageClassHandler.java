package io.efsdr.handler;

import io.efsdr.kubernetes.StorageClassResult;

/** Makes the target cluster's EFS StorageClass point at its own file system with the plan's parameters. */
public final class EnsureStorageClassHandler extends TypedHandler<Requests.OnSite, StorageClassResult> {
    private final Dependencies dependencies;

    public EnsureStorageClassHandler() {
        this(Dependencies.fromEnvironment());
    }

    public EnsureStorageClassHandler(Dependencies dependencies) {
        super(Requests.OnSite.class);
        this.dependencies = dependencies;
    }

    @Override
    protected StorageClassResult handle(Requests.OnSite request) {
        var site = request.plan().site(request.target());
        return dependencies
                .storageClasses()
                .ensure(site, request.plan().storageClass(), request.run().dryRun());
    }
}
