package dev.quiesce.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class of this test's class path run in a new JVM, watched through its output, ended by signal.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path out;

  private ChildJvm(Process process, Path out) {
    this.process = process;
    this.out = out;
  }

  static ChildJvm start(Path dir, Class<?> main, String... args) throws IOException {
    Files.createDirectories(dir);
    Path out = dir.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add(main.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(
                dir.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".err").toFile())
            .start();
    return new ChildJvm(p, out);
  }

  /** Waits (bounded) until the child printed {@code line}. */
  void awaitLine(String line, Duration limit) {
    Poll.until(
        "the child printed " + line,
        limit,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "the child exited with " + process.exitValue() + ": " + output());
          }
          return output().lines().anyMatch(line::equals);
        });
  }

  String output() {
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** SIGKILL: the child dies at once, closing nothing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Sends {@code signal} (STOP, CONT) with {@code kill}. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
