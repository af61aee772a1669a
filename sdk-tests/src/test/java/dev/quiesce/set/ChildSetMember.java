package dev.quiesce.set;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupShutdownContext;
import dev.quiesce.api.SnapshotEventContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.fixtures.Rig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application in its own JVM, a member of the set tests: one writer of {@code args[3]}'s level
 * with a freeze window of {@code args[4]} ms over the files of {@code args[1]}, served by a daemon
 * at {@code args[0]}. Every event its writer gets is a line on standard output ({@code EVENT name
 * session set cause epochMicros}), printed when the handler starts. On standard input, {@code hold}
 * makes the next Freeze block until {@code release} (answered {@code OK hold}); the input ending
 * ends the application.
 */
public final class ChildSetMember {
  private ChildSetMember() {}

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    Path data = Path.of(args[1]);
    String name = args[2];
    ApplicationLevel level = ApplicationLevel.valueOf(args[3]);
    long window = Long.parseLong(args[4]);
    AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    try (Rig rig =
            Rig.builder()
                .timeouts(Duration.ofSeconds(30))
                .componentFiles(data)
                .writer(name, level, window)
                .build();
        QuiesceDaemon daemon = QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(socket))) {
      for (WriterEvent event : WriterEvent.values()) {
        rig.w(name)
            .writer()
            .on(
                event,
                (ctx, rec) -> {
                  print(ctx, event);
                  CountDownLatch held = event == WriterEvent.FREEZE ? hold.getAndSet(null) : null;
                  if (held != null) {
                    held.await(60, TimeUnit.SECONDS);
                  }
                });
      }
      say("listening at " + daemon.socket());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      CountDownLatch current = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("hold")) {
          current = new CountDownLatch(1);
          hold.set(current);
          say("OK hold");
        } else if (line.equals("release") && current != null) {
          current.countDown();
          say("OK release");
        }
      }
    }
  }

  private static void print(dev.quiesce.api.EventContext ctx, WriterEvent event) {
    String set = "-";
    String cause = "-";
    if (ctx instanceof SnapshotEventContext s) {
      set = s.currentSnapshotSetId().toString();
    } else if (ctx instanceof BackupShutdownContext s) {
      set = s.snapshotSetId().map(Object::toString).orElse("-");
      cause = s.cause().name();
    }
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    say("EVENT " + event + " " + ctx.sessionId() + " " + set + " " + cause + " " + micros);
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
