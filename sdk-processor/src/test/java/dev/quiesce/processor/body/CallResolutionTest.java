package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Which calls the call graph follows: calls that run the writer's own code, and no others. */
class CallResolutionTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";
  private static final String DEFERRED = "[Quiesce:RestrictedCallDeferred]";

  @Test
  void staticHelpersAndOtherInstancesOfTheWriterAreFollowed() {
    TestSource source =
        TestSource.writer(
            "Peers",
            """
            @Writer(name = "peers")
            final class Peers {
              static WriterContext shared;
              static Peers peer;

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                Peers.describe();
                peer.remember();
              }

              private static void describe() {
                System.err.println(shared.currentVolumes()); // static helper
              }

              private void remember() {
                System.err.println(shared.currentSnapshotSetId()); // other instance
              }
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "static helper", WRONG_EVENT))
        .contains("BackupShutdown (shutdown -> describe -> currentVolumes())");
    assertThat(errorAt(compilation, source, "other instance", WRONG_EVENT))
        .contains("BackupShutdown (shutdown -> remember -> currentSnapshotSetId())");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void qualifiedOuterThisAndUnboundReferenceRunTheWritersCode() {
    TestSource source =
        TestSource.writer(
            "Qualified",
            """
            @Writer(name = "qualified")
            final class Qualified {
              private final WriterContext vss;

              @Inject
              Qualified(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                Consumer<Qualified> later = Qualified::remember; // unbound
                new Thread(
                        new Runnable() { // anonymous
                          @Override
                          public void run() {
                            Qualified.this.remember();
                          }
                        })
                    .start();
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                this.remember();
              }

              private void remember() {
                System.err.println(vss.currentSnapshotSetId()); // remembered
              }
            }
            """);
    Compilation compilation = source.compile();

    String message = errorAt(compilation, source, "remembered", DEFERRED);
    assertThat(message)
        .contains(
            "code that may run later (method reference at line "
                + source.line("// unbound")
                + " in freeze -> remember -> currentSnapshotSetId(); anonymous class at line "
                + source.line("// anonymous")
                + " in freeze -> remember -> currentSnapshotSetId())");
    assertThat(message).doesNotContain("Thaw (");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void methodsOfInnerClassesAndOtherClassesAreNotTheWriters() {
    TestSource source =
        TestSource.writer(
            "Separate",
            """
            final class Journal {
              private final WriterContext vss;

              Journal(WriterContext vss) {
                this.vss = vss;
              }

              void flush() {
                System.err.println("journal " + vss.currentSnapshotSetId());
              }
            }

            @Writer(name = "separate")
            final class Separate {
              private final WriterContext vss;
              private final Journal journal;

              @Inject
              Separate(WriterContext vss) {
                this.vss = vss;
                this.journal = new Journal(vss);
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                flush();
                new Thread(
                        new Runnable() {
                          @Override
                          public void run() {
                            flush();
                          }

                          void flush() {
                            System.err.println("anonymous flush");
                          }
                        })
                    .start();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                journal.flush();
              }

              private void flush() {
                System.err.println(vss.currentSnapshotSetId());
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }
}
