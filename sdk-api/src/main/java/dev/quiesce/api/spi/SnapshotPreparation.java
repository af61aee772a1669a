package dev.quiesce.api.spi;

import java.io.IOException;

/**
 * What a {@link SnapshotProvider} did before the freeze to make its {@link SnapshotProvider#take
 * take} quicker, such as a copy of the data made while the applications still write (the copy
 * provider then copies inside the freeze only what changed since). It exists so that the work a
 * provider can do early stops counting against the writers' freeze window.
 *
 * <p>The coordinator closes it once the snapshot set is taken or has failed, whichever comes first;
 * closing releases whatever the provider made for it and did not use (a set aborted before its take
 * leaves nothing behind). A preparation is never itself a snapshot: only {@code take} hands one
 * out.
 */
public interface SnapshotPreparation extends AutoCloseable {
  /** The preparation of a provider that prepares nothing. */
  SnapshotPreparation NONE = () -> {};

  /** Releases what the preparation made and {@code take} did not take over. Idempotent. */
  @Override
  void close() throws IOException;
}
