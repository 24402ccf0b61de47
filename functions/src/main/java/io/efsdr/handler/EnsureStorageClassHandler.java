package io.efsdr.handler;

import static io.efsdr.handler.Requests.require;

import io.efsdr.kubernetes.StorageClassEnsurer;
import io.efsdr.kubernetes.StorageClassResult;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.Target;

/** Makes the target cluster's EFS StorageClass point at its own file system with the plan's parameters. */
public final class EnsureStorageClassHandler
        extends TypedHandler<EnsureStorageClassHandler.OnSite, StorageClassResult> {
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
        super(OnSite.class);
        this.storageClasses = storageClasses;
    }

    @Override
    protected StorageClassResult handle(OnSite request) {
        var site = request.plan().site(request.target());
        return storageClasses.ensure(
                site, request.plan().storageClass(), request.run().dryRun());
    }

    /** A step on one site's cluster. */
    public record OnSite(DrPlan plan, RunContext run, Target target) implements RunScoped {
        public OnSite {
            require(plan, "plan");
            require(run, "run");
            require(target, "target");
        }
    }
}
