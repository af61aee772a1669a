package dev.quiesce.cluster;

import dev.quiesce.runtime.Coordinator;

/** PLACEHOLDER until the steps API is merged. */
final class CoordinatorLocalSets implements LocalSets {
  private final Coordinator coordinator;

  CoordinatorLocalSets(Coordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public LocalSet begin(SetSpec spec, String member) {
    throw new UnsupportedOperationException("not yet: " + coordinator);
  }
}
