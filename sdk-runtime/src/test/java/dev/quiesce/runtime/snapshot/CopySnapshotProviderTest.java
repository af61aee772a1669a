package dev.quiesce.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopySnapshotProviderTest {
  private static final FileTime OLD = FileTime.from(Instant.parse("2024-03-01T10:15:30Z"));

  @TempDir Path tmp;
  private Path data;
  private Path shadowRoot;
  private final SnapshotSetId id = SnapshotSetId.random();

  @BeforeEach
  void makeTree() throws IOException {
    data = tmp.resolve("data");
    shadowRoot = tmp.resolve("shadow");
    Files.createDirectories(data.resolve("db/logs"));
    Files.writeString(data.resolve("db/orders.db"), "orders table\n");
    Files.write(data.resolve("db/logs/0001.log"), new byte[100_000]);
    Files.writeString(data.resolve("empty.txt"), "");
    Files.writeString(data.resolve("name with spaces & 'quotes'.txt"), "odd name");
    for (Path p :
        List.of(
            data.resolve("db/orders.db"),
            data.resolve("db/logs/0001.log"),
            data.resolve("empty.txt"),
            data.resolve("db/logs"),
            data.resolve("db"))) {
      Files.setLastModifiedTime(p, OLD);
    }
  }

  @Test
  void copiesTheTreeFaithfullyWithCp() throws IOException {
    assumeTrue(
        CpFileCopier.isAvailable(new ProcessCommandRunner()),
        "GNU cp is not on PATH: the cp path cannot run here");
    assertFaithfulCopy(new CopySnapshotProvider(shadowRoot));
  }

  @Test
  void copiesTheTreeFaithfullyWithFilesCopy() throws IOException {
    assertFaithfulCopy(
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).javaCopyOnly().build());
  }

  private void assertFaithfulCopy(CopySnapshotProvider provider) throws IOException {
    provider.check(List.of(data));
    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      Path copy = snapshot.pathOf(data);
      assertEquals(shadowRoot.resolve(id.toString()).resolve(data.toString().substring(1)), copy);
      List<Path> originals;
      try (Stream<Path> walk = Files.walk(data)) {
        originals = walk.toList();
      }
      for (Path original : originals) {
        Path copied = snapshot.pathOf(original);
        assertEquals(copy.resolve(data.relativize(original).toString()), copied);
        assertTrue(Files.exists(copied, LinkOption.NOFOLLOW_LINKS), "missing copy of " + original);
        if (Files.isRegularFile(original)) {
          assertArrayEquals(
              Files.readAllBytes(original), Files.readAllBytes(copied), original + "");
          assertEquals(Files.size(original), Files.size(copied));
        }
        assertEquals(
            Files.getLastModifiedTime(original),
            Files.getLastModifiedTime(copied),
            "mtime of " + original);
      }
      try (Stream<Path> walk = Files.walk(copy)) {
        assertEquals(originals.size(), walk.count(), "the copy holds exactly the originals");
      }
    }
  }

  @Test
  void keepsLinksInsideTheSetAndSkipsLinksOutOfIt() throws IOException {
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "not part of the backup");
    Files.createSymbolicLink(data.resolve("relative-link"), Path.of("db/orders.db"));
    Files.createSymbolicLink(data.resolve("absolute-link"), data.resolve("db/orders.db"));
    Files.createSymbolicLink(data.resolve("escaping-link"), outside);
    Files.createSymbolicLink(data.resolve("db/sneaky-link"), Path.of("../../secret.txt"));
    // Looks inside as written (data/x/y/secret.txt), leads outside through dl (tmp/secret.txt).
    Files.createDirectories(data.resolve("x/y"));
    Files.createSymbolicLink(data.resolve("x/y/dl"), data);
    Files.createSymbolicLink(data.resolve("x/y/chain"), Path.of("dl/../secret.txt"));

    CopySnapshotProvider provider = new CopySnapshotProvider(shadowRoot);
    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      Path relative = snapshot.pathOf(data.resolve("relative-link"));
      assertTrue(Files.isSymbolicLink(relative));
      assertEquals(Path.of("db/orders.db"), Files.readSymbolicLink(relative));
      Path absolute = snapshot.pathOf(data.resolve("absolute-link"));
      assertEquals(
          snapshot.pathOf(data.resolve("db/orders.db")),
          Files.readSymbolicLink(absolute),
          "an absolute link is pointed at the copy, never back at live data");
      assertEquals("orders table\n", Files.readString(absolute));
      assertFalse(
          Files.exists(snapshot.pathOf(data.resolve("escaping-link")), LinkOption.NOFOLLOW_LINKS));
      assertFalse(
          Files.exists(snapshot.pathOf(data.resolve("db/sneaky-link")), LinkOption.NOFOLLOW_LINKS));
      List<Path> skipped =
          ((CopySnapshot) snapshot).skipped().stream().map(ShadowPlan.Skipped::path).toList();
      assertEquals(
          snapshot.pathOf(data), Files.readSymbolicLink(snapshot.pathOf(data.resolve("x/y/dl"))));
      assertFalse(
          Files.exists(snapshot.pathOf(data.resolve("x/y/chain")), LinkOption.NOFOLLOW_LINKS));
      assertEquals(
          List.of(
              data.resolve("db/sneaky-link"),
              data.resolve("escaping-link"),
              data.resolve("x/y/chain")),
          skipped.stream().sorted().toList());
    }
  }

  @Test
  void skipsFifos() throws IOException, InterruptedException {
    Path fifo = data.resolve("db/pipe");
    assumeTrue(
        new ProcessCommandRunner().isInstalled("mkfifo"),
        "mkfifo is not on PATH: cannot make a FIFO to test with");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mkfifo.waitFor());
    assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo));

    try (Snapshot snapshot = new CopySnapshotProvider(shadowRoot).take(id, List.of(data))) {
      assertFalse(Files.exists(snapshot.pathOf(fifo), LinkOption.NOFOLLOW_LINKS));
      assertTrue(Files.exists(snapshot.pathOf(data.resolve("db/orders.db"))));
      assertEquals(
          List.of(fifo),
          ((CopySnapshot) snapshot).skipped().stream().map(ShadowPlan.Skipped::path).toList());
    }
  }

  @Test
  void mapsSetPathsAndPathsInsideThemAndRefusesOthers() throws IOException {
    Path single = data.resolve("db/orders.db");
    Path logs = data.resolve("db/logs");
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("x"), "x");
    try (Snapshot snapshot =
        new CopySnapshotProvider(shadowRoot).take(id, List.of(single, logs, other))) {
      assertEquals(List.of(single, logs, other), snapshot.paths());
      assertEquals("orders table\n", Files.readString(snapshot.pathOf(single)));
      assertEquals(100_000, Files.size(snapshot.pathOf(logs.resolve("0001.log"))));
      assertEquals("x", Files.readString(snapshot.pathOf(other.resolve("x"))));
      IllegalArgumentException outside =
          assertThrows(
              IllegalArgumentException.class, () -> snapshot.pathOf(data.resolve("empty.txt")));
      assertTrue(
          outside.getMessage().contains("is outside snapshot set " + id), outside.getMessage());
    }
  }

  @Test
  void nestedSetPathsAreCopiedOnce() throws IOException {
    try (Snapshot snapshot =
        new CopySnapshotProvider(shadowRoot).take(id, List.of(data.resolve("db"), data))) {
      assertEquals(
          "orders table\n", Files.readString(snapshot.pathOf(data.resolve("db/orders.db"))));
      assertEquals(snapshot.pathOf(data).resolve("db"), snapshot.pathOf(data.resolve("db")));
    }
  }

  @Test
  void closeDeletesTheShadowCopyAndIsIdempotent() throws IOException {
    Snapshot snapshot = new CopySnapshotProvider(shadowRoot).take(id, List.of(data));
    Path shadow = ((CopySnapshot) snapshot).shadow();
    assertTrue(Files.isDirectory(shadow));
    snapshot.close();
    assertFalse(Files.exists(shadow));
    snapshot.close();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> snapshot.pathOf(data));
    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
  }

  @Test
  void aFailureMidCopyLeavesNothingBehind() throws IOException {
    FileCopier halfThenFail =
        new FileCopier() {
          @Override
          public List<Path> copy(List<Path> files, Path shadow) throws IOException {
            new JavaFileCopier().copy(files.subList(0, 1), shadow);
            throw new IOException("disk on fire while copying " + files.get(1));
          }

          @Override
          public String describe() {
            return "failing";
          }
        };
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).copier(halfThenFail).build();
    IOException e = assertThrows(IOException.class, () -> provider.take(id, List.of(data)));
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    assertShadowRootEmpty();
  }

  /**
   * Runs the real {@code cp}, but first deletes {@code victims} (once, before the first batch):
   * files deleted between the provider's listing and its copy.
   */
  private static final class DeletingRunner implements CommandRunner {
    private final ProcessCommandRunner real = new ProcessCommandRunner();
    private final List<Path> victims;
    final List<List<String>> cpCalls = new ArrayList<>();

    DeletingRunner(List<Path> victims) {
      this.victims = victims;
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
      if (command.contains("--parents")) {
        if (cpCalls.isEmpty()) {
          for (Path victim : victims) {
            Files.delete(victim);
          }
        }
        cpCalls.add(command);
      }
      return real.run(command, timeout);
    }

    @Override
    public boolean isInstalled(String program) {
      return real.isInstalled(program);
    }
  }

  @Test
  void filesVanishingBeforeCpAreReportedAndTheRestIsCopiedInOneMoreCp() throws IOException {
    assumeTrue(
        CpFileCopier.isAvailable(new ProcessCommandRunner()),
        "GNU cp is not on PATH: the cp path cannot run here");
    Path many = Files.createDirectories(data.resolve("many"));
    for (int i = 0; i < 300; i++) {
      Files.writeString(many.resolve("f" + i), "file " + i);
    }
    List<Path> victims = List.of(data.resolve("db/orders.db"), many.resolve("f150"));
    DeletingRunner runner = new DeletingRunner(victims);
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).commandRunner(runner).build();

    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      assertEquals(victims.stream().sorted().toList(), snapshot.vanished());
      for (Path victim : victims) {
        assertFalse(Files.exists(snapshot.pathOf(victim), LinkOption.NOFOLLOW_LINKS));
      }
      assertEquals("file 299", Files.readString(snapshot.pathOf(many.resolve("f299"))));
      assertEquals(100_000, Files.size(snapshot.pathOf(data.resolve("db/logs/0001.log"))));
      assertEquals(
          OLD, Files.getLastModifiedTime(snapshot.pathOf(data.resolve("db"))), "dir times kept");
    }
    assertEquals(2, runner.cpCalls.size(), "the failed batch is retried once, as a batch");
    assertEquals(
        runner.cpCalls.get(0).size() - victims.size(),
        runner.cpCalls.get(1).size(),
        "the retry leaves out exactly the vanished files");
    assertShadowRootEmpty();
  }

  @Test
  void filesVanishingBeforeFilesCopyAreReportedAndTheRestIsCopied() throws IOException {
    Path victim = data.resolve("db/orders.db");
    FileCopier deleteThenCopy =
        new FileCopier() {
          @Override
          public List<Path> copy(List<Path> files, Path shadow) throws IOException {
            Files.delete(victim);
            return new JavaFileCopier().copy(files, shadow);
          }

          @Override
          public String describe() {
            return "Files.copy after a delete";
          }
        };
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder().shadowRoot(shadowRoot).copier(deleteThenCopy).build();

    try (Snapshot snapshot = provider.take(id, List.of(data))) {
      assertEquals(List.of(victim), snapshot.vanished());
      assertFalse(Files.exists(snapshot.pathOf(victim), LinkOption.NOFOLLOW_LINKS));
      assertEquals(
          "odd name",
          Files.readString(snapshot.pathOf(data.resolve("name with spaces & 'quotes'.txt"))));
    }
  }

  @Test
  void entriesVanishingWhileTheSetIsWalkedAreReported() throws IOException {
    // A directory whose entries the walk has listed (one readdir) but not yet looked at: when the
    // first of them is recorded, every sibling not yet seen is deleted, files and a directory.
    Path churn = Files.createDirectories(data.resolve("churn"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(churn.resolve("log" + i + ".dat"), "log " + i);
    }
    Files.createDirectories(churn.resolve("seg"));
    Files.writeString(churn.resolve("seg/part"), "part");
    List<Path> seen = new ArrayList<>();
    List<Path> deleted = new ArrayList<>();
    ShadowPlanner.WalkProbe deleteUnseenSiblings =
        path -> {
          seen.add(path);
          if (path.getParent().equals(churn) && deleted.isEmpty()) {
            try (Stream<Path> siblings = Files.list(churn)) {
              for (Path sibling : siblings.filter(p -> !seen.contains(p)).toList()) {
                Trees.deleteTree(sibling);
                deleted.add(sibling);
              }
            }
          }
        };
    CopySnapshotProvider provider = new CopySnapshotProvider(shadowRoot);

    try (Snapshot snapshot = provider.take(id, List.of(data), deleteUnseenSiblings)) {
      assertFalse(deleted.isEmpty(), "the probe deleted entries under the walk");
      assertEquals(deleted.stream().sorted().toList(), snapshot.vanished());
      for (Path gone : deleted) {
        assertFalse(Files.exists(snapshot.pathOf(gone), LinkOption.NOFOLLOW_LINKS));
      }
      assertEquals(
          "orders table\n", Files.readString(snapshot.pathOf(data.resolve("db/orders.db"))));
    }
  }

  @Test
  void aFileAppearingAfterTheListingIsNotInTheCopyAndIsNoError() throws IOException {
    Path late = data.resolve("db/late.log");
    FileCopier createThenCopy =
        new FileCopier() {
          @Override
          public List<Path> copy(List<Path> files, Path shadow) throws IOException {
            Files.writeString(late, "written after the listing");
            return new JavaFileCopier().copy(files, shadow);
          }

          @Override
          public String describe() {
            return "Files.copy after a create";
          }
        };
    try (Snapshot snapshot =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .copier(createThenCopy)
            .build()
            .take(id, List.of(data))) {
      assertFalse(Files.exists(snapshot.pathOf(late), LinkOption.NOFOLLOW_LINKS));
      assertEquals(List.of(), snapshot.vanished());
      assertEquals(
          "orders table\n", Files.readString(snapshot.pathOf(data.resolve("db/orders.db"))));
    }
  }

  @Test
  void aCpFailureWithEveryFileStillThereFailsTheTakeAfterOneCpAndLeavesNothingBehind()
      throws IOException {
    FakeCommandRunner failing =
        new FakeCommandRunner(
            java.util.Set.of("cp"),
            command ->
                command.contains("--version")
                    ? FakeCommandRunner.ok(command, "cp (GNU coreutils) 9.1")
                    : FakeCommandRunner.failed(
                        command, "cp: error writing 'x': Input/output error"));
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .copier(new CpFileCopier(failing, Duration.ofMinutes(1)))
            .build();
    IOException e = assertThrows(IOException.class, () -> provider.take(id, List.of(data)));
    assertTrue(e.getMessage().contains("cp exited with 1"), e.getMessage());
    assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
    assertEquals(1, failing.commandLines().size(), "no retry when nothing vanished");
    assertShadowRootEmpty();
  }

  private void assertShadowRootEmpty() throws IOException {
    try (Stream<Path> left = Files.list(shadowRoot)) {
      assertEquals(List.of(), left.toList(), "take left files behind");
    }
  }

  @Test
  void checkNamesAMissingPath() {
    Path missing = data.resolve("nope");
    IOException e =
        assertThrows(
            IOException.class, () -> new CopySnapshotProvider(shadowRoot).check(List.of(missing)));
    assertEquals(
        missing + " does not exist: remove it from the snapshot set or create it first",
        e.getMessage());
  }

  @Test
  void checkRefusesWhenTheShadowRootHasNoRoomForTheCopy() {
    CopySnapshotProvider provider =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .javaCopyOnly()
            .space(dir -> 10)
            .build();
    IOException e = assertThrows(IOException.class, () -> provider.check(List.of(data)));
    assertTrue(
        e.getMessage().startsWith("not enough space for the shadow copy on " + shadowRoot),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("the copy needs 100021 bytes and 10 are free"), e.getMessage());
  }

  @Test
  void checkNamesAnUnreadableDirectory() throws IOException {
    assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "running as root, which reads every directory: unreadable paths cannot be made here");
    Path locked = Files.createDirectories(data.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      IOException e =
          assertThrows(
              IOException.class, () -> new CopySnapshotProvider(shadowRoot).check(List.of(data)));
      assertTrue(e.getMessage().startsWith("cannot read " + locked), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void checkRefusesASetPathThatIsALink() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("data-link"), data);
    IOException e =
        assertThrows(
            IOException.class, () -> new CopySnapshotProvider(shadowRoot).check(List.of(link)));
    assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
  }

  @Test
  void checkRefusesAShadowRootInsideTheSet() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> new CopySnapshotProvider(data.resolve("shadow")).check(List.of(data)));
    assertTrue(e.getMessage().contains("is inside the snapshot set path " + data), e.getMessage());
  }

  @Test
  void checkRefusesAShadowRootThatCannotBeMade() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new CopySnapshotProvider(file.resolve("shadow")).check(List.of(data)));
    assertTrue(e.getMessage().startsWith("cannot create the shadow root"), e.getMessage());
  }

  @Test
  void takeRefusesAnIdAlreadyTaken() throws IOException {
    CopySnapshotProvider provider = new CopySnapshotProvider(shadowRoot);
    try (Snapshot first = provider.take(id, List.of(data))) {
      IOException e = assertThrows(IOException.class, () -> provider.take(id, List.of(data)));
      assertTrue(e.getMessage().contains("cannot create the shadow directory"), e.getMessage());
      assertTrue(Files.exists(first.pathOf(data.resolve("db/orders.db"))), "the first is intact");
    }
  }

  @Test
  void copiesManyFilesInFewCpBatches() throws IOException {
    List<List<String>> cpCalls = new ArrayList<>();
    ProcessCommandRunner real = new ProcessCommandRunner();
    assumeTrue(
        CpFileCopier.isAvailable(real), "GNU cp is not on PATH: the cp path cannot run here");
    CommandRunner counting =
        new CommandRunner() {
          @Override
          public CommandResult run(List<String> command, Duration timeout) throws IOException {
            cpCalls.add(command);
            return real.run(command, timeout);
          }

          @Override
          public boolean isInstalled(String program) {
            return real.isInstalled(program);
          }
        };
    Path many = Files.createDirectories(data.resolve("many"));
    for (int i = 0; i < 300; i++) {
      Files.writeString(many.resolve("f" + i), "file " + i);
    }
    FileCopier copier = new CpFileCopier(counting, Duration.ofMinutes(1));
    try (Snapshot snapshot =
        CopySnapshotProvider.builder()
            .shadowRoot(shadowRoot)
            .copier(copier)
            .build()
            .take(id, List.of(data))) {
      assertEquals("file 299", Files.readString(snapshot.pathOf(many.resolve("f299"))));
    }
    assertEquals(1, cpCalls.size(), "one cp for 304 files");
  }
}
