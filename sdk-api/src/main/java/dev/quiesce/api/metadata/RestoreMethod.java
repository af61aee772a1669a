package dev.quiesce.api.metadata;

/**
 * How a writer wants its data restored ({@code VSS_RESTOREMETHOD_ENUM}, the methods that apply
 * here).
 */
public enum RestoreMethod {
  /** Restore only files that are not there. */
  RESTORE_IF_NOT_THERE,
  /** Replace files if they can be replaced; the default. */
  RESTORE_IF_CAN_REPLACE,
  /** Stop the service (PreRestore), restore, start it again (PostRestore). */
  STOP_RESTORE_START,
  /** Restore to another directory; the writer merges in PostRestore. */
  RESTORE_TO_ALTERNATE_LOCATION,
  /** The writer restores its own data, told through PreRestore and PostRestore. */
  CUSTOM
}
