package dev.quiesce.cluster;

import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.Coordinator;
import java.util.Objects;

/** A member's local sets on its own coordinator: one backup session per cluster snapshot set. */
final class CoordinatorLocalSets implements LocalSets {
  private final Coordinator coordinator;

  CoordinatorLocalSets(Coordinator coordinator) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
  }

  @Override
  public LocalSet begin(SetSpec spec, String member) {
    return new CoordinatorLocalSet(
        coordinator, coordinator.openBackup(BackupOptions.full()), spec, member);
  }
}
