package dev.quiesce.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.IdentifyContext;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.fixtures.ScriptDispatcher;
import dev.quiesce.runtime.fixtures.ScriptWriter;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.testing.EventRecorder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line requestor against a daemon: backup, verify, restore, and its errors. */
class QuiesceCliTest {
  @TempDir Path tmp;
  private Path data;
  private Coordinator coordinator;
  private EventRecorder<ScriptWriter> recorder;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createDirectories(tmp.resolve("live/orders"));
    Files.writeString(data.resolve("a.db"), "alpha");
    Files.writeString(Files.createDirectories(data.resolve("log")).resolve("0001.log"), "entry");
    coordinator =
        Guice.createInjector(
                Stage.PRODUCTION,
                QuiesceModule.builder().snapshotProvider(new CopySnapshotProvider(tmp.resolve("shadow"))).build())
            .getInstance(Coordinator.class);
    ScriptWriter writer = new ScriptWriter(List.of());
    writer.on(
        WriterEvent.IDENTIFY,
        (context, record) -> ((IdentifyContext) context).component("db").files(data, "*", true));
    recorder = new EventRecorder<>(new ScriptDispatcher("orders"));
    coordinator.subscribe(recorder, writer);
  }

  private int cli(String... args) {
    out.reset();
    err.reset();
    return new QuiesceCli(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void backupVerifyAndRestoreThroughTheDaemon() throws Exception {
    try (QuiesceDaemon daemon = QuiesceDaemon.start(coordinator, DaemonOptions.at(tmp.resolve("q.sock")))) {
      String socket = daemon.socket().toString();
      Path archive = tmp.resolve("archive");

      assertEquals(0, cli("writers", "--socket", socket), err());
      assertTrue(out().contains("orders"), out());

      assertEquals(0, cli("backup", "--socket", socket, "--to", archive.toString()), err());
      assertTrue(out().contains("quiesced, writers frozen"), out());
      assertTrue(out().contains("2 files"), out());
      assertEquals(
          List.of(
              WriterEvent.IDENTIFY,
              WriterEvent.PREPARE_BACKUP,
              WriterEvent.PREPARE_SNAPSHOT,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.POST_SNAPSHOT,
              WriterEvent.BACKUP_COMPLETE,
              WriterEvent.BACKUP_SHUTDOWN),
          recorder.events().stream().map(e -> e.event()).toList());

      assertEquals(0, cli("verify", "--archive", archive.toString()), err());
      assertTrue(out().contains("is whole"), out());

      Path target = tmp.resolve("restored");
      assertEquals(0, cli("restore", "--socket", socket, "--from", archive.toString(), "--to", target.toString()), err());
      Path copy = target.resolve(data.getRoot().relativize(data).toString());
      assertEquals("alpha", Files.readString(copy.resolve("a.db")));
      assertEquals("entry", Files.readString(copy.resolve("log/0001.log")));
      assertTrue(out().contains("2 files"), out());
    }
  }

  @Test
  void aTamperedArchiveFailsVerificationNamingTheFile() throws Exception {
    Path archive = tmp.resolve("archive");
    try (QuiesceDaemon daemon = QuiesceDaemon.start(coordinator, DaemonOptions.at(tmp.resolve("q.sock")))) {
      assertEquals(0, cli("backup", "--socket", daemon.socket().toString(), "--to", archive.toString()), err());
    }
    try (var files = Files.walk(archive.resolve("data"))) {
      Path stored = files.filter(p -> p.toString().endsWith("a.db")).findFirst().orElseThrow();
      Files.writeString(stored, "ALPHA");
    }
    assertEquals(1, cli("verify", "--archive", archive.toString()));
    assertTrue(err().contains("a.db"), err());
  }

  @Test
  void misuseIsExitStatusTwoWithTheReasonAndTheUsage() {
    assertEquals(2, cli());
    assertTrue(err().contains("no command given") && err().contains("usage: quiesce"), err());
    assertEquals(2, cli("snapshot"));
    assertTrue(err().contains("unknown command 'snapshot'"), err());
    assertEquals(2, cli("backup", "--socket", "/x"));
    assertTrue(err().contains("'backup' needs --to"), err());
    assertEquals(2, cli("backup", "--socket", "/x", "--to", "/y", "--type", "weekly"));
    assertTrue(err().contains("--type weekly is not one of"), err());
    assertEquals(2, cli("verify", "--archive"));
    assertTrue(err().contains("--archive needs a value"), err());
    assertEquals(2, cli("writers", "--socket", "/x", "--force"));
    assertTrue(err().contains("'writers' has no option --force"), err());
  }

  @Test
  void noDaemonIsAFailureThatSaysWhere() {
    String socket = tmp.resolve("none.sock").toString();
    assertEquals(1, cli("backup", "--socket", socket, "--to", tmp.resolve("a").toString()));
    assertTrue(err().contains("cannot connect to a Quiesce daemon at " + socket), err());
    assertTrue(Files.notExists(tmp.resolve("a")), "no archive directory is left behind");
  }
}
