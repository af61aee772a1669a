package dev.quiesce.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.snapshot.CommandResult;
import dev.quiesce.runtime.snapshot.CommandRunner;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import dev.quiesce.runtime.snapshot.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's control copy counts a copy that fails as broken; it never ends the demo. */
class ControlCopyTest {
  @TempDir Path tmp;

  @Test
  void aProviderFailureIsAFailedCopyNotAnError() throws IOException {
    Path db = Files.createDirectories(tmp.resolve("live/bank"));
    SnapshotProvider failing =
        new SnapshotProvider() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
            throw new IOException(
                "cp exited with 1: cp: cannot stat '" + db.resolve("log/log7.dat") + "'");
          }
        };

    ControlCopy.Taken taken = ControlCopy.take(db, failing, tmp.resolve("control"));

    assertTrue(taken.failed());
    assertTrue(taken.failure().orElseThrow().contains("log7.dat"), taken.toString());
    assertFalse(Files.exists(tmp.resolve("control")));
  }

  @Test
  void aLogFileDerbyDeletesDuringTheCopyIsLeftOutAndCounted() throws IOException {
    Path db = Files.createDirectories(tmp.resolve("live/bank"));
    Files.createDirectories(db.resolve("log"));
    Files.writeString(db.resolve("seg0.dat"), "pages");
    Path log7 = Files.writeString(db.resolve("log/log7.dat"), "old log");
    ProcessCommandRunner real = new ProcessCommandRunner();
    assumeTrue(real.isInstalled("cp"), "cp is not on PATH: the cp path cannot run here");
    // Derby deletes the old log after the provider listed it and before cp copies it.
    CommandRunner derbyCheckpoints =
        new CommandRunner() {
          @Override
          public CommandResult run(List<String> command, Duration timeout) throws IOException {
            if (command.contains("--parents")) {
              Files.deleteIfExists(log7);
            }
            return real.run(command, timeout);
          }

          @Override
          public boolean isInstalled(String program) {
            return real.isInstalled(program);
          }
        };
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(tmp.resolve("shadow"))
            .commandRunner(derbyCheckpoints)
            .build();

    ControlCopy.Taken taken = ControlCopy.take(db, provider, tmp.resolve("control"));

    assertFalse(taken.failed(), taken.toString());
    assertEquals(1, taken.vanished());
    assertEquals("pages", Files.readString(tmp.resolve("control/seg0.dat")));
    assertFalse(Files.exists(tmp.resolve("control/log/log7.dat")));
  }
}
