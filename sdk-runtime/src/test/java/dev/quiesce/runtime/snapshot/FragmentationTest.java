package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiesce.runtime.snapshot.Fragmentation.Fragmented;
import dev.quiesce.runtime.snapshot.Fragmentation.Outcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the copy provider's prepare step does with a file too fragmented to clone quickly, with
 * {@code filefrag} and the defragmenters answered from a script ({@link ScriptedDefragRunner}, with
 * output recorded from the real {@code filefrag -v}): the command lines it runs, and that a shared
 * file is left alone and a defragmenter that is missing, fails, hangs or does not help is a warning
 * and nothing more. {@code RealFilesystemTest} runs the real tools on XFS and btrfs.
 */
class FragmentationTest {
  private static final long MIN_BYTES = 1024;
  private static final long MAX_EXTENTS = 1000;

  @TempDir Path tmp;
  private Path big;
  private Path small;
  private final ScriptedDefragRunner runner = new ScriptedDefragRunner();

  @BeforeEach
  void makeFiles() throws IOException {
    big = Files.write(tmp.resolve("big.dat"), new byte[2048]);
    small = Files.write(tmp.resolve("small.dat"), new byte[10]);
  }

  private Fragmentation fragmentation(String fileSystemType, boolean defragment) {
    Filefrag filefrag = new Filefrag(runner);
    Defragmentation defragmentation =
        new Defragmentation(
            runner, filefrag, file -> fileSystemType, Duration.ofSeconds(30), MAX_EXTENTS);
    return new Fragmentation(filefrag, MIN_BYTES, MAX_EXTENTS, defragmentation, defragment);
  }

  private List<Fragmented> check(String fileSystemType) throws IOException {
    return fragmentation(fileSystemType, true).check(List.of(big, small));
  }

  @Test
  void anUnsharedFragmentedFileOnXfsIsDefragmentedWithXfsFsrAndCountedAgain() throws IOException {
    assertEquals(List.of(new Fragmented(big, 70_548, Outcome.DEFRAGMENTED, 1)), check("xfs"));
    assertEquals(
        List.of("filefrag " + big, "filefrag -v " + big, "xfs_fsr -v " + big, "filefrag -s " + big),
        runner.commandLines(),
        "the small file is not looked at");
  }

  @Test
  void anUnsharedFragmentedFileOnBtrfsIsDefragmentedAndFlushed() throws IOException {
    runner.verbose("btrfs-unshared");
    assertEquals(List.of(new Fragmented(big, 70_548, Outcome.DEFRAGMENTED, 1)), check("btrfs"));
    assertEquals(
        List.of(
            "filefrag " + big,
            "filefrag -v " + big,
            "btrfs filesystem defragment -f " + big,
            "filefrag -s " + big),
        runner.commandLines());
  }

  @Test
  void aFileSharingExtentsWithACopyOrSnapshotIsNotDefragmented() throws IOException {
    for (String recorded : List.of("xfs-shared", "xfs-partly-shared")) {
      ScriptedDefragRunner shared = new ScriptedDefragRunner().verbose(recorded);
      Filefrag filefrag = new Filefrag(shared);
      Fragmentation fragmentation =
          new Fragmentation(
              filefrag,
              MIN_BYTES,
              MAX_EXTENTS,
              new Defragmentation(
                  shared, filefrag, file -> "xfs", Duration.ofSeconds(30), MAX_EXTENTS),
              true);
      assertEquals(
          List.of(new Fragmented(big, 70_548, Outcome.SHARED, 70_548)),
          fragmentation.check(List.of(big)),
          recorded);
      assertEquals(
          List.of("filefrag " + big, "filefrag -v " + big), shared.commandLines(), recorded);
    }
    runner.verbose("btrfs-snapshot-shared");
    assertEquals(List.of(new Fragmented(big, 70_548, Outcome.SHARED, 70_548)), check("btrfs"));
  }

