package dev.quiesce.runtime;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.Requestor;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a requestor wants a backup run: which components, which kind of backup, and what happens if
 * quiescing fails. Immutable; each {@code with...}/{@code only...} method returns a changed copy.
 *
 * <pre>{@code
 * coordinator.openBackup(BackupOptions.full()
 *     .onlyComponents("orders-db", "orders")
 *     .withBackupType(BackupType.INCREMENTAL)
 *     .onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT));
 * }</pre>
 *
 * @param backupType the kind of backup, told to writers in PrepareBackup
 * @param selection the selected components
 * @param quiescePolicy what a failed quiesce does to the backup
 * @param requestor who asks, told to writers in every event context
 */
public record BackupOptions(
    BackupType backupType,
    ComponentSelection selection,
    QuiescePolicy quiescePolicy,
    Requestor requestor) {

  /** Checks every field is present. */
  public BackupOptions {
    Objects.requireNonNull(backupType, "backupType");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(quiescePolicy, "quiescePolicy");
    Objects.requireNonNull(requestor, "requestor");
  }

  /** A full backup of every component of every writer, failing if quiescing fails. */
  public static BackupOptions full() {
    return new BackupOptions(
        BackupType.FULL,
        ComponentSelection.all(),
        QuiescePolicy.FAIL,
        Requestor.inProcess("quiesce"));
  }

  /** The same options with another backup type. */
  public BackupOptions withBackupType(BackupType type) {
    return new BackupOptions(type, selection, quiescePolicy, requestor);
  }

  /**
   * Narrows the selection to every component of the named writers (the first narrowing call
   * replaces "everything"; later ones add).
   */
  public BackupOptions onlyWriters(String... writerNames) {
    return new BackupOptions(
        backupType, selection.withWriters(writerNames), quiescePolicy, requestor);
  }

  /** Narrows the selection to the named components of {@code writer} (later calls add). */
  public BackupOptions onlyComponents(String writer, String... components) {
    ComponentRef[] refs =
        Arrays.stream(components)
            .map(c -> new ComponentRef(writer, c))
            .toArray(ComponentRef[]::new);
    return new BackupOptions(backupType, selection.withComponents(refs), quiescePolicy, requestor);
  }

  /** Selects nothing up front; the requestor selects with {@link BackupSession#select}. */
  public BackupOptions selectingNothing() {
    return new BackupOptions(backupType, ComponentSelection.none(), quiescePolicy, requestor);
  }

  /** The same options with another quiesce-failure policy. */
  public BackupOptions onQuiesceFailure(QuiescePolicy policy) {
    return new BackupOptions(backupType, selection, policy, requestor);
  }

  /** The same options on behalf of another requestor. */
  public BackupOptions withRequestor(Requestor who) {
    return new BackupOptions(backupType, selection, quiescePolicy, who);
  }
}
