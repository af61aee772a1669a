package dev.quiesce.examples.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.EventContext;
import dev.quiesce.api.FreezeContext;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.archive.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the writer refuses, against a real server: a configuration whose backups could not be
 * restored is refused at PrepareBackup naming what to change, and a backup the server aborted under
 * it (its connection killed) vetoes the snapshot set instead of leaving a copy without a label.
 * After each, the next backup works.
 */
class PostgresRefusalTest {
  @Test
  void unrestorableConfigurationsAreRefusedUpFrontAndALostBackupIsVetoed() throws Exception {
    try (PostgresFixture f = PostgresFixture.start(Optional.empty())) {
      PostgresCluster cluster = f.live.cluster();

      execute(cluster, "ALTER SYSTEM SET archive_command = 'cp %p /nowhere/%f'");
      execute(cluster, "SELECT pg_reload_conf()");
      QuiesceException wrongArchive = assertThrows(QuiesceException.class, () -> backup(f, "a"));
      assertTrue(
          wrongArchive
              .getMessage()
              .contains("archive_command must copy each segment into " + cluster.walArchive()),
          wrongArchive.getMessage());
      assertFalse(Files.exists(f.base.resolve("a").resolve("manifest.json")));
      execute(cluster, "ALTER SYSTEM RESET archive_command");
      execute(cluster, "SELECT pg_reload_conf()");

      Path location = f.live.newDirectory("tablespace");
      execute(cluster, "CREATE TABLESPACE elsewhere LOCATION '" + location + "'");
      QuiesceException tablespace = assertThrows(QuiesceException.class, () -> backup(f, "b"));
      assertTrue(
          tablespace.getMessage().contains("the cluster has tablespaces [elsewhere]"),
          tablespace.getMessage());
      execute(cluster, "DROP TABLESPACE elsewhere");

      f.coordinator.unsubscribe(f.writer);
      f.coordinator.subscribe(
          new KillsBackupBeforeFreeze(new PostgresWriter_Dispatcher(), cluster), f.writer);
      QuiesceException lost = assertThrows(QuiesceException.class, () -> backup(f, "c"));
      assertTrue(lost.getMessage().contains("the server aborted the backup"), lost.getMessage());
      assertEquals(0, writerConnections(cluster), "the writer closed its backup's connection");

      f.coordinator.unsubscribe(f.writer);
      f.coordinator.subscribe(new PostgresWriter_Dispatcher(), f.writer);
      backup(f, "d"); // the server is fine again
    }
  }

  private static void backup(PostgresFixture f, String name) throws Exception {
    f.app.backup(BackupOptions.full(), f.base.resolve(name), ProgressListener.none());
  }

  private static void execute(PostgresCluster cluster, String sql) throws SQLException {
    try (Connection c = cluster.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Connections other than this one that ran the writer's backup calls. */
  private static long writerConnections(PostgresCluster cluster) throws SQLException {
    try (Connection c = cluster.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND query LIKE 'SELECT pg_backup_st%'")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Before the writer's Freeze, terminates the server process that runs its base backup. */
  private static final class KillsBackupBeforeFreeze implements WriterDispatcher<PostgresWriter> {
    private final WriterDispatcher<PostgresWriter> delegate;
    private final PostgresCluster cluster;

    KillsBackupBeforeFreeze(WriterDispatcher<PostgresWriter> delegate, PostgresCluster cluster) {
      this.delegate = delegate;
      this.cluster = cluster;
    }

    @Override
    public WriterDescriptor descriptor() {
      return delegate.descriptor();
    }

    @Override
    public void dispatch(PostgresWriter writer, EventContext context, SessionRecord session)
        throws Exception {
      if (context instanceof FreezeContext) {
        try (Connection c = cluster.connect();
            Statement s = c.createStatement();
            ResultSet r =
                s.executeQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE query LIKE 'SELECT pg_backup_start%'")) {
          r.next();
          assertEquals(1, r.getLong(1), "one backend ran the writer's pg_backup_start");
        }
      }
      delegate.dispatch(writer, context, session);
    }
  }
}
