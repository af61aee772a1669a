package dev.quiesce.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiesce backup} with several sockets writes one set archive that {@code verify}, {@code
 * describe} and {@code restore --member} understand; a tampered part is refused.
 */
class SetCommandTest {
  @TempDir Path tmp;
  private final List<OrdersStore> stores = new ArrayList<>();
  private final List<QuiesceDaemon> daemons = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void twoApplications() throws Exception {
    for (String name : List.of("orders", "shipments")) {
      Path data = Files.createDirectories(tmp.resolve("live/" + name));
      Files.writeString(data.resolve("a.db"), name);
      OrdersStore store = new OrdersStore(data);
      Coordinator coordinator =
          Guice.createInjector(
                  Stage.PRODUCTION,
                  QuiesceModule.builder()
                      .snapshotProvider(new CopySnapshotProvider(tmp.resolve("shadow-" + name)))
                      .build(),
                  WritersModule.of(OrdersWriter.class),
                  binder -> binder.bind(OrdersStore.class).toInstance(store))
              .getInstance(Coordinator.class);
      stores.add(store);
      daemons.add(QuiesceDaemon.start(coordinator, DaemonOptions.at(tmp.resolve(name + ".sock"))));
    }
  }

  @AfterEach
  void stop() {
    daemons.forEach(QuiesceDaemon::close);
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

  private Path backupSet() {
    Path set = tmp.resolve("set");
    assertEquals(
        0,
        quiesce(
            "backup",
            "--socket",
            daemons.get(0).socket().toString(),
            "--socket",
            daemons.get(1).socket().toString(),
            "--to",
            set.toString()),
        err());
    return set;
  }

  @Test
  void aSetBackupIsVerifiedDescribedAndRestoredMemberByMember() throws Exception {
    Path set = backupSet();
    assertTrue(out().contains("over 2 applications"), out());
    assertTrue(
        out().contains("  orders: quiesced") && out().contains("  shipments: quiesced"), out());
    for (OrdersStore store : stores) {
      assertEquals(
          List.of(
              WriterEvent.IDENTIFY,
              WriterEvent.FREEZE,
              WriterEvent.THAW,
              WriterEvent.BACKUP_COMPLETE,
              WriterEvent.BACKUP_SHUTDOWN),
          store.events);
    }
    assertTrue(Files.isRegularFile(set.resolve("set-manifest.json")));
    assertTrue(Files.isRegularFile(set.resolve("parts/orders/manifest.json")));

    assertEquals(0, quiesce("verify", "--archive", set.toString()), err());
    assertTrue(out().contains("is whole") && out().contains("2 parts"), out());

    assertEquals(0, quiesce("describe", "--archive", set.toString()), err());
    assertTrue(out().contains("== part shipments"), out());
    assertEquals(0, quiesce("describe", "--archive", set.toString(), "--json"), err());
    JsonNode json = new JsonMapper().readTree(out());
    assertEquals("local", json.get("kind").asText());
    assertEquals("orders", json.get("parts").get(0).get("member").asText());
    assertEquals(
        json.get("snapshotSet"), json.get("parts").get(1).get("archive").get("snapshotSet"));

    Path target = tmp.resolve("restored");
    String socket = daemons.get(1).socket().toString();
    assertEquals(
        2,
        quiesce(
            "restore", "--socket", socket, "--from", set.toString(), "--to", target.toString()));
    assertTrue(err().contains("--member NAME, one of [orders, shipments]"), err());
    assertEquals(
        0,
        quiesce(
            "restore",
            "--socket",
            socket,
            "--from",
            set.toString(),
            "--member",
            "shipments",
            "--to",
            target.toString()),
        err());
    Path live = stores.get(1).directory;
    Path copy = target.resolve(live.getRoot().relativize(live).toString());
    assertEquals("shipments", Files.readString(copy.resolve("a.db")));
  }

  @Test
  void aTamperedPartFailsTheWholeSet() throws Exception {
    Path set = backupSet();
    Path manifest = set.resolve("parts/orders/manifest.json");
    Files.writeString(manifest, Files.readString(manifest) + "\n");
    assertEquals(1, quiesce("verify", "--archive", set.toString()));
    assertTrue(err().contains("part 'orders'") && err().contains("tampered"), err());
    assertEquals(
        1,
        quiesce(
            "restore",
            "--socket",
            daemons.get(1).socket().toString(),
            "--from",
            set.toString(),
            "--member",
            "shipments",
            "--to",
            tmp.resolve("r").toString()));
  }

  @Test
  void membersAreNamedAfterTheirSocketsOrExplicitlyAndNeverTwice() throws Exception {
    Path twin = Files.createDirectories(tmp.resolve("other")).resolve("orders.sock");
    assertEquals(
        2,
        quiesce(
            "backup",
            "--socket",
            daemons.get(0).socket().toString(),
            "--socket",
            twin.toString(),
            "--to",
            tmp.resolve("never").toString()));
    assertTrue(err().contains("two sockets give the member name 'orders'"), err());
    assertTrue(!Files.exists(tmp.resolve("never")), "nothing written for a usage error");

    Path set = tmp.resolve("named");
    assertEquals(
        0,
        quiesce(
            "backup",
            "--socket",
            "left=" + daemons.get(0).socket(),
            "--socket",
            "right=" + daemons.get(1).socket(),
            "--to",
            set.toString()),
        err());
    assertTrue(Files.isRegularFile(set.resolve("parts/left/manifest.json")));
    assertTrue(Files.isRegularFile(set.resolve("parts/right/manifest.json")));
  }
}
