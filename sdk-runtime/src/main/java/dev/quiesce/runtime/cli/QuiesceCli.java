package dev.quiesce.runtime.cli;

import dev.quiesce.api.BackupType;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.QuiescePolicy;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.RestoreResult;
import dev.quiesce.runtime.archive.TerminalProgress;
import dev.quiesce.runtime.backup.BackupApplication;
import dev.quiesce.runtime.backup.BackupReport;
import dev.quiesce.runtime.daemon.RemoteCoordinator;
import dev.quiesce.runtime.internal.PeerText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code quiesce}: the command-line requestor. It backs up and restores the writers of an
 * application that runs a {@code QuiesceDaemon}, through the daemon's socket; the archive is
 * written and read by this process. See {@link CliArguments#USAGE}.
 */
public final class QuiesceCli {
  /** Exit status: done. */
  static final int OK = 0;
  /** Exit status: the backup, restore or verification failed. */
  static final int FAILED = 1;
  /** Exit status: the command line is wrong. */
  static final int USAGE = 2;

  private final PrintStream out;
  private final PrintStream err;

  QuiesceCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new QuiesceCli(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit status. */
  int run(String... args) {
    CliArguments arguments;
    try {
      arguments = CliArguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("quiesce: " + PeerText.escape(e.getMessage()));
      err.println(CliArguments.USAGE);
      return USAGE;
    }
    try {
      return switch (arguments.command()) {
        case "writers" -> writers(arguments);
        case "backup" -> backup(arguments);
        case "restore" -> restore(arguments);
        case "verify" -> verify(arguments);
        default -> throw new IllegalArgumentException("unknown command " + arguments.command());
      };
    } catch (IllegalArgumentException e) {
      err.println("quiesce: " + PeerText.escape(e.getMessage()));
      err.println(CliArguments.USAGE);
      return USAGE;
    } catch (InvalidArchiveException e) {
      err.println("quiesce: " + PeerText.escape(e.getMessage()));
      return FAILED;
    } catch (IOException | QuiesceException | IllegalStateException e) {
      err.println("quiesce: " + arguments.command() + " failed: " + PeerText.escape(e.getMessage()));
      return FAILED;
    } catch (RuntimeException e) {
      // a bug, here or in the daemon: say what it was, without burying it in a stack trace
      err.println("quiesce: " + arguments.command() + " failed unexpectedly: " + PeerText.escape(e));
      return FAILED;
    }
  }

  private int writers(CliArguments a) throws IOException {
    try (RemoteCoordinator daemon = connect(a)) {
      for (WriterStatus s : daemon.writers()) {
        out.println(PeerText.escape(s));
      }
    }
    return OK;
  }

  private int backup(CliArguments a) throws IOException {
    BackupOptions options = BackupOptions.full();
    if (!a.all("writer").isEmpty()) {
      options = options.onlyWriters(a.all("writer").toArray(String[]::new));
    }
    Optional<String> type = a.optional("type");
    if (type.isPresent()) {
      options = options.withBackupType(backupType(type.get()));
    }
    if (a.flag("crash-consistent")) {
      options = options.onQuiesceFailure(QuiescePolicy.CONTINUE_CRASH_CONSISTENT);
    }
    Path archive = a.path("to");
    try (RemoteCoordinator daemon = connect(a)) {
      BackupReport report =
          new BackupApplication(daemon).backup(options, archive, TerminalProgress.on(out));
      Manifest m = report.manifest();
      out.printf(
          "backup %s: snapshot set %s, %s, writers frozen %d ms, %d files, %d bytes in %s%n",
          report.session(),
          m.snapshotSetId(),
          describe(m),
          m.timings().freezeWindow().toMillis(),
          m.files().size(),
          m.totalBytes(),
          archive.toAbsolutePath());
    }
    return OK;
  }

  private int restore(CliArguments a) throws IOException {
    Path archive = a.path("from");
    Optional<Path> target = a.optional("to").map(Path::of);
    try (RemoteCoordinator daemon = connect(a)) {
      RestoreResult result =
          new BackupApplication(daemon).restore(archive, target, TerminalProgress.on(out));
      out.printf(
          "restored snapshot set %s: %d files, %d bytes%s%s%n",
          result.manifest().snapshotSetId(),
          result.restored().size(),
          result.bytes(),
          result.skipped().isEmpty() ? "" : ", " + result.skipped().size() + " left as they were",
          target.map(t -> " under " + t.toAbsolutePath()).orElse(" to their original paths"));
    }
    return OK;
  }

  private int verify(CliArguments a) throws IOException {
    Manifest m = ArchiveVerifier.verify(a.path("archive"), ProgressListener.none());
    out.printf(
        "archive %s is whole: snapshot set %s, %d files, %d bytes, %s%n",
        a.path("archive").toAbsolutePath(),
        m.snapshotSetId(),
        m.files().size(),
        m.totalBytes(),
        describe(m));
    return OK;
  }

  private static String describe(Manifest m) {
    String status = m.outcome().status().toString().toLowerCase(Locale.ROOT).replace('_', '-');
    return m.outcome().reason().isBlank()
        ? status
        : status + " (" + PeerText.escape(m.outcome().reason()) + ")";
  }

  private static RemoteCoordinator connect(CliArguments a) throws IOException {
    return RemoteCoordinator.connect(a.path("socket"), "quiesce-cli");
  }

  private static BackupType backupType(String name) {
    try {
      return BackupType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--type " + name + " is not one of " + java.util.Arrays.toString(BackupType.values()));
    }
  }
}
