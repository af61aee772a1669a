package dev.quiesce.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.EventContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterFailureException;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.processor.codegen.ServiceIndex;
import dev.quiesce.processor.testing.CallLog;
import dev.quiesce.processor.testing.CallLog.Call;
import dev.quiesce.processor.testing.FakeContexts;
import dev.quiesce.processor.testing.FakeSessionRecord;
import dev.quiesce.processor.testing.GeneratedClasses;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated code: compiles a writer in memory, loads its dispatcher from the compilation's
 * class files and drives it with hand-written contexts and session records, as the runtime would.
 */
class GeneratedDispatcherRuntimeTest {
  private static final String WRITER =
      """
      package test;
      import dev.quiesce.api.*;
      import dev.quiesce.processor.testing.CallLog;
      import java.util.Optional;
      @Writer(name = "recording", level = ApplicationLevel.BACK_END, freezeTimeoutMillis = 5000)
      public final class RecordingWriter {
        public final CallLog log = new CallLog();
        @SessionState public static final class Held {}
        @OnIdentify void identify(SessionId s, IdentifyContext c) { log.add("identify", s, id(c)); }
        @OnPrepareSnapshot void prepare(SnapshotSetId id) { log.add("prepare", id); }
        @OnFreeze void freeze(FreezeContext c, SnapshotSetId id, Held held) throws Exception {
          if (c.sessionId().value().getMostSignificantBits() == 42) {
            throw new WriterFailureException(WriterFailure.RETRYABLE, "veto");
          }
          log.add("freeze", id(c), id, held);
        }
        @OnThaw void thaw(Held held, ThawContext c) { log.add("thaw", held, id(c)); }
        @OnAbort void abort(Optional<SnapshotSetId> id) { log.add("abort", id); }
        @OnBackupShutdown void shutdown(
            Optional<SnapshotSetId> id, ShutdownCause cause, BackupShutdownContext c, Held held,
            SessionId s) {
          log.add("shutdown", id, cause, id(c), held, s);
        }
        // A context may not outlive its handler, so the log keeps its identity instead.
        private static int id(EventContext context) { return System.identityHashCode(context); }
      }
      """;

  private static Class<?> writerClass;
  private static WriterDispatcher<Object> dispatcher;
  private static Compilation compilation;

