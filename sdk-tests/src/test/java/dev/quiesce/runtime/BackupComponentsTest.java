package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.CallableDuring;
import dev.quiesce.api.ComponentBackupContext;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.IllegalEventStateException;
import dev.quiesce.api.PostRestoreContext;
import dev.quiesce.api.PostSnapshotContext;
import dev.quiesce.api.PreRestoreContext;
import dev.quiesce.api.PrepareBackupContext;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.fixtures.Rig;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Backup Components Document in the runtime: what writers leave per component, what the
 * requestor gives them back, and that every call is refused outside its events, from another
 * thread, and through a context that escaped its handler.
 */
class BackupComponentsTest {
  private static final ComponentRef DATA = new ComponentRef("db", "data");

  /** Every BCD call of {@link WriterContext}, by name, made with valid arguments. */
  private static final Map<String, Consumer<WriterContext>> CALLS =
      Map.of(
          "setBackupMetadata", vss -> vss.setBackupMetadata("data", "m"),
          "setBackupStamp", vss -> vss.setBackupStamp("data", "s"),
          "previousBackupStamp", vss -> vss.previousBackupStamp("data"),
          "addDifferencedFilesByLastModifyTime",
              vss ->
                  vss.addDifferencedFilesByLastModifyTime(
                      "data", Path.of("/d"), "*", true, Instant.EPOCH),
          "backupMetadata", vss -> vss.backupMetadata("data"),
          "restoreTarget", vss -> vss.restoreTarget("data"),
          "setRestoreMetadata", vss -> vss.setRestoreMetadata("data", "r"),
          "restoreMetadata", vss -> vss.restoreMetadata("data"),
          "fileRestoreStatus", vss -> vss.fileRestoreStatus("data"));

