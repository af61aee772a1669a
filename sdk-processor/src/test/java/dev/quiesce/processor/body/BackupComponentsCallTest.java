package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.quiesce.processor.body.BodyAssertions.errorAt;

import com.google.testing.compile.Compilation;
import dev.quiesce.api.CallableDuring;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Backup Components Document calls (VSS's {@code IVssComponent}, VSS-SEMANTICS 2b): each one,
 * called in the handler of every event, compiles where its {@code @CallableDuring} allows it and is
 * rejected in every other handler, and from outside every event.
 */
class BackupComponentsCallTest {
  private static final String WRONG_EVENT = "[Quiesce:RestrictedCallWrongEvent]";
  private static final String OUTSIDE = "[Quiesce:RestrictedCallOutsideEvent]";

  /** Each handler, by event: its annotation and context type. */
  private static final Map<WriterEvent, String[]> HANDLERS =
      Map.ofEntries(
          Map.entry(WriterEvent.IDENTIFY, new String[] {"OnIdentify", "IdentifyContext"}),
          Map.entry(
              WriterEvent.PREPARE_BACKUP, new String[] {"OnPrepareBackup", "PrepareBackupContext"}),
          Map.entry(
              WriterEvent.PREPARE_SNAPSHOT,
              new String[] {"OnPrepareSnapshot", "PrepareSnapshotContext"}),
          Map.entry(WriterEvent.FREEZE, new String[] {"OnFreeze", "FreezeContext"}),
          Map.entry(WriterEvent.THAW, new String[] {"OnThaw", "ThawContext"}),
          Map.entry(
              WriterEvent.POST_SNAPSHOT, new String[] {"OnPostSnapshot", "PostSnapshotContext"}),
          Map.entry(WriterEvent.ABORT, new String[] {"OnAbort", "AbortContext"}),
          Map.entry(
              WriterEvent.BACKUP_COMPLETE,
              new String[] {"OnBackupComplete", "BackupCompleteContext"}),
          Map.entry(
              WriterEvent.BACKUP_SHUTDOWN,
              new String[] {"OnBackupShutdown", "BackupShutdownContext"}),
          Map.entry(WriterEvent.PRE_RESTORE, new String[] {"OnPreRestore", "PreRestoreContext"}),
          Map.entry(
              WriterEvent.POST_RESTORE, new String[] {"OnPostRestore", "PostRestoreContext"}));

  /** Each BCD call of WriterContext, with arguments. */
  private static final Map<String, String> CALLS =
      Map.of(
          "setBackupMetadata", "vss.setBackupMetadata(\"c\", \"m\")",
          "setBackupStamp", "vss.setBackupStamp(\"c\", \"s\")",
          "previousBackupStamp", "vss.previousBackupStamp(\"c\")",
          "addDifferencedFilesByLastModifyTime",
              "vss.addDifferencedFilesByLastModifyTime(\"c\", Path.of(\"/d\"), \"*\", true,"
                  + " java.time.Instant.EPOCH)",
          "backupMetadata", "vss.backupMetadata(\"c\")",
          "restoreTarget", "vss.restoreTarget(\"c\")",
          "setRestoreMetadata", "vss.setRestoreMetadata(\"c\", \"r\")",
          "restoreMetadata", "vss.restoreMetadata(\"c\")",
          "fileRestoreStatus", "vss.fileRestoreStatus(\"c\")");

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "setBackupMetadata",
        "setBackupStamp",
        "previousBackupStamp",
        "addDifferencedFilesByLastModifyTime",
        "backupMetadata",
        "restoreTarget",
        "setRestoreMetadata",
        "restoreMetadata",
        "fileRestoreStatus"
      })
  void eachCallIsRejectedInEveryHandlerItsAnnotationDoesNotAllow(String method) {
    Set<WriterEvent> allowed = declared(method);
    StringBuilder body = new StringBuilder();
    body.append(
        """
        @Writer(name = "bcd")
        final class Bcd {
          private final WriterContext vss;

          @Inject
          Bcd(WriterContext vss) {
            this.vss = vss;
          }
        """);
    for (WriterEvent event : WriterEvent.values()) {
      String[] handler = HANDLERS.get(event);
      body.append("  @")
          .append(handler[0])
          .append("\n  void on")
          .append(event.name().replace("_", ""))
          .append("(")
          .append(handler[1])
          .append(" ctx) {\n    ")
          .append(CALLS.get(method))
          .append("; // in ")
          .append(event)
          .append("\n  }\n\n");
    }
    body.append("}\n");
    TestSource source = TestSource.writer("Bcd", body.toString());
    Compilation compilation = source.compile();

    int rejected = 0;
    for (WriterEvent event : WriterEvent.values()) {
      if (allowed.contains(event)) {
        long line = source.line("// in " + event);
        assertWithMessage("%s in %s", method, event)
            .that(
                compilation.errors().stream()
                    .filter(e -> e.getLineNumber() == line)
                    .map(e -> e.getMessage(Locale.ROOT))
                    .toList())
            .isEmpty();
      } else {
        String message = errorAt(compilation, source, "// in " + event, WRONG_EVENT);
        assertThat(message).contains("WriterContext." + method + "(");
        rejected++;
      }
    }
    assertThat(compilation.errors()).hasSize(rejected);
    assertThat(rejected).isEqualTo(WriterEvent.values().length - allowed.size());
  }

  @Test
  void theDocumentIsWritableOnlyInPrepareBackupAndPostSnapshotAndReadableAtRestore() {
    assertThat(declared("setBackupMetadata"))
        .containsExactly(WriterEvent.PREPARE_BACKUP, WriterEvent.POST_SNAPSHOT);
    assertThat(declared("setBackupStamp"))
        .containsExactly(WriterEvent.PREPARE_BACKUP, WriterEvent.POST_SNAPSHOT);
    assertThat(declared("backupMetadata"))
        .containsExactly(WriterEvent.PRE_RESTORE, WriterEvent.POST_RESTORE);
    assertThat(declared("setRestoreMetadata")).containsExactly(WriterEvent.PRE_RESTORE);
    assertThat(declared("fileRestoreStatus")).containsExactly(WriterEvent.POST_RESTORE);
  }

  @Test
  void aContextCallDeferredOrMadeOutsideEveryEventIsRejected() {
    TestSource source =
        TestSource.writer(
            "Late",
            """
            @Writer(name = "late")
            final class Late {
              private final WriterContext vss;
              private Runnable later;

              @Inject
              Late(WriterContext vss) {
                this.vss = vss;
                vss.setBackupStamp("c", "too early"); // constructor
              }

              @OnPostSnapshot
              void postSnapshot(PostSnapshotContext ctx) {
                later = () -> vss.setBackupMetadata("c", "late"); // deferred
                ctx.setBackupStamp("c", "fine");
              }

              @OnBackupComplete
              void complete(BackupCompleteContext ctx) {
                later.run();
              }
            }
            """);
    Compilation compilation = source.compile();

    assertThat(errorAt(compilation, source, "// constructor", OUTSIDE))
        .contains("WriterContext.setBackupStamp(");
    assertThat(compilation.errors().stream().map(e -> e.getMessage(Locale.ROOT)).toList())
        .comparingElementsUsing(
            com.google.common.truth.Correspondence.<String, String>from(
                String::contains, "contains"))
        .contains("WriterContext.setBackupMetadata(");
  }

  private static Set<WriterEvent> declared(String method) {
    return EnumSet.copyOf(
        Arrays.asList(
            Arrays.stream(WriterContext.class.getMethods())
                .filter(m -> m.getName().equals(method))
                .findFirst()
                .orElseThrow()
                .getAnnotation(CallableDuring.class)
                .value()));
  }
}