  @Test
  void aFileWhoseSharingCannotBeReadIsNotDefragmented() throws IOException {
    runner.verbose(null);
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)), check("xfs"));
    assertEquals(List.of("filefrag " + big, "filefrag -v " + big), runner.commandLines());
  }

  @Test
  void aMissingDefragmenterIsAWarning() throws IOException {
    runner.installed.remove("xfs_fsr");
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)), check("xfs"));
    assertEquals(List.of("filefrag " + big, "filefrag -v " + big), runner.commandLines());
  }

  @Test
  void aFailingDefragmenterIsAWarning() throws IOException {
    runner.defragmenter(
        command -> FakeCommandRunner.failed(command, "xfs_fsr: could not open: Permission denied"));
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)), check("xfs"));
    assertEquals(3, runner.commandLines().size(), "not counted again: " + runner.commandLines());
  }

  @Test
  void aDefragmenterKilledAtItsTimeoutIsAWarning() throws IOException {
    runner.defragmenter(
        command -> {
          throw new IOException(
              "`xfs_fsr -v " + big + "` did not finish within PT30S and was killed");
        });
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)), check("xfs"));
  }

  @Test
  void aFileStillFragmentedAfterTheDefragmenterIsAWarning() throws IOException {
    runner.counts(70_548, 5_000);
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.STILL_FRAGMENTED, 5_000)), check("xfs"));
  }

  @Test
  void anXfsFsrThatCannotWorkButExitsWithZeroLeavesTheFileStillFragmented() throws IOException {
    runner.defragmenter(
        command ->
            new CommandResult(
                command, 0, "", "xfs_fsr: cannot defragment: " + big + ": Not XFS\n"));
    runner.counts(70_548);
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.STILL_FRAGMENTED, 70_548)), check("xfs"));
  }

  @Test
  void aFileGoneBeforeItsDefragmentationIsLeftOut() throws IOException {
    Filefrag filefrag = new Filefrag(runner);
    Defragmentation defragmentation =
        new Defragmentation(
            runner,
            filefrag,
            file -> {
              throw new NoSuchFileException(file.toString());
            },
            Duration.ofSeconds(30),
            MAX_EXTENTS);
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)),
        new Fragmentation(filefrag, MIN_BYTES, MAX_EXTENTS, defragmentation, true)
            .check(List.of(big)));
    assertEquals(List.of("filefrag " + big), runner.commandLines(), "nothing more is run");
  }

  @Test
  void aFilesystemWithoutAKnownDefragmenterGetsOnlyTheWarning() throws IOException {
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.NOT_DEFRAGMENTED, 70_548)), check("bcachefs"));
    assertEquals(List.of("filefrag " + big), runner.commandLines());
  }

  @Test
  void withDefragmentingTurnedOffFilesAreOnlyWarnedOf() throws IOException {
    assertEquals(
        List.of(new Fragmented(big, 70_548, Outcome.LEFT, 70_548)),
        fragmentation("xfs", false).check(List.of(big, small)));
    assertEquals(List.of("filefrag " + big), runner.commandLines());
  }

  @Test
  void anInterruptStopsThePrepareStep() {
    runner.defragmenter(
        command -> {
          throw new InterruptedIOException("interrupted while waiting for xfs_fsr; killed it");
        });
    assertThrows(InterruptedIOException.class, () -> check("xfs"));
  }

  @Test
  void filesUnderTheLimitsAndFilesNotCountedAreLeftAlone() throws IOException {
    runner.counts(MAX_EXTENTS);
    assertEquals(List.of(), check("xfs"));
    assertEquals(List.of("filefrag " + big), runner.commandLines(), "at the limit is not over");

    ScriptedDefragRunner failing = new ScriptedDefragRunner().countsFail();
    Filefrag filefrag = new Filefrag(failing);
    Fragmentation fragmentation =
        new Fragmentation(
            filefrag,
            MIN_BYTES,
            MAX_EXTENTS,
            new Defragmentation(
                failing, filefrag, file -> "xfs", Duration.ofSeconds(30), MAX_EXTENTS),
            true);
    assertEquals(List.of(), fragmentation.check(List.of(big)), "a count that fails is skipped");

    FakeCommandRunner none = new FakeCommandRunner(Set.of(), command -> null);
    Filefrag absent = new Filefrag(none);
    assertEquals(
        List.of(),
        new Fragmentation(
                absent,
                MIN_BYTES,
                MAX_EXTENTS,
                new Defragmentation(none, absent, file -> "xfs", Duration.ofSeconds(30), 1000),
                true)
            .check(List.of(big)));
    assertEquals(List.of(), none.commandLines(), "no filefrag, nothing run");
  }
}
