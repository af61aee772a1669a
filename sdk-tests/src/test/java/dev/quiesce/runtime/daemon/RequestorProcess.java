package dev.quiesce.runtime.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link ChildRequestor} in a new JVM on this test's class path, and ends it by signal. */
final class RequestorProcess implements AutoCloseable {
  private final Process process;

  private RequestorProcess(Process process) {
    this.process = process;
  }

  static RequestorProcess start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add(ChildRequestor.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new RequestorProcess(p);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the process dies at once, the kernel closes its sockets. */
  void kill() {
    process.destroyForcibly();
  }

  /** SIGSTOP: the process stops without closing anything, like a hung requestor. */
  void stop() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -STOP " + process.pid() + " failed");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
