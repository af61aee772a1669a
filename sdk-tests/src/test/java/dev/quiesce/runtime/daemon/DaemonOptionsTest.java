package dev.quiesce.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DaemonOptionsTest {
  private final DaemonOptions options = DaemonOptions.at(Path.of("q.sock"));

  @Test
  void theDefaultsBoundWhatAPeerCosts() {
    assertEquals(DaemonGuardTest.DEFAULT_MAX_CONNECTIONS, options.maxConnections());
    assertEquals(DaemonGuardTest.DEFAULT_MAX_CALLS_IN_FLIGHT, options.maxCallsInFlight());
    assertEquals(Duration.ofSeconds(10), options.helloTimeout());
    assertEquals(4 << 20, options.maxFrameBytes());
    assertEquals(3, options.withMaxConnections(3).maxConnections());
    assertEquals(2, options.withMaxCallsInFlight(2).maxCallsInFlight());
    assertEquals(
        Duration.ofSeconds(1), options.withHelloTimeout(Duration.ofSeconds(1)).helloTimeout());
  }

  @Test
  void limitsThatCouldNotWorkAreRefusedSayingWhy() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> options.withMaxConnections(0))
            .getMessage()
            .contains("maxConnections must be at least 1"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> options.withMaxCallsInFlight(1))
            .getMessage()
            .contains("abort must overtake"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> options.withHelloTimeout(Duration.ofMillis(5)))
            .getMessage()
            .contains("helloTimeout must be at least 100 ms"));
  }
}
