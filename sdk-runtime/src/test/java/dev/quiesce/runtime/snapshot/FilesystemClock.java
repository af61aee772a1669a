package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** The filesystem's clock, for tests that run with a zero clock margin. */
final class FilesystemClock {
  private FilesystemClock() {}

  /**
   * Waits (a bounded poll, well under a second: one kernel clock tick) until a write in {@code dir}
   * gets a ctime after {@code instant}. A test's zero clock margin relies on it; the provider's
   * default margin of 2 s is what covers this tick in real use.
   */
  static void awaitPast(Path dir, Instant instant) throws IOException {
    Path probe = dir.resolve("clock-probe");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Files.writeString(probe, "tick");
      FileTime ctime = (FileTime) Files.getAttribute(probe, "unix:ctime");
      if (ctime.toInstant().isAfter(instant)) {
        Files.delete(probe);
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the filesystem clock did not pass " + instant);
    }
  }
}
