package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Calls of {@code @CallableDuring} methods reached from a wrong event or from outside every event
 * (DESIGN section 4, item 3).
 */
class RestrictedCallTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";
  private static final String OUTSIDE = "[Quiesce:RestrictedCallOutsideEvent]";
  private static final String SNAPSHOT_EVENTS =
      "may be called only during PrepareSnapshot, Freeze, Thaw or PostSnapshot";

  @Test
  void directCallInBackupShutdown() {
    TestSource source =
        TestSource.writer(
            "Direct",
            """
            @Writer(name = "direct")
            final class Direct {
              private final WriterContext vss;

              @Inject
              Direct(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                SnapshotSetId id = vss.currentSnapshotSetId(); // the VSS bug
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "the VSS bug", WRONG_EVENT);
    assertThat(message).contains("WriterContext.currentSnapshotSetId() " + SNAPSHOT_EVENTS);
    assertThat(message)
        .contains("reached from BackupShutdown (shutdown -> currentSnapshotSetId())");
    assertThat(message).contains("another backup's id");
    assertThat(message).contains("Optional<SnapshotSetId> parameter");
    assertThat(message).contains("BackupShutdownContext.snapshotSetId()");
    assertThat(message).contains("captured for this session");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void throughTwoLevelPrivateHelperChain() {
    TestSource source =
        TestSource.writer(
            "Chain",
            """
            @Writer(name = "chain")
            final class Chain {
              private final WriterContext vss;

              @Inject
              Chain(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                cleanup();
              }

              private void cleanup() {
                release();
              }

              private void release() {
                System.err.println("releasing " + vss.currentSnapshotSetId()); // deep call
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "deep call", WRONG_EVENT);
    assertThat(message)
        .contains("BackupShutdown (shutdown -> cleanup -> release -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void helperReachedFromAllowedAndWrongEventIsReportedOnceForTheWrongOne() {
    TestSource source =
        TestSource.writer(
            "Shared",
            """
            @Writer(name = "shared")
            final class Shared {
              private final WriterContext vss;

              @Inject
              Shared(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                remember();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                remember();
                remember();
              }

              private void remember() {
                SnapshotSetId id = vss.currentSnapshotSetId(); // shared helper
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "shared helper", WRONG_EVENT);
    assertThat(message).contains("BackupShutdown (shutdown -> remember -> currentSnapshotSetId())");
    assertThat(message).doesNotContain("Freeze (");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void allWrongEventsAreMergedIntoOneErrorInEventOrder() {
    TestSource source =
        TestSource.writer(
            "Merged",
            """
            @Writer(name = "merged")
            final class Merged {
              private final WriterContext vss;

              @Inject
              Merged(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                forget();
              }

              @OnAbort
              void abort(AbortContext ctx) {
                undo();
              }

              private void undo() {
                forget();
              }

              private void forget() {
                List<Path> volumes = vss.currentVolumes(); // merged call
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "merged call", WRONG_EVENT);
    assertThat(message).contains("WriterContext.currentVolumes() " + SNAPSHOT_EVENTS);
    assertThat(message)
        .contains(
            "reached from Abort (abort -> undo -> forget -> currentVolumes()),"
                + " BackupShutdown (shutdown -> forget -> currentVolumes())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void fromNonPrivateNonHandlerMethod() {
    TestSource source =
        TestSource.writer(
            "Accessor",
            """
            @Writer(name = "accessor")
            final class Accessor {
              private final WriterContext vss;

              @Inject
              Accessor(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                current();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}

              public SnapshotSetId current() {
                return vss.currentSnapshotSetId(); // public accessor
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "public accessor", OUTSIDE);
    assertThat(message)
        .contains(
            "reached from outside every event"
                + " (non-private method current -> currentSnapshotSetId())");
    assertThat(message).contains("Application code");
    assertThat(message).contains("take a SnapshotSetId parameter");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void fromConstructorDirectlyAndThroughHelper() {
    TestSource source =
        TestSource.writer(
            "Eager",
            """
            @Writer(name = "eager")
            final class Eager {
              private final WriterContext vss;

              @Inject
              Eager(WriterContext vss) {
                this.vss = vss;
                System.err.println(vss.currentSessionId()); // in constructor
                init();
              }

              private void init() {
                vss.setWriterFailure(WriterFailure.RETRYABLE, "not yet"); // via init
              }
            }
            """);
    Compilation compilation = source.compile();

    String direct = errorAt(compilation, source, "in constructor", OUTSIDE);
    assertThat(direct)
        .contains("reached from outside every event (constructor Eager -> currentSessionId())");
    assertThat(direct).contains("take a SessionId handler parameter");
    String helper = errorAt(compilation, source, "via init", OUTSIDE);
    assertThat(helper)
        .contains(
            "WriterContext.setWriterFailure(...) may be called only during PrepareBackup,"
                + " PrepareSnapshot, Freeze, Thaw, PostSnapshot, Abort, BackupComplete,"
                + " BackupShutdown, PreRestore or PostRestore");
    assertThat(helper).contains("(constructor Eager -> init -> setWriterFailure(...))");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void fromFieldInitializerAndInitializerBlocks() {
    TestSource source =
        TestSource.writer(
            "Initialized",
            """
            final class Holder {
              static WriterContext vss;
            }

            @Writer(name = "initialized")
            final class Initialized {
              private final SnapshotSetId first = Holder.vss.currentSnapshotSetId(); // field
              private List<Path> volumes;

              {
                volumes = Holder.vss.currentVolumes(); // instance block
              }

              static {
                System.err.println(Holder.vss.isPathAffected(Path.of("/"))); // static block
              }
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "// field", OUTSIDE))
        .contains("(initializer of field first -> currentSnapshotSetId())");
    assertThat(errorAt(compilation, source, "instance block", OUTSIDE))
        .contains("(instance initializer -> currentVolumes())");
    assertThat(errorAt(compilation, source, "static block", OUTSIDE))
        .contains(
            "WriterContext.isPathAffected(...) may be called only during PrepareBackup,"
                + " PrepareSnapshot, Freeze, Thaw or PostSnapshot, but it is reached from outside"
                + " every event (static initializer -> isPathAffected(...))");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void reportFailureInIdentify() {
    TestSource source =
        TestSource.writer(
            "Describer",
            """
            @Writer(name = "describer")
            final class Describer {
              @OnIdentify
              void identify(IdentifyContext ctx) {
                ctx.reportFailure(WriterFailure.NON_RETRYABLE, "no data directory"); // identify
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "// identify", WRONG_EVENT);
    assertThat(message).contains("EventContext.reportFailure(...) may be called only during");
    assertThat(message).contains("reached from Identify (identify -> reportFailure(...))");
    assertThat(message).contains("VSS forbids SetWriterFailure during Identify");
    assertThat(message).contains("throw an exception instead");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void snapshotPathOfInThaw() {
    TestSource source =
        TestSource.writer(
            "Verifier",
            """
            @Writer(name = "verifier")
            final class Verifier {
              private final WriterContext vss;

              @Inject
              Verifier(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {}

              @OnThaw
              void thaw(ThawContext ctx) {
                Path copy = vss.snapshotPathOf(Path.of("/data")); // too early
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "too early", WRONG_EVENT);
    assertThat(message)
        .contains("WriterContext.snapshotPathOf(...) may be called only during PostSnapshot");
    assertThat(message).contains("reached from Thaw (thaw -> snapshotPathOf(...))");
    assertThat(message).contains("call it in the @OnPostSnapshot handler");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void handlerCalledFromAnotherEventsHandler() {
    TestSource source =
        TestSource.writer(
            "Reuse",
            """
            @Writer(name = "reuse")
            final class Reuse {
              private final WriterContext vss;

              @Inject
              Reuse(WriterContext vss) {
                this.vss = vss;
              }

              @OnPostSnapshot
              void postSnapshot() {
                Path copy = vss.snapshotPathOf(Path.of("/data")); // post snapshot work
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                postSnapshot();
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "post snapshot work", WRONG_EVENT);
    assertThat(message)
        .contains("reached from BackupShutdown (shutdown -> postSnapshot -> snapshotPathOf(...))");
    assertThat(message).doesNotContain("PostSnapshot (");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void allowedEventIsNotListedAndWrongEventMergesWithOutsideEvent() {
    TestSource source =
        TestSource.writer(
            "Both",
            """
            @Writer(name = "both")
            final class Both {
              private final WriterContext vss;

              @Inject
              Both(WriterContext vss) {
                this.vss = vss;
              }

              @OnPrepareBackup
              void prepare(PrepareBackupContext ctx) {
                log();
              }

              void log() {
                System.err.println(vss.currentBackupType()); // both ways
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "both ways", OUTSIDE);
    assertThat(message).doesNotContain("PrepareBackup (");
    assertThat(message)
        .contains(
            "reached from outside every event (non-private method log -> currentBackupType())");
    assertThat(message).contains("PrepareBackupContext.backupType()");
    assertThat(compilation).hadErrorCount(1);

    TestSource shutdown =
        TestSource.writer(
            "Both2",
            """
            @Writer(name = "both2")
            final class Both2 {
              private final WriterContext vss;

              @Inject
              Both2(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                log();
              }

              void log() {
                System.err.println(vss.currentBackupType()); // both ways
              }
            }
            """);
    Compilation both = shutdown.compile();

    assertThat(errorAt(both, shutdown, "both ways", WRONG_EVENT))
        .contains(
            "reached from BackupShutdown (shutdown -> log -> currentBackupType()) and from"
                + " outside every event (non-private method log -> currentBackupType())");
    assertThat(both).hadErrorCount(1);
  }

  @Test
  void contractIsInheritedByAnOverrideWithoutTheAnnotation() {
    TestSource source =
        TestSource.writer(
            "Redeclared",
            """
            interface SnapshotIds extends WriterContext {
              @Override
              SnapshotSetId currentSnapshotSetId();
            }

            @Writer(name = "redeclared")
            final class Redeclared {
              private final SnapshotIds ids;

              @Inject
              Redeclared(SnapshotIds ids) {
                this.ids = ids;
              }

              @OnBackupComplete
              void complete(BackupCompleteContext ctx) {
                SnapshotSetId id = ids.currentSnapshotSetId(); // override
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "// override", WRONG_EVENT);
    assertThat(message).contains("WriterContext.currentSnapshotSetId() " + SNAPSHOT_EVENTS);
    assertThat(message).contains("BackupComplete (complete -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void inheritedMethodsAndOverridesInSupertypesWithSource() {
    TestSource source =
        TestSource.writer(
            "Derived",
            """
            abstract class Lifecycle {
              final void finish() {
                cleanup();
              }

              abstract void cleanup();
            }

            @Writer(name = "derived")
            final class Derived extends Lifecycle {
              private final WriterContext vss;

              @Inject
              Derived(WriterContext vss) {
                this.vss = vss;
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                finish();
              }

              @Override
              void cleanup() {
                SnapshotSetId id = vss.currentSnapshotSetId(); // override in writer
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "override in writer", WRONG_EVENT);
    assertThat(message)
        .contains("BackupShutdown (shutdown -> finish -> cleanup -> currentSnapshotSetId())");
    assertThat(message)
        .contains(
            "outside every event (non-private method cleanup -> currentSnapshotSetId();"
                + " non-private method finish -> cleanup -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void writerMethodDeclaringItsOwnEventsIsCheckedAtItsCallers() {
    TestSource source =
        TestSource.writer(
            "Declared",
            """
            @Writer(name = "declared")
            final class Declared {
              private final WriterContext vss;

              @Inject
              Declared(WriterContext vss) {
                this.vss = vss;
              }

              @CallableDuring(WriterEvent.FREEZE)
              void hold() {
                SnapshotSetId id = vss.currentSnapshotSetId();
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                hold();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                hold(); // declared
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "// declared", WRONG_EVENT);
    assertThat(message).contains("Declared.hold() may be called only during Freeze");
    assertThat(message).contains("reached from BackupShutdown (shutdown -> hold())");
    assertThat(compilation).hadErrorCount(1);
  }
}
