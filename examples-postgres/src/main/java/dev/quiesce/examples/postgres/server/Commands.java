package dev.quiesce.examples.postgres.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's programs. PostgreSQL refuses to run as root, so as root every program runs as
 * the {@code postgres} user (through {@code runuser}), and the files it must own are given to it.
 */
final class Commands {
  /** The operating-system user a cluster runs as when this process is root. */
  static final String SERVER_USER = "postgres";

  private static final long TIMEOUT_SECONDS = 120;

  private Commands() {}

  /** Whether this process runs as root (and so must hand the server to {@link #SERVER_USER}). */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Runs {@code command} (as {@link #SERVER_USER} when root), its output in {@code log}.
   *
   * @throws IOException if it cannot start, times out or exits non-zero; the message has its output
   */
  static void run(Path log, List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
    }
    full.addAll(command);
    Process process =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s; see " + log);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + tail(log));
    }
  }

  /** Gives {@code root} and everything under it to the server user, when this process is root. */
  static void handOver(Path root) throws IOException {
    if (!isRoot()) {
      return;
    }
    UserPrincipal owner =
        root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
    try (var all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setOwner(p, owner);
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