  @BeforeAll
  static void compileAndLoad() throws Exception {
    compilation = compile(JavaFileObjects.forSourceString("test.RecordingWriter", WRITER));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedClasses loader = new GeneratedClasses(compilation);
    writerClass = loader.loadClass("test.RecordingWriter");
    String index =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, ServiceIndex.PATH)
            .orElseThrow()
            .getCharContent(true)
            .toString()
            .trim();
    // Loaded by the name the services index gives, through the public no-argument constructor,
    // as ServiceLoader does.
    @SuppressWarnings("unchecked")
    WriterDispatcher<Object> loaded =
        (WriterDispatcher<Object>) loader.loadClass(index).getConstructor().newInstance();
    dispatcher = loaded;
  }

  private static Object newWriter() throws ReflectiveOperationException {
    return writerClass.getConstructor().newInstance();
  }

  private static CallLog log(Object writer) throws ReflectiveOperationException {
    return (CallLog) writerClass.getField("log").get(writer);
  }

  /** How the test writer records a context: by identity, as it may not keep the context. */
  private static int identity(EventContext context) {
    return System.identityHashCode(context);
  }

  private static Class<?> held() throws ClassNotFoundException {
    return writerClass.getClassLoader().loadClass("test.RecordingWriter$Held");
  }

  @Test
  void descriptorDescribesTheWriter() throws Exception {
    WriterDescriptor descriptor = dispatcher.descriptor();
    assertThat(descriptor).isSameInstanceAs(dispatcher.descriptor());
    assertThat(descriptor).isSameInstanceAs(dispatcher.getClass().getField("DESCRIPTOR").get(null));
    assertThat(descriptor)
        .isEqualTo(
            new WriterDescriptor(
                writerClass,
                "recording",
                UUID.nameUUIDFromBytes("recording".getBytes(StandardCharsets.UTF_8)),
                "",
                ApplicationLevel.BACK_END,
                UsageType.USER_DATA,
                SourceType.OTHER,
                5000,
                EnumSet.of(
                    WriterEvent.IDENTIFY,
                    WriterEvent.PREPARE_SNAPSHOT,
                    WriterEvent.FREEZE,
                    WriterEvent.THAW,
                    WriterEvent.ABORT,
                    WriterEvent.BACKUP_SHUTDOWN),
                Set.of(held())));
  }

  @Test
  void aBackupSessionCallsEachHandlerWithItsArguments() throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId sessionId = SessionId.random();
    SnapshotSetId setId = SnapshotSetId.random();

    EventContext identify = FakeContexts.identify(sessionId);
    dispatcher.dispatch(writer, identify, session);
    dispatcher.dispatch(writer, FakeContexts.prepareBackup(sessionId), session);
    dispatcher.dispatch(writer, FakeContexts.prepareSnapshot(sessionId, setId), session);
    FreezeContext freeze = FakeContexts.freeze(sessionId, setId);
    dispatcher.dispatch(writer, freeze, session);
    EventContext thaw = FakeContexts.thaw(sessionId, setId);
    dispatcher.dispatch(writer, thaw, session);
    dispatcher.dispatch(writer, FakeContexts.postSnapshot(sessionId, setId), session);
    dispatcher.dispatch(writer, FakeContexts.backupComplete(sessionId), session);
    BackupShutdownContext shutdown =
        FakeContexts.backupShutdown(sessionId, ShutdownCause.COMPLETED);
    dispatcher.dispatch(writer, shutdown, session);

    CallLog log = log(writer);
    // PrepareBackup, PostSnapshot and BackupComplete have no handler: nothing is called.
    assertThat(log.calls().stream().map(Call::handler).toList())
        .containsExactly("identify", "prepare", "freeze", "thaw", "shutdown")
        .inOrder();
    assertThat(log.only("identify").arguments())
        .containsExactly(sessionId, identity(identify))
        .inOrder();
    assertThat(log.only("prepare").arguments()).containsExactly(setId);
    Object heldAtFreeze = log.only("freeze").arguments().get(2);
    assertThat(heldAtFreeze).isInstanceOf(held());
    assertThat(log.only("freeze").arguments().subList(0, 2))
        .containsExactly(identity(freeze), setId)
        .inOrder();
    assertThat(log.only("thaw").arguments())
        .containsExactly(heldAtFreeze, identity(thaw))
        .inOrder();
    List<Object> atShutdown = log.only("shutdown").arguments();
    assertThat(atShutdown.get(0)).isEqualTo(Optional.of(setId));
    assertThat(atShutdown.get(1)).isEqualTo(ShutdownCause.COMPLETED);
    assertThat(atShutdown.get(2)).isEqualTo(identity(shutdown));
    assertThat(atShutdown.get(3)).isSameInstanceAs(heldAtFreeze);
    assertThat(atShutdown.get(4)).isEqualTo(sessionId);
    // Captured at each of the four events of the snapshot set, handler or not (PostSnapshot).
    assertThat(session.captures()).isEqualTo(4);
  }

  @Test
  void idCapturedAtFreezeReachesBackupShutdownWithoutAnySnapshotHandlerCalledYet()
      throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId sessionId = SessionId.random();
    SnapshotSetId setId = SnapshotSetId.random();

    dispatcher.dispatch(writer, FakeContexts.freeze(sessionId, setId), session);
    dispatcher.dispatch(
        writer, FakeContexts.backupShutdown(sessionId, ShutdownCause.REQUESTOR_LOST), session);

    List<Object> atShutdown = log(writer).only("shutdown").arguments();
    assertThat(atShutdown.get(0)).isEqualTo(Optional.of(setId));
    assertThat(atShutdown.get(1)).isEqualTo(ShutdownCause.REQUESTOR_LOST);
  }

  @Test
  void capturesEvenWhenTheWriterHasNoHandlerForTheEvent() throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId sessionId = SessionId.random();
    SnapshotSetId setId = SnapshotSetId.random();

    // The writer has no @OnPostSnapshot; the id must be captured all the same.
    dispatcher.dispatch(writer, FakeContexts.postSnapshot(sessionId, setId), session);
    dispatcher.dispatch(writer, FakeContexts.abort(sessionId), session);

    assertThat(session.capturedSnapshotSetId()).hasValue(setId);
    assertThat(log(writer).only("abort").arguments()).containsExactly(Optional.of(setId));
  }

  @Test
  void sessionThatNeverReachedTheSnapshotSetGetsAnEmptyId() throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId sessionId = SessionId.random();

    dispatcher.dispatch(writer, FakeContexts.prepareBackup(sessionId), session);
    dispatcher.dispatch(writer, FakeContexts.abort(sessionId), session);

    assertThat(log(writer).only("abort").arguments()).containsExactly(Optional.empty());
    assertThat(session.captures()).isEqualTo(0);
  }

  @Test
  void twoSessionsAtOnceKeepTheirOwnIdAndState() throws Exception {
    Object writer = newWriter();
    SessionId a = SessionId.random();
    SessionId b = SessionId.random();
    SnapshotSetId setA = SnapshotSetId.random();
    SnapshotSetId setB = SnapshotSetId.random();
    FakeSessionRecord recordA = new FakeSessionRecord();
    FakeSessionRecord recordB = new FakeSessionRecord();

    dispatcher.dispatch(writer, FakeContexts.freeze(a, setA), recordA);
    dispatcher.dispatch(writer, FakeContexts.freeze(b, setB), recordB);
    dispatcher.dispatch(writer, FakeContexts.backupShutdown(b, ShutdownCause.ABORTED), recordB);
    dispatcher.dispatch(writer, FakeContexts.backupShutdown(a, ShutdownCause.COMPLETED), recordA);

    List<Call> shutdowns =
        log(writer).calls().stream().filter(c -> c.handler().equals("shutdown")).toList();
    List<Call> freezes =
        log(writer).calls().stream().filter(c -> c.handler().equals("freeze")).toList();
    assertThat(shutdowns.get(0).arguments().get(0)).isEqualTo(Optional.of(setB));
    assertThat(shutdowns.get(1).arguments().get(0)).isEqualTo(Optional.of(setA));
    assertThat(shutdowns.get(0).arguments().get(3))
        .isSameInstanceAs(freezes.get(1).arguments().get(2));
    assertThat(shutdowns.get(1).arguments().get(3))
        .isSameInstanceAs(freezes.get(0).arguments().get(2));
    assertThat(freezes.get(0).arguments().get(2))
        .isNotSameInstanceAs(freezes.get(1).arguments().get(2));
  }

  @Test
  void restoreEventsWithoutHandlersDoNothing() throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId sessionId = SessionId.random();

    dispatcher.dispatch(writer, FakeContexts.preRestore(sessionId), session);
    dispatcher.dispatch(writer, FakeContexts.postRestore(sessionId), session);

    assertThat(log(writer).calls()).isEmpty();
    assertThat(session.captures()).isEqualTo(0);
  }

  @Test
  void handlerExceptionsPassThroughUnchanged() throws Exception {
    Object writer = newWriter();
    FakeSessionRecord session = new FakeSessionRecord();
    SessionId vetoing = new SessionId(new UUID(42, 1));
    SnapshotSetId setId = SnapshotSetId.random();

    WriterFailureException thrown =
        assertThrows(
            WriterFailureException.class,
            () -> dispatcher.dispatch(writer, FakeContexts.freeze(vetoing, setId), session));

    assertThat(thrown.failure()).isEqualTo(WriterFailure.RETRYABLE);
    assertThat(thrown).hasMessageThat().contains("veto");
    // The id was captured before the handler ran, so BackupShutdown still gets it.
    assertThat(session.capturedSnapshotSetId()).hasValue(setId);
  }
}
