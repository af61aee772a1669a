package dev.quiesce.benchmarks.support;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.SnapshotSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds an in-process coordinator with N writers and runs the requestor's side of a full backup:
 * what every coordinator benchmark shares.
 */
public final class Backups {
  /** The one path every bench writer's component covers, and every snapshot set. */
  public static final Path PATH = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();

  /** The snapshot set's paths. */
  public static final List<Path> PATHS = List.of(PATH);

  /** Events a writer receives in one full backup: Identify to BackupShutdown. */
  public static final int EVENTS_PER_WRITER = 8;

  private Backups() {}

  /** A coordinator with the given provider and no writers, timeouts long enough never to fire. */
  public static Coordinator coordinator(SnapshotProvider provider) {
    return Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder()
                .snapshotProvider(provider)
                .eventTimeouts(Duration.ofMinutes(2))
                .closeWait(Duration.ofMinutes(2))
                .build())
        .getInstance(Coordinator.class);
  }

  /** Subscribes {@code count} writers made by {@code writers}, named {@code prefix-i}. */
  public static <W> void subscribe(
      Coordinator coordinator,
      WriterDispatcher<W> generated,
      Supplier<W> writers,
      String prefix,
      int count) {
    for (int i = 0; i < count; i++) {
      coordinator.subscribe(new Renamed<>(generated, prefix + "-" + i), writers.get());
    }
  }

  /** Opens a session and takes it up to the snapshot set: Identify and PrepareBackup. */
  public static BackupSession prepared(Coordinator coordinator) {
    BackupSession s = coordinator.openBackup(BackupOptions.full());
    s.gatherWriterMetadata();
    s.prepareForBackup();
    return s;
  }

  /** Marks every selected component backed up and sends BackupComplete, then closes. */
  public static void complete(BackupSession session) {
    try (session) {
      for (ComponentRef c : session.selectedComponents()) {
        session.setBackupSucceeded(c, true);
      }
      session.backupComplete();
    }
  }

  /** One full backup, all eight events; returns the snapshot set's frozen time in nanoseconds. */
  public static long fullBackup(Coordinator coordinator) {
    BackupSession s = prepared(coordinator);
    long frozen;
    try (SnapshotSet set = s.doSnapshotSet(PATHS)) {
      if (!set.quiesced()) {
        throw new IllegalStateException(
            "bench writers failed to quiesce: " + set.quiesceFailures());
      }
      frozen = set.frozenFor().toNanos();
    }
    complete(s);
    return frozen;
  }
}