  @Test
  void metadataAndStampsGoToTheRequestorAndTheStampComesBackToTheNextIncremental() {
    AtomicReference<Optional<String>> previousInFull = new AtomicReference<>();
    AtomicReference<Optional<String>> previousInIncremental = new AtomicReference<>();
    AtomicReference<BackupType> typeSeen = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.PREPARE_BACKUP,
              (c, r) -> {
                PrepareBackupContext ctx = (PrepareBackupContext) c;
                typeSeen.set(ctx.backupType());
                (ctx.backupType() == BackupType.FULL ? previousInFull : previousInIncremental)
                    .set(ctx.previousBackupStamp("data"));
                ctx.setBackupMetadata("data", "label of " + ctx.backupType());
              })
          .on(
              WriterEvent.POST_SNAPSHOT,
              (c, r) -> {
                PostSnapshotContext ctx = (PostSnapshotContext) c;
                ctx.setBackupStamp("data", "record 42");
                ctx.addDifferencedFilesByLastModifyTime(
                    "data", Path.of("/journal"), "*.seg", false, Instant.EPOCH);
              });
      List<ComponentBackupData> full;
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.setPreviousBackupStamp(DATA, "ignored in a full backup");
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        full = s.backupComponents();
      }
      assertEquals(Optional.empty(), previousInFull.get());
      assertEquals(1, full.size());
      ComponentBackupData data = full.get(0);
      assertEquals(DATA, data.component());
      assertEquals(BackupType.FULL, data.backupType());
      assertEquals(Optional.of("label of FULL"), data.backupMetadata());
      assertEquals(Optional.of("record 42"), data.backupStamp());
      assertEquals("*.seg", data.differencedFiles().get(0).files().filespec());

      try (BackupSession s =
          rig.coordinator.openBackup(BackupOptions.full().withBackupType(BackupType.INCREMENTAL))) {
        s.setPreviousBackupStamp(DATA, data.backupStamp().orElseThrow());
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        assertEquals(BackupType.INCREMENTAL, s.backupComponents().get(0).backupType());
      }
      assertEquals(BackupType.INCREMENTAL, typeSeen.get());
      assertEquals(Optional.of("record 42"), previousInIncremental.get());
    }
  }

  @Test
  void aWriterWhoseSchemaLacksTheTypeIsBackedUpFullAndGetsNoPreviousStamp() {
    AtomicReference<BackupType> typeSeen = new AtomicReference<>();
    AtomicReference<Optional<String>> previous = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.IDENTIFY,
              (c, r) -> ((IdentifyContext) c).backupSchema(Set.of(BackupType.DIFFERENTIAL)))
          .on(
              WriterEvent.PREPARE_BACKUP,
              (c, r) -> {
                typeSeen.set(((PrepareBackupContext) c).backupType());
                previous.set(((PrepareBackupContext) c).previousBackupStamp("data"));
              });
      try (BackupSession s =
          rig.coordinator.openBackup(BackupOptions.full().withBackupType(BackupType.INCREMENTAL))) {
        s.setPreviousBackupStamp(DATA, "7");
        s.prepareForBackup();
        assertEquals(BackupType.FULL, s.backupComponents().get(0).backupType());
      }
      assertEquals(BackupType.FULL, typeSeen.get());
      assertEquals(Optional.empty(), previous.get());
    }
  }

  @Test
  void valuesAreBoundedAndOnlyForSelectedComponents() {
    AtomicReference<Throwable> tooBig = new AtomicReference<>();
    AtomicReference<Throwable> unknown = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.PREPARE_BACKUP,
              (c, r) -> {
                PrepareBackupContext ctx = (PrepareBackupContext) c;
                String limit = "x".repeat(ComponentBackupContext.MAX_VALUE_BYTES);
                ctx.setBackupMetadata("data", limit); // exactly the bound is fine
                tooBig.set(
                    assertThrows(
                        IllegalArgumentException.class,
                        () -> ctx.setBackupMetadata("data", limit + "y")));
                unknown.set(
                    assertThrows(
                        IllegalArgumentException.class, () -> ctx.setBackupStamp("other", "s")));
              });
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        assertEquals(
            ComponentBackupContext.MAX_VALUE_BYTES,
            s.backupComponents().get(0).backupMetadata().orElseThrow().length());
      }
    }
    assertTrue(tooBig.get().getMessage().contains("65537 bytes"), tooBig.get().getMessage());
    assertTrue(tooBig.get().getMessage().contains("65536 bytes (64 KiB)"));
    assertTrue(unknown.get().getMessage().contains("'other'"), unknown.get().getMessage());
    assertTrue(unknown.get().getMessage().contains("[data]"), unknown.get().getMessage());
  }

  @Test
  void restoreGetsBackupMetadataKeepsRestoreMetadataAndTellsTheFileStatus() {
    AtomicReference<Optional<String>> inPre = new AtomicReference<>();
    AtomicReference<Optional<String>> inPost = new AtomicReference<>();
    AtomicReference<Optional<String>> restoreMetadata = new AtomicReference<>();
    AtomicReference<FileRestoreStatus> status = new AtomicReference<>();
    AtomicReference<Optional<Path>> target = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(
              WriterEvent.PRE_RESTORE,
              (c, r) -> {
                PreRestoreContext ctx = (PreRestoreContext) c;
                inPre.set(ctx.backupMetadata("data"));
                target.set(ctx.restoreTarget("data"));
                ctx.setRestoreMetadata("data", "service was running");
              })
          .on(
              WriterEvent.POST_RESTORE,
              (c, r) -> {
                PostRestoreContext ctx = (PostRestoreContext) c;
                inPost.set(ctx.backupMetadata("data"));
                restoreMetadata.set(ctx.restoreMetadata("data"));
                status.set(ctx.fileRestoreStatus("data"));
              });
      try (RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full())) {
        s.setBackupMetadata(DATA, "backup_label");
        s.setRestoreTarget(DATA, Path.of("/restored/here"));
        s.preRestore();
        s.setFileRestoreStatus(DATA, FileRestoreStatus.FAILED);
        s.postRestore();
        assertEquals(Optional.of("service was running"), s.restoreMetadata(DATA));
      }
    }
    assertEquals(Optional.of("backup_label"), inPre.get());
    assertEquals(Optional.of("backup_label"), inPost.get());
    assertEquals(Optional.of(Path.of("/restored/here")), target.get());
    assertEquals(Optional.of("service was running"), restoreMetadata.get());
    assertEquals(FileRestoreStatus.FAILED, status.get());
  }

  @Test
  void aComponentSelectedWithoutTheOneItDependsOnIsRefusedBeforePrepareBackup() {
    try (Rig rig = Rig.builder().writer("app").writer("db").build()) {
      rig.w("app")
          .writer()
          .on(
              WriterEvent.IDENTIFY,
              (c, r) -> ((IdentifyContext) c).componentDependency("data", "db", "data"));
      BackupSession refused = rig.coordinator.openBackup(BackupOptions.full().onlyWriters("app"));
      try (refused) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, refused::prepareForBackup);
        assertTrue(e.getMessage().contains("app/data depends on db/data"), e.getMessage());
      }
      assertTrue(
          !rig.w("app").recorder().eventTypes(refused.id()).contains(WriterEvent.PREPARE_BACKUP));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup(); // both selected: accepted
      }
    }
  }

  /**
   * Each BCD call of {@link WriterContext}, made in the handler of every event of a backup and a
   * restore, is refused exactly where its {@code @CallableDuring} does not allow it, and answered
   * where it does.
   */
  @Test
  void everyCallIsRefusedOutsideItsEventsAsItsAnnotationSays() throws Exception {
    Map<WriterEvent, Map<String, Throwable>> outcomes = new ConcurrentHashMap<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      for (WriterEvent event : WriterEvent.values()) {
        rig.w("db").writer().on(event, (c, r) -> outcomes.put(event, callAll(vss)));
      }
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        s.backupComplete();
      }
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.abort();
      }
      try (RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full())) {
        s.preRestore();
        s.postRestore();
      }
    }
    assertEquals(EnumSet.allOf(WriterEvent.class), EnumSet.copyOf(outcomes.keySet()));
    for (String name : CALLS.keySet()) {
      Set<WriterEvent> allowed = declared(name);
      for (WriterEvent event : WriterEvent.values()) {
        Throwable outcome = outcomes.get(event).get(name);
        if (allowed.contains(event)) {
          assertEquals(null, outcome, name + " during " + event);
        } else {
          IllegalEventStateException e =
              assertInstanceOf(IllegalEventStateException.class, outcome, name + " in " + event);
          assertEquals(Optional.of(event), e.currentEvent());
          assertEquals(allowed, e.allowedEvents(), name);
        }
      }
    }
    // and outside every event
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      callAll(vss)
          .forEach(
              (name, outcome) ->
                  assertEquals(
                      Optional.empty(),
                      assertInstanceOf(IllegalEventStateException.class, outcome, name)
                          .currentEvent()));
    }
  }

  @Test
  void aCallFromAnotherThreadOrThroughAnEscapedContextIsRefused() throws Exception {
    AtomicReference<PostSnapshotContext> escaped = new AtomicReference<>();
    AtomicReference<Throwable> fromWorker = new AtomicReference<>();
    AtomicReference<Throwable> contextFromWorker = new AtomicReference<>();
    AtomicReference<Throwable> escapedInBackupComplete = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      WriterContext vss = rig.injector.getInstance(WriterContext.class);
      rig.w("db")
          .writer()
          .on(
              WriterEvent.POST_SNAPSHOT,
              (c, r) -> {
                PostSnapshotContext ctx = (PostSnapshotContext) c;
                escaped.set(ctx);
                fromWorker.set(
                    CompletableFuture.supplyAsync(
                            () -> refused(() -> vss.setBackupStamp("data", "s")))
                        .get());
                contextFromWorker.set(
                    CompletableFuture.supplyAsync(
                            () -> refused(() -> ctx.setBackupStamp("data", "s")))
                        .get());
              })
          .on(
              WriterEvent.BACKUP_COMPLETE,
              (c, r) ->
                  escapedInBackupComplete.set(
                      refused(() -> escaped.get().setBackupMetadata("data", "late"))));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        s.prepareForBackup();
        s.doSnapshotSet(Rig.PATHS);
        s.backupComplete();
        assertEquals(Optional.empty(), s.backupComponents().get(0).backupMetadata());
        assertEquals(Optional.empty(), s.backupComponents().get(0).backupStamp());
      }
    }
    for (Throwable t : List.of(fromWorker.get(), contextFromWorker.get())) {
      assertEquals(
          Optional.empty(), assertInstanceOf(IllegalEventStateException.class, t).currentEvent());
    }
    IllegalEventStateException late =
        assertInstanceOf(IllegalEventStateException.class, escapedInBackupComplete.get());
    assertEquals(Optional.of(WriterEvent.BACKUP_COMPLETE), late.currentEvent());
    IllegalEventStateException afterwards =
        assertThrows(
            IllegalEventStateException.class, () -> escaped.get().previousBackupStamp("data"));
    assertEquals(Optional.empty(), afterwards.currentEvent());
  }

  @Test
  void anEscapedRestoreContextIsRefusedInTheNextEvent() {
    AtomicReference<PreRestoreContext> escaped = new AtomicReference<>();
    AtomicReference<Throwable> inPostRestore = new AtomicReference<>();
    AtomicReference<Optional<String>> restoreMetadata = new AtomicReference<>();
    try (Rig rig = Rig.builder().writer("db").build()) {
      rig.w("db")
          .writer()
          .on(WriterEvent.PRE_RESTORE, (c, r) -> escaped.set((PreRestoreContext) c))
          .on(
              WriterEvent.POST_RESTORE,
              (c, r) -> {
                inPostRestore.set(
                    refused(() -> escaped.get().setRestoreMetadata("data", "too late")));
                restoreMetadata.set(((PostRestoreContext) c).restoreMetadata("data"));
              });
      try (RestoreSession s = rig.coordinator.openRestore(RestoreOptions.full())) {
        s.preRestore();
        s.postRestore();
      }
    }
    IllegalEventStateException e =
        assertInstanceOf(IllegalEventStateException.class, inPostRestore.get());
    assertEquals(Optional.of(WriterEvent.POST_RESTORE), e.currentEvent());
    assertEquals(EnumSet.of(WriterEvent.PRE_RESTORE), e.allowedEvents());
    assertEquals(Optional.empty(), restoreMetadata.get(), "the late value was not kept");
  }

  private static Map<String, Throwable> callAll(WriterContext vss) {
    Map<String, Throwable> outcomes = new ConcurrentHashMap<>();
    CALLS.forEach(
        (name, call) -> {
          Throwable t = refusedOrNull(() -> call.accept(vss));
          if (t != null) {
            outcomes.put(name, t);
          }
        });
    return outcomes;
  }

  private static Set<WriterEvent> declared(String method) {
    Method m =
        Arrays.stream(WriterContext.class.getMethods())
            .filter(x -> x.getName().equals(method))
            .findFirst()
            .orElseThrow();
    return EnumSet.copyOf(List.of(m.getAnnotation(CallableDuring.class).value()));
  }

  private static Throwable refusedOrNull(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static Throwable refused(Runnable call) {
    Throwable t = refusedOrNull(call);
    return t == null ? new AssertionError("not refused") : t;
  }
}
