package dev.quiesce.runtime.snapshot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands with {@link ProcessBuilder}: no shell, standard input closed, standard output and
 * error captured (through temporary files, so a chatty command can never block on a full pipe), and
 * a bounded wait after which the process is killed.
 */
public final class ProcessCommandRunner implements CommandRunner {
  private static final int MAX_CAPTURED_CHARS = 16 * 1024;

  private final String path;

  /** A runner that looks programs up in this process's {@code PATH}. */
  public ProcessCommandRunner() {
    this(System.getenv().getOrDefault("PATH", ""));
  }

  /** A runner that looks programs up in {@code path} (a {@code PATH}-style list). */
  public ProcessCommandRunner(String path) {
    this.path = path;
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout) throws IOException {
    return run(command, timeout, line -> {});
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout, Consumer<String> lines)
      throws IOException {
    Path out = Files.createTempFile("quiesce-cmd-", ".out");
    Path err = Files.createTempFile("quiesce-cmd-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().put("LC_ALL", "C");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IOException(
            "cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
      }
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
          throw new IOException(
              "`"
                  + String.join(" ", command)
                  + "` did not finish within "
                  + timeout
                  + " and was killed; stderr: "
                  + read(err));
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException(
                "interrupted while waiting for `" + String.join(" ", command) + "`; killed it");
        interrupted.initCause(e);
        throw interrupted;
      }
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(Files.newInputStream(out), StandardCharsets.UTF_8))) {
        reader.lines().forEach(lines);
      }
      return new CommandResult(command, process.exitValue(), read(out), read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public boolean isInstalled(String program) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return text.length() <= MAX_CAPTURED_CHARS
        ? text
        : text.substring(0, MAX_CAPTURED_CHARS) + "... (truncated)";
  }
}
