package dev.quiesce.set;

import dev.quiesce.api.ShutdownCause;
import dev.quiesce.api.WriterEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link ChildSetMember} (or {@link ChildSetRequestor}) in a new JVM on this test's class path:
 * its output lines kept as they come, its writer's events parsed, its input for {@code hold} and
 * {@code release}, SIGKILL to end it.
 */
final class MemberJvm implements AutoCloseable {
  /** One event the child's writer saw. */
  record Event(WriterEvent event, String session, String set, String cause, Instant at) {
    Optional<ShutdownCause> shutdownCause() {
      return cause.equals("-") ? Optional.empty() : Optional.of(ShutdownCause.valueOf(cause));
    }
  }

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private MemberJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  synchronized (this) {
                    lines.add(line);
                    notifyAll();
                  }
                }
              } catch (IOException e) {
                synchronized (this) {
                  lines.add("READ FAILED " + e);
                  notifyAll();
                }
              }
            },
            "member-jvm-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static MemberJvm start(String name, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add(main.getName());
    command.addAll(List.of(args));
    return new MemberJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Starts a member application and waits until its daemon listens. */
  static MemberJvm member(Path dir, String name, String level, long windowMillis)
      throws IOException, InterruptedException {
    MemberJvm m =
        start(
            name,
            ChildSetMember.class,
            dir.resolve(name + ".sock").toString(),
            dir.resolve("data-" + name).toString(),
            name,
            level,
            Long.toString(windowMillis));
    m.awaitLine(l -> l.startsWith("listening"), Duration.ofSeconds(60));
    return m;
  }

  String name() {
    return name;
  }

  /** How many lines it printed so far: a mark for {@link #awaitEventAfter}. */
  synchronized int mark() {
    return lines.size();
  }

  /** Waits until a line matching {@code wanted} was printed; returns it. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    return awaitLine(0, wanted, timeout);
  }

  private synchronized String awaitLine(int from, Predicate<String> wanted, Duration timeout)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    int seen = from;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (wanted.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError(name + " printed no such line within " + timeout + ": " + lines);
      }
      wait(left);
    }
  }

  /** Waits for the writer's {@code event} in a session of set {@code set}. */
  Event awaitEvent(WriterEvent event, String set, Duration timeout) throws InterruptedException {
    return awaitEventAfter(0, event, set, timeout);
  }

  /** Waits for the writer's {@code event} printed after {@code mark}, of any set if null. */
  Event awaitEventAfter(int mark, WriterEvent event, String set, Duration timeout)
      throws InterruptedException {
    String line =
        awaitLine(
            mark,
            l -> {
              Optional<Event> e = parse(l);
              return e.isPresent()
                  && e.get().event() == event
                  && (set == null || e.get().set().equals(set));
            },
            timeout);
    return parse(line).orElseThrow();
  }

  /** Every event of the session of set {@code set}. */
  synchronized List<Event> eventsOf(String set) {
    String session =
        lines.stream()
            .map(MemberJvm::parse)
            .flatMap(Optional::stream)
            .filter(e -> e.set().equals(set))
            .map(Event::session)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError(name + " saw nothing of set " + set + ": " + lines));
    return lines.stream()
        .map(MemberJvm::parse)
        .flatMap(Optional::stream)
        .filter(e -> e.session().equals(session))
        .toList();
  }

  private static Optional<Event> parse(String line) {
    if (!line.startsWith("EVENT ")) {
      return Optional.empty();
    }
    String[] f = line.split(" ");
    long micros = Long.parseLong(f[5]);
    return Optional.of(
        new Event(
            WriterEvent.valueOf(f[1]),
            f[2],
            f[3],
            f[4],
            Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000)));
  }

  /** Sends a command line ({@code hold}, {@code release}) and waits for its answer. */
  void command(String command) throws IOException, InterruptedException {
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    awaitLine(l -> l.equals("OK " + command), Duration.ofSeconds(30));
  }

  /** SIGKILL: the process dies at once; the kernel closes its sockets. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
