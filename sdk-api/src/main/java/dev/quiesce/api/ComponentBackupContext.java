package dev.quiesce.api;

import static dev.quiesce.api.WriterEvent.POST_SNAPSHOT;
import static dev.quiesce.api.WriterEvent.PREPARE_BACKUP;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What a writer may leave, per selected component, in the backup's Backup Components Document
 * (VSS's {@code IVssComponent} during PrepareBackup and PostSnapshot): private metadata it needs at
 * restore, a stamp it needs at the next backup, and which files changed since when.
 *
 * <p>PrepareBackup and PostSnapshot are the two backup events at which VSS hands the writer its
 * components; the document is read-only from BackupComplete on. Every value is stored in the
 * archive's manifest with a SHA-256, opaque to Quiesce, and given back at restore ({@link
 * PreRestoreContext#backupMetadata(String)}) or at the next incremental or differential backup
 * ({@link #previousBackupStamp(String)}).
 */
public interface ComponentBackupContext extends EventContext {
  /** The most bytes (UTF-8) a component's backup metadata or backup stamp may hold: 64 KiB. */
  int MAX_VALUE_BYTES = 64 * 1024;

  /**
   * Keeps a private string with the backup of {@code component} (VSS's {@code SetBackupMetadata}),
   * given back at restore. Setting it again replaces it.
   *
   * @param component one of this writer's selected components
   * @param metadata opaque to Quiesce; at most {@link #MAX_VALUE_BYTES} bytes in UTF-8
   * @throws IllegalArgumentException if the component is not selected or the metadata is too big
   */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void setBackupMetadata(String component, String metadata);

  /**
   * Keeps a stamp with the backup of {@code component} (VSS's {@code SetBackupStamp}): what the
   * writer needs to know at the next incremental or differential backup based on this one (a log
   * position, a last record number). Setting it again replaces it.
   *
   * @param component one of this writer's selected components
   * @param stamp opaque to Quiesce; at most {@link #MAX_VALUE_BYTES} bytes in UTF-8
   * @throws IllegalArgumentException if the component is not selected or the stamp is too big
   */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void setBackupStamp(String component, String stamp);

  /**
   * The stamp the writer left with the base of this backup (VSS's {@code GetPreviousBackupStamp}):
   * present only in an incremental or differential backup whose base holds one for {@code
   * component}, and only when this writer's backup is not done as full.
   *
   * @throws IllegalArgumentException if the component is not selected
   */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  Optional<String> previousBackupStamp(String component);

  /**
   * Says which files of {@code component} changed since {@code since} (VSS's {@code
   * AddDifferencedFilesByLastModifyTime}): in an incremental or differential backup, files of this
   * set last modified at or before {@code since} are kept from the base without being read, the
   * others are stored. Files of the component outside every such set are compared with the base by
   * size, modification time and checksum.
   *
   * @param component one of this writer's selected components
   * @param root the directory
   * @param filespec a file name pattern with {@code *} and {@code ?}
   * @param recursive whether files in subdirectories match too
   * @param since files not modified after this instant are unchanged since the base
   * @throws IllegalArgumentException if the component is not selected
   */
  @CallableDuring({PREPARE_BACKUP, POST_SNAPSHOT})
  void addDifferencedFilesByLastModifyTime(
      String component, Path root, String filespec, boolean recursive, Instant since);
}
