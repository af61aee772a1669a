package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @BeforeEach
  void needsAShell() {
    assumeTrue(runner.isInstalled("sh"), "no sh on PATH: cannot run test commands");
  }

  @Test
  void capturesExitCodeAndBothStreams() throws IOException {
    CommandResult result =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
    assertEquals(3, result.exitCode());
    assertEquals("out\n", result.stdout());
    assertEquals("err\n", result.stderr());
    IOException e = assertThrows(IOException.class, () -> result.requireSuccess("testing"));
    assertEquals(
        "testing failed: `sh -c echo out; echo err >&2; exit 3` exited with 3: err",
        e.getMessage());
  }

  @Test
  void handsOverEveryLineOfAnOutputTooLongToKeep() throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    CommandResult result =
        runner.run(
            List.of(
                "sh", "-c", "i=0; while [ $i -lt 5000 ]; do echo \"line $i\"; i=$((i+1)); done"),
            Duration.ofSeconds(30),
            lines::add);
    assertTrue(result.succeeded(), result.stderr());
    assertEquals(5000, lines.size());
    assertEquals("line 0", lines.get(0));
    assertEquals("line 4999", lines.get(4999));
    assertTrue(result.stdout().endsWith("(truncated)"), "the kept output is cut to a size");
  }

  @Test
  void killsACommandThatOverrunsItsTimeout() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                runner.run(
                    List.of("sh", "-c", "echo stuck >&2; exec sleep 30"), Duration.ofMillis(300)));
    assertTrue(
        e.getMessage().contains("did not finish within PT0.3S and was killed"), e.getMessage());
    assertTrue(e.getMessage().contains("stuck"), e.getMessage());
  }

  @Test
  void saysWhenAProgramCannotBeStarted() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> runner.run(List.of("quiesce-no-such-program"), Duration.ofSeconds(5)));
    assertTrue(e.getMessage().startsWith("cannot run `quiesce-no-such-program`"), e.getMessage());
    assertFalse(runner.isInstalled("quiesce-no-such-program"));
  }
}
