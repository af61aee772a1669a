package dev.quiesce.api;

/**
 * Whether the files of a component were restored (VSS's {@code VSS_FILE_RESTORE_STATUS}), told to
 * the writer at PostRestore so that it knows what it may start on.
 */
public enum FileRestoreStatus {
  /** Every file of the component was restored. */
  ALL,
  /** No file of the component was restored (the restore was refused or skipped it). */
  NONE,
  /** Restoring failed part way: some files may be the restored ones, others not. */
  FAILED
}
