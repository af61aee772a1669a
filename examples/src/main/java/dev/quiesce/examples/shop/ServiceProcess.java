package dev.quiesce.examples.shop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link ShopService} in a JVM of its own, on this JVM's class path: its output lines go to a
 * handler, its input takes lines, and it is stopped by {@code STOP}.
 */
final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final OutputStream in;
  private final AtomicLong last = new AtomicLong();
  private final Object ready = new Object();
  private boolean isReady;
  private final List<String> other = new ArrayList<>();

  private ServiceProcess(Process process, Consumer<String> counted) {
    this.process = process;
    this.in = process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  int space = line.indexOf(' ');
                  String word = space < 0 ? line : line.substring(0, space);
                  switch (word) {
                    case "ORDER", "SHIPPED" -> {
                      last.set(Long.parseLong(line.substring(space + 1)));
                      counted.accept(line);
                    }
                    case "READY" -> {
                      synchronized (ready) {
                        isReady = true;
                        ready.notifyAll();
                      }
                    }
                    default -> {
                      synchronized (other) {
                        other.add(line);
                      }
                    }
                  }
                }
              } catch (IOException e) {
                synchronized (other) {
                  other.add("reading its output failed: " + e);
                }
              }
              synchronized (ready) {
                ready.notifyAll();
              }
            },
            "shop-service-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ServiceProcess start(ShopDb.Role role, Path dir, Path socket, Consumer<String> counted)
      throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            ShopService.class.getName(),
            role.name(),
            dir.toString(),
            socket.toString());
    Process p =
        new ProcessBuilder(command).redirectError(dir.resolve("service.log").toFile()).start();
    return new ServiceProcess(p, counted);
  }

  /** Waits until its daemon listens. */
  void awaitReady(long seconds) throws InterruptedException, IOException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (ready) {
      while (!isReady) {
        long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
        if (left <= 0 || !process.isAlive()) {
          throw new IOException("the service did not start: " + otherLines());
        }
        ready.wait(Math.min(left, 200));
      }
    }
  }

  /** The last order placed, or shipment recorded. */
  long last() {
    return last.get();
  }

  synchronized void send(String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  String otherLines() {
    synchronized (other) {
      return String.join("; ", other);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      send("STOP");
      in.close();
    } catch (IOException e) {
      // it is gone already
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new IOException("the service did not stop within a minute; killed");
    }
  }
}
