package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.OptionalBinder;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.fixtures.IndexedWriter;
import dev.quiesce.runtime.fixtures.Inventory;
import dev.quiesce.runtime.fixtures.NoDispatcherWriter;
import dev.quiesce.runtime.fixtures.OrdersWriter;
import dev.quiesce.runtime.fixtures.Outer;
import dev.quiesce.runtime.fixtures.Rig;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import dev.quiesce.runtime.internal.DispatcherLocator;
import dev.quiesce.runtime.testing.EventRecorder;
import dev.quiesce.runtime.testing.Fault;
import dev.quiesce.runtime.testing.WriterHarness;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Guice modules: no configuration needed, builder options, writers with their own dependencies.
 */
class GuiceWiringTest {

  @Singleton
  static final class MarkingProvider implements SnapshotProvider {
    int taken;

    @Override
    public String name() {
      return "marking";
    }

    @Override
    public Snapshot take(SnapshotSetId id, List<Path> paths) {
      taken++;
      return new Snapshot() {
        @Override
        public SnapshotSetId id() {
          return id;
        }

        @Override
        public List<Path> paths() {
          return paths;
        }

        @Override
        public Path pathOf(Path original) {
          return Path.of("/snap").resolve(original.getFileName());
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void noConfigurationIsNeededAndTheDefaultProviderCopies(@TempDir Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("table"), "before");
    Injector injector = Guice.createInjector(Stage.PRODUCTION, new QuiesceModule());
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    assertSame(coordinator, injector.getInstance(Coordinator.class));
    assertTrue(coordinator.writers().isEmpty());
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      assertTrue(s.gatherWriterMetadata().isEmpty());
      s.prepareForBackup();
      SnapshotSet set = s.doSnapshotSet(List.of(data));
      assertEquals("copy", set.provider());
      Path copy = set.pathOf(data.resolve("table"));
      assertNotEquals(data.resolve("table"), copy);
      Files.writeString(data.resolve("table"), "after");
      assertEquals("before", Files.readString(copy));
      s.backupComplete();
    }
    assertTrue(coordinator.activeSessions().isEmpty());
  }

  @Test
  void writersModuleBindsWritersAsSingletonsWithTheirOwnDependencies() {
    Inventory inventory = new Inventory();
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            new QuiesceModule(),
            WritersModule.of(OrdersWriter.class, Outer.Inner.class),
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(Inventory.class).toInstance(inventory);
              }
            });
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    assertEquals(
        Set.of("orders-db", "inner"),
        coordinator.writers().stream().map(WriterStatus::name).collect(Collectors.toSet()));
    OrdersWriter writer = injector.getInstance(OrdersWriter.class);
    assertSame(writer, injector.getInstance(OrdersWriter.class));
    assertSame(inventory, writer.inventory);
    SnapshotSetId id;
    try (BackupSession s = coordinator.openBackup(BackupOptions.full().onlyWriters("orders-db"))) {
      List<WriterMetadata> md = s.gatherWriterMetadata();
      assertEquals(2, md.size());
      s.prepareForBackup();
      id = s.doSnapshotSet(List.of(Path.of("."))).id();
      s.backupComplete();
    }
    assertEquals(
        List.of(
            "IDENTIFY",
            "PREPARE_BACKUP",
            "PREPARE_SNAPSHOT",
            "freeze " + id,
            "THAW",
            "POST_SNAPSHOT",
            "BACKUP_COMPLETE",
            "BACKUP_SHUTDOWN"),
        inventory.log);
  }

  @Test
  void builderOptionsApply() {
    MarkingProvider provider = new MarkingProvider();
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION,
            QuiesceModule.builder()
                .eventTimeout(WriterEvent.PREPARE_BACKUP, Duration.ofMillis(100))
                .snapshotProvider(provider)
                .threadNamePrefix("test-quiesce-")
                .build());
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    ScriptWriter writer = new ScriptWriter();
    EventRecorder<ScriptWriter> rec = new EventRecorder<>(new ScriptDispatcher("db"));
    coordinator.subscribe(rec, writer);
    CountDownLatch hang = new CountDownLatch(1);
    writer.on(WriterEvent.PREPARE_BACKUP, (c, r) -> assertTrue(hang.await(10, TimeUnit.SECONDS)));
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      long start = System.nanoTime();
      assertThrows(QuiesceException.class, s::prepareForBackup);
      assertTrue(
          Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "100 ms timeout applied");
    } finally {
      hang.countDown();
    }
    writer.on(WriterEvent.PREPARE_BACKUP, (c, r) -> {});
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      s.prepareForBackup();
      assertEquals(Path.of("/snap/x"), s.doSnapshotSet(List.of(Path.of("x"))).pathOf(Path.of("x")));
      s.backupComplete();
      assertTrue(rec.events(s.id()).get(0).thread().startsWith("test-quiesce-writer-"));
    }
    assertEquals(1, provider.taken);
  }

  @Test
  void aThreadFactoryMakesTheRuntimesThreads() {
    AtomicInteger made = new AtomicInteger();
    Injector injector =
        Guice.createInjector(
            QuiesceModule.builder()
                .threadFactory(
                    r -> {
                      Thread t = new Thread(r, "custom-" + made.incrementAndGet());
                      t.setDaemon(true);
                      return t;
                    })
                .build());
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    EventRecorder<ScriptWriter> rec = new EventRecorder<>(new ScriptDispatcher("db"));
    coordinator.subscribe(rec, new ScriptWriter());
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      s.prepareForBackup();
      s.doSnapshotSet(List.of(Path.of(".")));
      assertTrue(rec.events(s.id()).get(0).thread().startsWith("custom-"));
    }
    assertTrue(made.get() > 0);
  }

  @Test
  void providerCanBeMadeByGuiceOrOverriddenThroughOptionalBinder() {
    Injector byClass =
        Guice.createInjector(
            QuiesceModule.builder().snapshotProvider(MarkingProvider.class).build());
    assertEquals("marking", byClass.getInstance(SnapshotProvider.class).name());
    Injector overridden =
        Guice.createInjector(
            new QuiesceModule(),
            new AbstractModule() {
              @Override
              protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), SnapshotProvider.class)
                    .setBinding()
                    .to(MarkingProvider.class);
              }
            });
    assertEquals("marking", overridden.getInstance(SnapshotProvider.class).name());
  }

  @Test
  void eventTimeoutOptionMarksAHungWriter() {
    try (WriterHarness<ScriptWriter> h =
        WriterHarness.forInstance(new ScriptWriter(), new ScriptDispatcher("slow"))
            .eventTimeout(WriterEvent.PREPARE_BACKUP, Duration.ofMillis(100))
            .build()) {
      h.faults().inject(WriterEvent.PREPARE_BACKUP, Fault.hang());
      long start = System.nanoTime();
      h.backup().assertFailed();
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000);
      assertEquals(WriterState.FAILED_AT_PREPARE_BACKUP, h.status().state());
      assertEquals(WriterFailure.TIMEOUT, h.status().failure().orElseThrow());
    }
  }

  @Test
  void dispatchersAreFoundByConventionOrIndexAndMissingOnesAreExplained() {
    assertEquals(
        "dev.quiesce.runtime.fixtures.Outer_Inner_Dispatcher",
        DispatcherLocator.dispatcherName(Outer.Inner.class));
    assertEquals("indexed", DispatcherLocator.find(IndexedWriter.class).descriptor().name());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WritersModule.of(NoDispatcherWriter.class));
    assertTrue(e.getMessage().contains("NoDispatcherWriter_Dispatcher"), e.getMessage());
    assertNamesTheLikelyCauses(e.getMessage());
  }

  @Test
  void discoveredFailsWhenNoDispatcherIsIndexedAndNamesTheLikelyCauses() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader empty =
        new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(empty);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, WritersModule::discovered);
      assertTrue(e.getMessage().contains("found no writer"), e.getMessage());
      assertNamesTheLikelyCauses(e.getMessage());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** The causes met in practice: no processor path, a compiler plugin that ignores it, JDK 23+. */
  private static void assertNamesTheLikelyCauses(String message) {
    for (String cause :
        List.of("annotationProcessorPaths", "older than 3.5", "JDK 23", "@Writer", "3.16.0")) {
      assertTrue(message.contains(cause), "'" + cause + "' missing from: " + message);
    }
  }

  @Test
  void discoveredUsesTheServicesIndex() {
    Injector injector =
        Guice.createInjector(
            new QuiesceModule(), WritersModule.discovered(), WritersModule.of(OrdersWriter.class));
    Coordinator coordinator = injector.getInstance(Coordinator.class);
    assertEquals(
        Set.of("indexed", "orders-db"),
        coordinator.writers().stream().map(WriterStatus::name).collect(Collectors.toSet()));
    try (BackupSession s = coordinator.openBackup(BackupOptions.full())) {
      s.prepareForBackup();
      s.backupComplete();
    }
    assertFalse(coordinator.writers().stream().anyMatch(WriterStatus::failed));
  }

  @Test
  void aWriterSubscribedTwiceIsRefused() {
    try (Rig rig = Rig.builder().build()) {
      ScriptWriter w = new ScriptWriter();
      rig.coordinator.subscribe(new ScriptDispatcher("a"), w);
      assertThrows(
          IllegalStateException.class,
          () -> rig.coordinator.subscribe(new ScriptDispatcher("a"), w));
      assertTrue(rig.coordinator.unsubscribe(w));
      assertFalse(rig.coordinator.unsubscribe(w));
      try (BackupSession s = rig.coordinator.openBackup(BackupOptions.full())) {
        assertTrue(s.gatherWriterMetadata().isEmpty());
      }
    }
  }
}
