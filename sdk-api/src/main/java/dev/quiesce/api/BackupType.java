package dev.quiesce.api;

/**
 * What a backup copies (VSS's {@code VSS_BACKUP_TYPE}). A writer whose data has no notion of the
 * requested type treats it as {@link #FULL}, as VSS requires.
 */
public enum BackupType {
  /** Every file of the selected components; the backup history is updated. */
  FULL,
  /** Files changed since the last backup of any type. */
  INCREMENTAL,
  /** Files changed since the last full backup. */
  DIFFERENTIAL,
  /** Only the log files of the selected components. */
  LOG,
  /** Every file, without touching the backup history (no log truncation): a copy on the side. */
  COPY
}
