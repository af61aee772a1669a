package dev.quiesce.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.testing.Goldens;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The exact dispatcher source generated for writers, compared with golden files (rewrite them with
 * {@code -Dgoldens.update=true} and review the diff).
 */
class DispatcherGoldenTest {
  @Test
  void allElevenEvents(TestInfo test) {
    JavaFileObject writer =
        JavaFileObjects.forSourceString(
            "test.AllEventsWriter",
            """
            package test;
            import dev.quiesce.api.*;
            import java.util.Optional;
            @Writer(name = "all-events", level = ApplicationLevel.BACK_END)
            public final class AllEventsWriter {
              @SessionState static final class Held {}
              @OnIdentify void identify(IdentifyContext c) {}
              @OnPrepareBackup void prepareBackup(SessionId session, PrepareBackupContext c) {}
              @OnPrepareSnapshot void prepareSnapshot(SnapshotSetId id) {}
              @OnFreeze void freeze(FreezeContext c, Held held, SnapshotSetId id) throws Exception {}
              @OnThaw void thaw(Held held) {}
              @OnPostSnapshot void postSnapshot(PostSnapshotContext c, SessionId session) {}
              @OnAbort void abort(Optional<SnapshotSetId> captured, AbortContext c) {}
              @OnBackupComplete void backupComplete(BackupCompleteContext c, Optional<SnapshotSetId> id) {}
              @OnBackupShutdown void backupShutdown(
                  ShutdownCause cause, Optional<SnapshotSetId> id, BackupShutdownContext c, Held held) {}
              @OnPreRestore void preRestore() {}
              @OnPostRestore void postRestore(PostRestoreContext c, SessionId session) {}
            }
            """);
    Compilation c = compile(writer);
    assertThat(c).succeededWithoutWarnings();
    Goldens.assertGenerated(c, "test.AllEventsWriter_Dispatcher", test);
  }

  @Test
  void onlyCaptures(TestInfo test) {
    // No handler inside the snapshot set: the dispatcher still captures the id at each of its four
    // events, so BackupShutdown gets this session's id.
    JavaFileObject writer =
        JavaFileObjects.forSourceString(
            "test.ShutdownOnly",
            """
            package test;
            import dev.quiesce.api.*;
            import java.util.Optional;
            @Writer(name = "shutdown-only", id = "0b0c6f4e-2d35-4f0a-9d0e-5a1c2b3d4e5f")
            class ShutdownOnly {
              @OnBackupShutdown void shutdown(Optional<SnapshotSetId> id) {}
            }
            """);
    Compilation c = compile(writer);
    assertThat(c).succeededWithoutWarnings();
    Goldens.assertGenerated(c, "test.ShutdownOnly_Dispatcher", test);
  }
}
