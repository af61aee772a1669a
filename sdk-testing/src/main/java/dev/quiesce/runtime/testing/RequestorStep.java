package dev.quiesce.runtime.testing;

/** The requestor steps of a backup, after which {@link WriterHarness} can make it vanish. */
public enum RequestorStep {
  /** After gatherWriterMetadata: Identify. */
  GATHER_WRITER_METADATA,
  /** After prepareForBackup: PrepareBackup. */
  PREPARE_FOR_BACKUP,
  /** After doSnapshotSet: PrepareSnapshot to PostSnapshot. */
  DO_SNAPSHOT_SET,
  /** After backupComplete: BackupComplete. */
  BACKUP_COMPLETE
}
