package dev.quiesce.runtime;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.RestoreType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How a requestor wants a restore run: which components, the restore type, and where the files go.
 * Immutable; each {@code with...}/{@code only...} method returns a changed copy.
 *
 * @param restoreType how the data is restored, told to writers in PreRestore and PostRestore
 * @param selection the selected components
 * @param alternateLocation the directory the files are restored under, if not their original place
 * @param requestor who asks
 */
public record RestoreOptions(
    RestoreType restoreType,
    ComponentSelection selection,
    Optional<Path> alternateLocation,
    Requestor requestor) {

  /** Checks every field is present. */
  public RestoreOptions {
    Objects.requireNonNull(restoreType, "restoreType");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(alternateLocation, "alternateLocation");
    Objects.requireNonNull(requestor, "requestor");
  }

  /** A restore by copy of every component of every writer, in place. */
  public static RestoreOptions full() {
    return new RestoreOptions(
        RestoreType.BY_COPY,
        ComponentSelection.all(),
        Optional.empty(),
        Requestor.inProcess("quiesce"));
  }

  /** The same options with another restore type. */
  public RestoreOptions withRestoreType(RestoreType type) {
    return new RestoreOptions(type, selection, alternateLocation, requestor);
  }

  /** Narrows the selection to every component of the named writers. */
  public RestoreOptions onlyWriters(String... writerNames) {
    return new RestoreOptions(
        restoreType, selection.withWriters(writerNames), alternateLocation, requestor);
  }

  /** Narrows the selection to the named components of {@code writer}. */
  public RestoreOptions onlyComponents(String writer, String... components) {
    ComponentRef[] refs =
        Arrays.stream(components)
            .map(c -> new ComponentRef(writer, c))
            .toArray(ComponentRef[]::new);
    return new RestoreOptions(
        restoreType, selection.withComponents(refs), alternateLocation, requestor);
  }

  /** Selects nothing up front; the requestor selects with {@link RestoreSession#select}. */
  public RestoreOptions selectingNothing() {
    return new RestoreOptions(restoreType, ComponentSelection.none(), alternateLocation, requestor);
  }

  /** Restores under {@code directory} instead of the original location. */
  public RestoreOptions toAlternateLocation(Path directory) {
    return new RestoreOptions(restoreType, selection, Optional.of(directory), requestor);
  }

  /** The same options on behalf of another requestor. */
  public RestoreOptions withRequestor(Requestor who) {
    return new RestoreOptions(restoreType, selection, alternateLocation, who);
  }
}
