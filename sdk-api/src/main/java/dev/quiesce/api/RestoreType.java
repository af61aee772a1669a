package dev.quiesce.api;

/** How a restore puts data back (VSS's {@code VSS_RESTORE_TYPE}; its UNDEFINED means BY_COPY). */
public enum RestoreType {
  /** The files are copied back over or beside the live data. The default. */
  BY_COPY,
  /** The snapshot is imported and used in place, without copying files. */
  IMPORT,
  /** Any other method, agreed between requestor and writer. */
  OTHER
}
