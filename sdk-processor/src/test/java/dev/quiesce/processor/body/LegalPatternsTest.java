package dev.quiesce.processor.body;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Legal writer code compiles without errors or warnings: the body rules give no false positive. */
class LegalPatternsTest {
  @Test
  void restrictedCallsInTheirEvents() {
    TestSource source =
        TestSource.writer(
            "InEvents",
            """
            @Writer(name = "in-events")
            final class InEvents {
              private final WriterContext vss;

              @Inject
              InEvents(WriterContext vss) {
                this.vss = vss;
              }

              @OnIdentify
              void identify(IdentifyContext ctx) {
                System.err.println(vss.currentSessionId());
              }

              @OnPrepareBackup
              void prepareBackup(PrepareBackupContext ctx) {
                System.err.println(vss.isPathAffected(Path.of("/data")));
                System.err.println(vss.currentBackupType());
                ctx.reportFailure(WriterFailure.RETRYABLE, "slow disk");
              }

              @OnPrepareSnapshot
              void prepareSnapshot(PrepareSnapshotContext ctx, SnapshotSetId id) {
                System.err.println(ctx.currentSnapshotSetId() + " " + ctx.volumes());
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                System.err.println(vss.currentSnapshotSetId() + " " + vss.currentVolumes());
                vss.setWriterFailure(WriterFailure.RETRYABLE, "busy");
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                System.err.println(ctx.currentSnapshotSetId());
              }

              @OnPostSnapshot
              void postSnapshot(PostSnapshotContext ctx) {
                System.err.println(ctx.snapshotPathOf(Path.of("/data")));
                System.err.println(vss.snapshotPathOf(Path.of("/data")));
              }

              @OnAbort
              void abort(AbortContext ctx, Optional<SnapshotSetId> id) {
                System.err.println(vss.currentBackupType() + " " + ctx.snapshotSetId());
              }

              @OnBackupShutdown
              void shutdown(
                  BackupShutdownContext ctx, Optional<SnapshotSetId> id, ShutdownCause cause) {
                System.err.println(ctx.snapshotSetId() + " " + id + " " + cause);
                ctx.reportFailure(WriterFailure.NON_RETRYABLE, "cleanup failed");
              }

              @OnPreRestore
              void preRestore(PreRestoreContext ctx) {
                System.err.println(vss.currentRestoreType());
              }

              @OnPostRestore
              void postRestore(PostRestoreContext ctx) {
                System.err.println(vss.currentRestoreType());
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void privateHelpersReachedOnlyFromAllowedEvents() {
    TestSource source =
        TestSource.writer(
            "Helpers",
            """
            @Writer(name = "helpers")
            final class Helpers {
              private final WriterContext vss;

              @Inject
              Helpers(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                remember();
                describe(ctx);
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                remember();
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                forget(ctx.snapshotSetId());
              }

              private void remember() {
                record(vss.currentSnapshotSetId());
                check();
              }

              private void check() {
                System.err.println(vss.currentVolumes());
              }

              private void describe(SnapshotEventContext context) {
                System.err.println(context.sessionId() + " " + context.currentSnapshotSetId());
              }

              private void record(SnapshotSetId id) {
                System.err.println(id);
              }

              private void forget(Optional<SnapshotSetId> id) {
                id.ifPresent(this::record);
              }

              private void unused() {
                System.err.println(vss.currentSnapshotSetId());
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void snapshotSetIdMayBeStoredAnywhere() {
    TestSource source =
        TestSource.writer(
            "Keeper",
            """
            @SessionState
            final class Captured {
              SnapshotSetId id;
              final List<SnapshotSetId> all = new ArrayList<>();
            }

            @Writer(name = "keeper")
            final class Keeper {
              private static SnapshotSetId lastId;
              private final Map<SessionId, SnapshotSetId> ids = new HashMap<>();
              private final SnapshotSetId[] recent = new SnapshotSetId[2];
              private SnapshotSetId current;

              @OnFreeze
              void freeze(FreezeContext ctx, Captured captured, SessionId session) {
                SnapshotSetId id = ctx.currentSnapshotSetId();
                current = id;
                lastId = id;
                recent[0] = id;
                ids.put(session, ctx.currentSnapshotSetId());
                captured.id = id;
                captured.all.add(id);
              }

              @OnThaw
              void thaw(ThawContext ctx, Captured captured) {
                System.err.println(captured.id.equals(ctx.currentSnapshotSetId()));
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx, Captured captured, SessionId session) {
                ids.remove(session);
                System.err.println(captured.id + " " + current + " " + lastId + " " + recent[0]);
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void lambdasAndReferencesThatCallNothingRestricted() {
    TestSource source =
        TestSource.writer(
            "Functional",
            """
            @Writer(name = "functional")
            final class Functional {
              private final WriterContext vss;
              private final Supplier<String> name = () -> "functional";

              @Inject
              Functional(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                SnapshotSetId id = ctx.currentSnapshotSetId();
                List<Path> volumes = vss.currentVolumes();
                SessionId session = ctx.sessionId();
                java.util.concurrent.CompletableFuture.runAsync(() -> log(id + " " + session));
                volumes.stream().map(Path::toString).forEach(this::log);
                volumes.forEach(volume -> log(volume.toString()));
                new Thread(
                        new Runnable() {
                          @Override
                          public void run() {
                            log(id.toString());
                          }
                        })
                    .start();
                class Local {
                  void print() {
                    log(session.toString());
                  }
                }
                new Local().print();
                Consumer<FreezeContext> describe = context -> log(context.sessionId().toString());
                describe.accept(ctx);
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                Supplier<WriterContext> accessor = () -> vss;
                log(name.get() + accessor);
              }

              private void log(String line) {
                System.err.println(line);
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void recursionAndMutualRecursionTerminate() {
    TestSource source =
        TestSource.writer(
            "Recursive",
            """
            @Writer(name = "recursive")
            final class Recursive {
              private final WriterContext vss;

              @Inject
              Recursive(WriterContext vss) {
                this.vss = vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                walk(3);
                ping(4);
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                pong(2);
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                count(5);
              }

              private void walk(int depth) {
                if (depth > 0) {
                  System.err.println(vss.currentSnapshotSetId());
                  walk(depth - 1);
                }
              }

              private void ping(int n) {
                if (n > 0) {
                  pong(n - 1);
                }
              }

              private void pong(int n) {
                System.err.println(vss.currentVolumes());
                ping(n);
              }

              private int count(int n) {
                return n <= 0 ? 0 : 1 + count(n - 1);
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void sameNamedMethodsWithoutCallableDuringAreNotRestricted() {
    TestSource source =
        TestSource.writer(
            "Lookalike",
            """
            final class Clock {
              SnapshotSetId currentSnapshotSetId() {
                return new SnapshotSetId(UUID.randomUUID());
              }

              Path snapshotPathOf(Path original) {
                return original;
              }
            }

            @Writer(name = "lookalike")
            final class Lookalike {
              private final Clock clock = new Clock();
              private final SnapshotSetId made = clock.currentSnapshotSetId();

              @Inject
              Lookalike() {
                System.err.println(clock.snapshotPathOf(Path.of("/")));
              }

              @OnBackupShutdown
              void shutdown(BackupShutdownContext ctx) {
                System.err.println(clock.currentSnapshotSetId() + " " + currentSnapshotSetId());
              }

              private SnapshotSetId currentSnapshotSetId() {
                return made;
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void writerContextMayBeStoredAndShared() {
    TestSource source =
        TestSource.writer(
            "Shared",
            """
            @Writer(name = "shared-accessor")
            final class Shared {
              private static WriterContext global;
              private final WriterContext vss;
              private final List<WriterContext> all = new ArrayList<>();
              private final Supplier<WriterContext> later;

              @Inject
              Shared(WriterContext vss) {
                this.vss = vss;
                global = vss;
                all.add(vss);
                later = () -> vss;
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                System.err.println(later.get().currentSnapshotSetId());
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                System.err.println(global.currentVolumes() + " " + all.get(0).currentVolumes());
              }

              WriterContext accessor() {
                return vss;
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void modernJavaInAllowedHandlers() {
    TestSource source =
        TestSource.writer(
            "Modern",
            """
            @Writer(name = "modern")
            final class Modern {
              private final WriterContext vss;

              @Inject
              Modern(WriterContext vss) {
                this.vss = vss;
              }

              record Entry(SnapshotSetId id, Path path) {
                Entry {
                  Objects.requireNonNull(id);
                }

                String describe() {
                  return id + "@" + path;
                }
              }

              enum Mode {
                FAST {
                  @Override
                  int weight() {
                    return 1;
                  }
                },
                SAFE;

                int weight() {
                  return 2;
                }
              }

              @OnPostSnapshot
              <T extends PostSnapshotContext> void postSnapshot(PostSnapshotContext ctx) {
                var entries = new ArrayList<Entry>();
                for (Path volume : ctx.volumes()) {
                  entries.add(new Entry(ctx.currentSnapshotSetId(), ctx.snapshotPathOf(volume)));
                }
                String kind =
                    switch (ctx.event()) {
                      case POST_SNAPSHOT -> "post";
                      default -> {
                        String other = ctx.event().name();
                        yield other.toLowerCase(Locale.ROOT);
                      }
                    };
                try (var writer = new java.io.StringWriter()) {
                  writer.write(kind + first(entries).describe() + Mode.FAST.weight());
                } catch (java.io.IOException e) {
                  ctx.reportFailure(WriterFailure.RETRYABLE, e.getMessage());
                }
                Object any = ctx;
                if (any instanceof PostSnapshotContext post && post.volumes().isEmpty()) {
                  System.err.println(post.currentSnapshotSetId());
                }
                String text = \"""
                    snapshot
                    \""";
                System.err.println(text + vss.currentSnapshotSetId());
              }

              private static <T> T first(List<? extends T> items) {
                return items.get(0);
              }
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void overriddenSupertypeCodeThatNeverRunsIsNotReported() {
    TestSource source =
        TestSource.writer(
            "Replaced",
            """
            abstract class Base {
              WriterContext vss;

              void flushAll() {
                System.err.println(vss.currentSnapshotSetId());
              }
            }

            @Writer(name = "replaced")
            final class Replaced extends Base {
              @Override
              void flushAll() {
                System.err.println("nothing to flush");
              }

              @OnFreeze
              void freeze(FreezeContext ctx) {
                super.flushAll();
              }

              @OnThaw
              void thaw(ThawContext ctx) {}
            }
            """);

    assertThat(source.compile()).succeededWithoutWarnings();
  }

  @Test
  void unusualButLegalConstructsNeitherCrashNorReport() {
    TestSource source =
        TestSource.writer(
            "Unusual",
            """
            interface Named {
              default String name() {
                return "named";
              }

              static String prefix() {
                return ">";
              }
            }

            @Writer(name = "unusual")
            final class Unusual implements Named {
              private static final Runnable[] HOOKS = {() -> {}, Unusual::noop};
              private final WriterContext vss;
              private final Map<String, Function<Integer, String[]>> makers = new HashMap<>();

              @Inject
              Unusual(WriterContext vss) {
                this.vss = vss;
                makers.put("array", String[]::new);
              }

              static void noop() {}

              @Override
              public String name() {
                return Named.super.name() + Named.prefix();
              }

              @OnFreeze
              void freeze(FreezeContext ctx, SnapshotSetId id) {
                SnapshotSetId current = vss.currentSnapshotSetId();
                Runnable task = (Runnable & java.io.Serializable) () -> System.err.println(current);
                Supplier<Runnable> nested =
                    () ->
                        new Runnable() {
                          {
                            System.err.println("init " + id);
                          }

                          @Override
                          public void run() {
                            Supplier<String> inner = () -> current + name();
                            System.err.println(inner.get());
                          }
                        };
                enum Phase {
                  HOLD,
                  RELEASE
                }
                record Pair(Phase phase, SnapshotSetId id) {}
                interface Sink {
                  void accept(Pair pair);
                }
                Sink sink = pair -> System.err.println(pair);
                outer:
                for (Phase phase : Phase.values()) {
                  for (int i = 0; i < 2; i++) {
                    if (i == 1) {
                      continue outer;
                    }
                    sink.accept(new Pair(phase, current));
                  }
                }
                synchronized (this) {
                  assert current != null : "no id";
                }
                try {
                  task.run();
                  nested.get().run();
                } finally {
                  Function<String, String> pick =
                      Math.random() > 0.5 ? String::trim : this::<String>same;
                  String[] made = makers.get("array").apply(1);
                  System.err.println(pick.apply(" x ") + String.join(",", made));
                }
                for (Runnable hook : HOOKS) {
                  hook.run();
                }
                int[] counts = new int[] {1, 2};
                counts[0] += ctx.volumes().size();
                Object deadline = ctx.deadline();
                String kind =
                    deadline instanceof java.time.Instant instant ? instant.toString() : "";
                System.err.println(kind + counts[0] + ctx.currentSnapshotSetId().equals(id));
              }

              @OnThaw
              void thaw(ThawContext ctx) {
                new Object() {
                  void go() {
                    System.err.println(Unusual.this.name());
                  }
                }.go();
              }

              private <T> T same(T value) {
                return value;
              }
            }
            """);
    Compilation compilation = source.compile();

    assertThat(compilation).succeededWithoutWarnings();
  }
}
