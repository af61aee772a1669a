package dev.quiesce.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes realistic writer classes to compile: each has six handlers, a {@code @SessionState} class,
 * an injected {@code WriterContext} and a private helper that calls an event-restricted method, so
 * the processor does all its work (validation, body analysis, generation) on every one.
 */
final class WriterSources {
  private WriterSources() {}

  static List<Path> write(Path root, int count) throws IOException {
    Path dir = Files.createDirectories(root.resolve("bench/gen"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(Files.writeString(dir.resolve("Writer" + i + ".java"), source(i)));
      files.add(Files.writeString(dir.resolve("State" + i + ".java"), state(i)));
    }
    return files;
  }

  private static String state(int i) {
    return """
        package bench.gen;

        @dev.quiesce.api.SessionState
        final class State%1$d {
          dev.quiesce.api.SnapshotSetId frozenIn;
          long frozenAt;
        }
        """
        .formatted(i);
  }

  private static String source(int i) {
    return """
        package bench.gen;

        import dev.quiesce.api.*;
        import jakarta.inject.Inject;
        import java.util.Optional;

        @Writer(name = "writer-%1$d", level = ApplicationLevel.BACK_END)
        final class Writer%1$d {
          private final WriterContext vss;
          private long frozen;

          @Inject
          Writer%1$d(WriterContext vss) {
            this.vss = vss;
          }

          @OnIdentify
          void identify(IdentifyContext ctx) {
            ctx.component("data-%1$d").files(java.nio.file.Path.of("/tmp/data-%1$d"), "*", true);
          }

          @OnFreeze
          void freeze(FreezeContext ctx, State%1$d state) {
            state.frozenIn = remember();
            state.frozenAt = System.nanoTime();
            frozen++;
          }

          @OnThaw
          void thaw(ThawContext ctx, State%1$d state, SnapshotSetId id) {
            if (!id.equals(state.frozenIn)) {
              ctx.reportFailure(WriterFailure.INCONSISTENT_SNAPSHOT, "thawed another set");
            }
          }

          @OnPostSnapshot
          void postSnapshot(PostSnapshotContext ctx) {
            ctx.snapshotPathOf(java.nio.file.Path.of("/tmp/data-%1$d"));
          }

          @OnAbort
          void abort(AbortContext ctx, Optional<SnapshotSetId> id) {}

          @OnBackupShutdown
          void shutdown(Optional<SnapshotSetId> id, ShutdownCause cause, State%1$d state) {
            state.frozenIn = null;
          }

          private SnapshotSetId remember() {
            return vss.currentSnapshotSetId();
          }

          long frozenCount() {
            return frozen;
          }
        }
        """
        .formatted(i);
  }
}
