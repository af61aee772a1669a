package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.runtime.snapshot.Fragmentation.Fragmented;
import dev.quiesce.runtime.snapshot.Fragmentation.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy provider's clone path end to end when the defragmenter fails or is missing: prepare
 * warns and the take still copies the data as it is at the take. The shadow root's filesystem is
 * made to look as if it clones (the reflink probe is answered yes, {@code filefrag} and {@code
 * xfs_fsr} from a script); the copy is the real GNU {@code cp}.
 */
class FragmentedClonePrepareTest {
  @TempDir Path tmp;
  private Path data;
  private Path shadow;
  private Path table;
  private final SnapshotSetId id = SnapshotSetId.random();

  @BeforeEach
  void makeData() throws IOException {
    assumeTrue(
        CpFileCopier.isAvailable(new ProcessCommandRunner()),
        "GNU cp is not on PATH: the clone path cannot run here");
    data = Files.createDirectories(tmp.resolve("data"));
    shadow = Files.createDirectories(tmp.resolve("shadow"));
    table = Files.write(data.resolve("table.dat"), bytes(64 * 1024, 1));
  }

  /** Real {@code cp}, except the reflink probe; {@code filefrag} and defragmenters scripted. */
  private static final class PretendClones implements CommandRunner {
    private final ProcessCommandRunner real = new ProcessCommandRunner();
    private final ScriptedDefragRunner script;

    PretendClones(ScriptedDefragRunner script) {
      this.script = script;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
      if (command.get(0).equals("cp")) {
        return command.contains("--reflink=always")
            ? FakeCommandRunner.ok(command, "")
            : real.run(command, timeout);
      }
      return script.run(command, timeout);
    }

    @Override
    public boolean isInstalled(String program) {
      return program.equals("cp") ? real.isInstalled(program) : script.isInstalled(program);
    }
  }

  private CopySnapshotProvider provider(ScriptedDefragRunner script) {
    return CopySnapshotProvider.builder()
        .shadowRoot(shadow)
        .commandRunner(new PretendClones(script))
        .fileSystemType(file -> "xfs")
        .fragmentationWarning(1024, 100)
        .build();
  }

  private void assertPrepareWarnsAndTheTakeCopies(ScriptedDefragRunner script) throws IOException {
    CopySnapshotProvider provider = provider(script);
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertEquals(
          List.of(new Fragmented(table, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)),
          ((CopyPreparation) preparation).fragmented());
      byte[] atTheFreeze = bytes(64 * 1024, 2);
      Files.write(table, atTheFreeze);
      try (Snapshot snapshot = provider.take(id, List.of(data))) {
        assertArrayEquals(atTheFreeze, Files.readAllBytes(snapshot.pathOf(table)));
      }
    }
  }

  @Test
  void aFailingDefragmenterIsAWarningAndTheTakeProceeds() throws IOException {
    assertPrepareWarnsAndTheTakeCopies(
        new ScriptedDefragRunner()
            .defragmenter(
                command -> {
                  throw new IOException(
                      "`" + String.join(" ", command) + "` did not finish within PT10M");
                }));
  }

  @Test
  void aMissingDefragmenterIsAWarningAndTheTakeProceeds() throws IOException {
    ScriptedDefragRunner script = new ScriptedDefragRunner();
    script.installed.remove("xfs_fsr");
    assertPrepareWarnsAndTheTakeCopies(script);
    assertEquals(
        List.of("filefrag " + table, "filefrag -v " + table),
        script.commandLines(),
        "xfs_fsr is never run");
  }

  @Test
  void theOptionTurnsDefragmentingOff() throws IOException {
    ScriptedDefragRunner script = new ScriptedDefragRunner();
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadow)
            .commandRunner(new PretendClones(script))
            .fileSystemType(file -> "xfs")
            .fragmentationWarning(1024, 100)
            .leaveFragmentedFiles()
            .build();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      assertEquals(
          List.of(new Fragmented(table, 70_548, Outcome.LEFT, 70_548)),
          ((CopyPreparation) preparation).fragmented());
    }
    assertEquals(List.of("filefrag " + table), script.commandLines());
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
