package io.efsdr.handler;

import io.efsdr.efs.PromotionResult;
/** Deletes the replication from the DR region so the DR file system becomes writable. */
public final class PromoteFileSystemHandler extends TypedHandler<Requests.Step, PromotionResult> {
  private final Dependencies dependencies;

  public PromoteFileSystemHandler() {
    this(Dependencies.fromEnvironment());
  }

  public PromoteFileSystemHandler(Dependencies dependencies) {
    super(Requests.Step.class);
    this.dependencies = dependencies;
  }

  @Override
  protected PromotionResult handle(Requests.Step request) {
    return dependencies.promotion().promote(request.plan(), request.run());
  }
}
