package dev.quiesce.runtime.archive;

import java.io.IOException;

/**
 * Files cannot be staged outside the writers' file sets ({@link StagingPlaces#outsideFileSets}):
 * nothing was read from the archive yet, and the restore stages after PreRestore beside its targets
 * instead.
 */
final class StagingUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  StagingUnavailableException(String message) {
    super(message);
  }

  StagingUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
