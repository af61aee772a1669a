package dev.quiesce.runtime.archive;

import dev.quiesce.api.SnapshotSetId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to put in a backup archive and what to record about how it was made. The copy duration is
 * not here: {@link ArchiveWriter} measures it.
 *
 * @param snapshotSetId the snapshot set the files are read from
 * @param provider the snapshot provider's name
 * @param outcome whether the writers were quiesced
 * @param startedAt when the backup session started
 * @param freezeWindow how long the writers were frozen
 * @param writers the writers, each with its selected components' files (only those to store)
 * @param backupComponents the backup's type, chain, files kept from the chain and component data,
 *     recorded in the manifest
 */
public record ArchiveRequest(
    SnapshotSetId snapshotSetId,
    String provider,
    QuiesceOutcome outcome,
    Instant startedAt,
    Duration freezeWindow,
    List<WriterFiles> writers,
    BackupComponents backupComponents) {
  /** Checks the fields and copies the list. */
  public ArchiveRequest {
    Objects.requireNonNull(backupComponents, "backupComponents");
    Objects.requireNonNull(snapshotSetId, "snapshotSetId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(freezeWindow, "freezeWindow");
    writers = List.copyOf(writers);
  }

  /** The request of a full backup without component data. */
  public ArchiveRequest(
      SnapshotSetId snapshotSetId,
      String provider,
      QuiesceOutcome outcome,
      Instant startedAt,
      Duration freezeWindow,
      List<WriterFiles> writers) {
    this(
        snapshotSetId,
        provider,
        outcome,
        startedAt,
        freezeWindow,
        writers,
        BackupComponents.full());
  }
}
