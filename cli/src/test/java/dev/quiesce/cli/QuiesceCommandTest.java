package dev.quiesce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceModule;
import dev.quiesce.runtime.WritersModule;
import dev.quiesce.runtime.daemon.DaemonOptions;
import dev.quiesce.runtime.daemon.QuiesceDaemon;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code quiesce} command line against a real daemon: each command, its output and errors. */
class QuiesceCommandTest {
  @TempDir Path tmp;
  private OrdersStore store;
  private QuiesceDaemon daemon;
  private String socket;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startApplication() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("live/orders"));
    Files.writeString(data.resolve("a.db"), "alpha");
    Files.writeString(Files.createDirectories(data.resolve("log")).resolve("0001.log"), "entry");
    store = new OrdersStore(data);
    Coordinator coordinator =
        Guice.createInjector(
                Stage.PRODUCTION,
                QuiesceModule.builder()
                    .snapshotProvider(new CopySnapshotProvider(tmp.resolve("shadow")))
                    .build(),
                WritersModule.of(OrdersWriter.class),
                binder -> binder.bind(OrdersStore.class).toInstance(store))
            .getInstance(Coordinator.class);
    daemon = QuiesceDaemon.start(coordinator, DaemonOptions.at(tmp.resolve("q.sock")));
    socket = daemon.socket().toString();
  }

  @AfterEach
  void stopApplication() {
    daemon.close();
  }

  private int quiesce(String... args) {
    out.reset();
    err.reset();
    return QuiesceCommand.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path backup() {
    Path archive = tmp.resolve("archive");
    assertEquals(0, quiesce("backup", "--socket", socket, "--to", archive.toString()), err());
    return archive;
  }

  @Test
  void backupVerifyDescribeAndRestoreThroughTheDaemon() throws Exception {
    Path archive = backup();
    assertTrue(out().contains("quiesced, writers frozen"), out());
    assertTrue(out().contains("2 files"), out());
    assertEquals(
        List.of(
            WriterEvent.IDENTIFY,
            WriterEvent.FREEZE,
            WriterEvent.THAW,
            WriterEvent.BACKUP_COMPLETE,
            WriterEvent.BACKUP_SHUTDOWN),
        store.events);

    assertEquals(0, quiesce("verify", "--archive", archive.toString()), err());
    assertTrue(out().contains("is whole"), out());

    Path target = tmp.resolve("restored");
    assertEquals(
        0,
        quiesce(
            "restore", "--socket", socket, "--from", archive.toString(), "--to", target.toString()),
        err());
    Path copy = target.resolve(store.directory.getRoot().relativize(store.directory).toString());
    assertEquals("alpha", Files.readString(copy.resolve("a.db")));
    assertEquals("entry", Files.readString(copy.resolve("log/0001.log")));
    assertTrue(out().contains("restored snapshot set") && out().contains("2 files"), out());
  }

  @Test
  void anIncrementalBackupStoresWhatChangedAndRestoresTheWholeStateThroughTheDaemon()
      throws Exception {
    Path full = backup();
    Files.writeString(store.directory.resolve("b.db"), "beta");
    Path incremental = tmp.resolve("incremental");
    assertEquals(
        0,
        quiesce(
            "backup",
            "--socket",
            socket,
            "--to",
            incremental.toString(),
            "--type",
            "INCREMENTAL",
            "--base",
            full.toString()),
        err());
    assertTrue(out().contains("1 files"), out());
    assertTrue(
        out().contains("INCREMENTAL on a chain of 1 archive, 2 unchanged files kept from it"),
        out());

    assertEquals(0, quiesce("verify", "--archive", incremental.toString()), err());
    assertTrue(out().contains("is whole") && out().contains("chain of 1 archive"), out());

    Path target = tmp.resolve("restored");
    assertEquals(
        0,
        quiesce(
            "restore",
            "--socket",
            socket,
            "--from",
            incremental.toString(),
            "--to",
            target.toString()),
        err());
    Path copy = target.resolve(store.directory.getRoot().relativize(store.directory).toString());
    assertEquals("alpha", Files.readString(copy.resolve("a.db")));
    assertEquals("beta", Files.readString(copy.resolve("b.db")));
    assertEquals("entry", Files.readString(copy.resolve("log/0001.log")));

    // a new target for the component
    Path elsewhere = tmp.resolve("elsewhere");
    assertEquals(
        0,
        quiesce(
            "restore",
            "--socket",
            socket,
            "--from",
            incremental.toString(),
            "--to",
            tmp.resolve("rest").toString(),
            "--component-to",
            "orders/db=" + elsewhere),
        err());
    Path moved =
        elsewhere.resolve(store.directory.getRoot().relativize(store.directory).toString());
    assertEquals("beta", Files.readString(moved.resolve("b.db")));

    // without its base the incremental is refused, naming the missing link
    Files.move(full, tmp.resolve("moved-away"));
    assertEquals(1, quiesce("verify", "--archive", incremental.toString()));
    assertTrue(err().contains("is missing"), err());
    assertEquals(
        2,
        quiesce(
            "backup",
            "--socket",
            socket,
            "--to",
            tmp.resolve("x").toString(),
            "--type",
            "INCREMENTAL"),
        err());
  }

  @Test
  void onAPipeEachPhaseIsALineOnStandardError() {
    backup();
    List<String> lines = err().lines().toList();
    assertEquals(6, lines.size(), err());
    assertEquals("Identify: 1 writers answered", lines.get(0));
    assertEquals("PrepareBackup: 1 components selected", lines.get(1));
    assertTrue(lines.get(2).matches("snapshot set \\S+: writers frozen \\d+ ms, quiesced"), err());
    assertEquals("writing the archive: 2 files, 10 B", lines.get(3));
    assertEquals("writing the archive: done, 2 files, 10 B", lines.get(4));
    assertEquals("BackupComplete: the writers know the archive is whole", lines.get(5));
  }

  @Test
  void writersPrintsATableWithItsColumnsNamedAndJsonForScripts() throws Exception {
    assertEquals(0, quiesce("writers", "--socket", socket), err());
    List<String> lines = out().lines().toList();
    assertEquals(2, lines.size(), out());
    assertTrue(lines.get(0).matches("WRITER +STATE +LAST SESSION +LAST FAILURE"), lines.get(0));
    assertTrue(lines.get(1).matches("orders +1 STABLE +- +-"), lines.get(1));

    backup();
    assertEquals(0, quiesce("writers", "--socket", socket, "--json"), err());
    JsonNode writers = new JsonMapper().readTree(out());
    assertEquals(1, writers.size(), out());
    assertEquals("orders", writers.get(0).get("name").asText());
    assertEquals("STABLE", writers.get(0).get("state").asText());
    assertEquals(1, writers.get(0).get("vssState").asInt());
    assertTrue(writers.get(0).get("session").isTextual(), out());
    assertTrue(writers.get(0).get("failure").isNull(), out());
  }

  @Test
  void describeShowsTheArchiveForAPersonAndForAScript() throws Exception {
    Path archive = backup();
    assertEquals(0, quiesce("describe", "--archive", archive.toString()), err());
    String text = out();
    assertTrue(text.contains("snapshot set"), text);
    assertTrue(text.matches("(?s).*writers +quiesced\\R.*"), text);
    assertTrue(text.contains("data          2 files, 10 B"), text);
    assertTrue(text.contains("orders  (BACK_END") || text.contains("orders  ("), text);
    assertTrue(text.contains("  db: 2 files, 10 B"), text);

    assertEquals(0, quiesce("describe", "--archive", archive.toString(), "--json"), err());
    JsonNode json = new JsonMapper().readTree(out());
    assertEquals("QUIESCED", json.get("quiesce").asText());
    assertEquals(2, json.get("files").asInt());
    assertEquals(10, json.get("bytes").asInt());
    assertEquals("db", json.get("writers").get(0).get("components").get(0).get("name").asText());
  }

  @Test
  void describeEscapesWhatTheArchiveSaysSoItCannotForgeLines() throws Exception {
    Path archive = backup();
    Path manifest = archive.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"orders\"", "\"orders\\nwriters       quiesced\""));
    assertEquals(0, quiesce("describe", "--archive", archive.toString()), err());
    assertTrue(out().contains("orders\\nwriters"), out());
    assertEquals(1, out().lines().filter(l -> l.startsWith("writers ")).count(), out());
  }

  @Test
  void aTamperedArchiveFailsVerificationNamingTheFile() throws Exception {
    Path archive = backup();
    try (Stream<Path> files = Files.walk(archive.resolve("data"))) {
      Path stored = files.filter(p -> p.toString().endsWith("a.db")).findFirst().orElseThrow();
      Files.writeString(stored, "ALPHA");
    }
    assertEquals(1, quiesce("verify", "--archive", archive.toString()));
    List<String> errors = err().lines().filter(l -> l.startsWith("quiesce verify: ")).toList();
    assertEquals(1, errors.size(), "the error in one line: " + err());
    assertTrue(errors.get(0).contains("a.db") && errors.get(0).contains("SHA-256"), err());
  }

  @Test
  void helpAndVersionGoToStandardOutputAndSucceed() {
    assertEquals(0, quiesce("--help"));
    assertTrue(out().startsWith("Usage: quiesce"), out());
    for (String command : List.of("writers", "backup", "restore", "verify", "describe")) {
      assertTrue(out().contains("  " + command + " "), command + " listed: " + out());
    }
    assertTrue(out().contains("2   the command line is wrong"), out());
    assertEquals("", err());

    assertEquals(0, quiesce("backup", "--help"));
    assertTrue(
        out().startsWith("Backs up an application's writers")
            && out().contains("Usage: quiesce backup"),
        out());
    assertTrue(
        out().replaceAll("\\s+", " ").contains("FULL, INCREMENTAL, DIFFERENTIAL, LOG, COPY"),
        out());

    assertEquals(0, quiesce("--version"));
    assertTrue(out().startsWith("quiesce "), out());

    assertEquals(0, quiesce("generate-completion"));
    assertTrue(out().contains("complete -F"), "a bash completion script");
  }

  @Test
  void aWrongCommandLineIsStatusTwoWithTheReasonInOneLine() {
    assertEquals(2, quiesce());
    assertTrue(err().contains("no command given"), err());
    assertEquals(2, quiesce("snapshot"));
    assertTrue(err().contains("Unmatched argument at index 0: 'snapshot'"), err());
    assertEquals(2, quiesce("backup", "--socket", "/x"));
    assertTrue(err().contains("Missing required option: '--to=DIR'"), err());
    assertTrue(err().contains("Run 'quiesce backup --help' for usage."), err());
    assertEquals(2, quiesce("backup", "--socket", "/x", "--to", "/y", "--type", "weekly"));
    assertTrue(err().contains("expected one of [FULL, INCREMENTAL"), err());
    assertEquals(2, quiesce("verify", "--archive"));
    assertTrue(err().contains("Missing required parameter for option '--archive'"), err());
    assertEquals(2, quiesce("writers", "--socket", "/x", "--force"));
    assertTrue(err().contains("Unknown option: '--force'"), err());
    assertEquals("", out());
  }

  /**
   * Verifying a manifest of realistic entries (80 MiB, 200,000 entries) on a 48 MiB heap: refused
   * with the limit, in one line, not killed by an {@link OutOfMemoryError}.
   */
  @Test
  void onASmallHeapAHugeManifestIsRefusedInsteadOfRunningOutOfMemory() throws Exception {
    Path archive = backup();
    Path manifest = archive.resolve("manifest.json");
    String json = Files.readString(manifest);
    int start = json.indexOf('{', json.indexOf("\"files\" : ["));
    String entry = json.substring(start, json.indexOf('}', start) + 1);
    try (BufferedWriter w = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      w.write(json, 0, start);
      for (int i = 0; i < 200_000; i++) {
        w.write(i == 0 ? "" : ", ");
        w.write(entry.replace("\"archivePath\" : \"data/", "\"archivePath\" : \"data/" + i + "/"));
      }
      w.write("]\n}\n");
    }
    assertTrue(Files.size(manifest) > 64L << 20, "a manifest over the default limit");
    Path log = tmp.resolve("cli.log");
    Process cli =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "verify",
                "--archive",
                archive.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the command line finished");
    String output = Files.readString(log);
    assertEquals(1, cli.exitValue(), output);
    assertFalse(output.contains("OutOfMemoryError"), output);
    assertTrue(output.contains("bytes this Quiesce reads; refused before reading it"), output);
  }

  @Test
  void noDaemonIsAFailureThatSaysWhereAndLeavesNoArchive() {
    String none = tmp.resolve("none.sock").toString();
    assertEquals(1, quiesce("backup", "--socket", none, "--to", tmp.resolve("a").toString()));
    assertTrue(err().contains("cannot connect to a Quiesce daemon at " + none), err());
    assertFalse(Files.exists(tmp.resolve("a")), "no archive directory is left behind");
  }
}
