package dev.quiesce.benchmarks.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CrashChild} in its own JVM, on this JVM's class path, started for a quick start (C1
 * only, the default CDS archive, serial GC): a kill per round means a JVM per round. Its standard
 * output carries {@code ready}; its standard error goes to a log file, named in every failure.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Writer stdin;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "crash-child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Path log, String... args) {
    return start(CrashChild.class, log, args);
  }

  /**
   * Starts {@code main} in a child JVM on this JVM's class path, its standard error to {@code log}.
   * Its first line of output must be {@code ready}; {@link #go()} writes {@code go} to its input.
   */
  public static ChildJvm start(Class<?> main, Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-XX:+UseSerialGC");
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
      return new ChildJvm(p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + command, e);
    }
  }

  /** Reads the child's output: its first line is {@code ready}; the rest is drained, unused. */
  private void readOutput() {
    try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
      String line = out.readLine();
      if ("ready".equals(line)) {
        ready.complete(null);
      } else {
        ready.completeExceptionally(
            new IllegalStateException(failure("said " + line + " instead of ready")));
      }
      while (out.readLine() != null) {
        // drained so the child never blocks on a full pipe
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  /** Waits until the child is connected and waiting for {@code go}. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(failure("failed before it was ready"), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(failure("was not ready within " + timeout));
    }
  }

  public void go() {
    try {
      stdin.write("go\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(failure("could not be told to go"), e);
    }
  }

  /** SIGKILL: the process dies without running anything, and the kernel closes its sockets. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the killed process to be reaped. */
  public void reap(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(failure("did not exit within " + timeout + " of SIGKILL"));
    }
  }

  /**
   * The process's resident memory in MiB from {@code /proc/<pid>/status}, -1 where there is none:
   * the kernel frees it before it closes a killed process's sockets, so it is part of every sample.
   */
  public double residentMiB() {
    try {
      Path status = Path.of("/proc", Long.toString(process.pid()), "status");
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public String failure(String what) {
    String output;
    try {
      output = Files.readString(log);
    } catch (IOException e) {
      output = "(unreadable: " + e + ")";
    }
    return "child JVM " + process.pid() + " " + what + "; its log " + log + ":\n" + output;
  }

  /** Kills the process if it still runs and reaps it, keeping an interrupt for the caller. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
