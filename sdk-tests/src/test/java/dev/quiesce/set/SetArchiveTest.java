package dev.quiesce.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.fixtures.Rig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set archive refuses what it must: a tampered, missing or extra part, a part of another set,
 * and a hostile set manifest (an escaping member name or path, an unknown field or version, one too
 * large), each said in a message that names the problem.
 */
class SetArchiveTest {
  @TempDir Path dir;
  private final List<Rig> rigs = new ArrayList<>();
  private Path set;

  @BeforeEach
  void aSetOfTwo() throws IOException {
    List<SetMember> members = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Path data = Files.createDirectories(dir.resolve("data-" + name));
      Files.writeString(data.resolve("f.txt"), name);
      Rig rig =
          Rig.builder()
              .componentFiles(data)
              .writer(name + "-w", ApplicationLevel.FRONT_END, 5_000)
              .build();
      rigs.add(rig);
      members.add(SetMember.local(name, rig.coordinator));
    }
    set = dir.resolve("set");
    SetBackup.of(members).backup(BackupOptions.full(), set, ProgressListener.none());
  }

  @AfterEach
  void closeRigs() {
    rigs.forEach(Rig::close);
  }

  private InvalidArchiveException refused() {
    return assertThrows(InvalidArchiveException.class, () -> SetVerifier.verify(set));
  }

  private void rewriteManifest(String from, String to) throws IOException {
    Path m = set.resolve(SetManifest.FILE_NAME);
    String json = Files.readString(m);
    assertTrue(json.contains(from), json);
    Files.writeString(m, json.replace(from, to));
  }

  @Test
  void theSetAsWrittenVerifies() throws Exception {
    VerifiedSet v = SetVerifier.verify(set);
    assertEquals(2, v.parts().size());
    assertEquals("parts/a", v.manifest().part("a").orElseThrow().path());
    assertEquals(1, v.manifest().part("b").orElseThrow().writers());
  }

  @Test
  void aTamperedPartManifestIsRefused() throws Exception {
    Path m = set.resolve("parts/b/manifest.json");
    Files.writeString(m, Files.readString(m) + " ");
    assertTrue(refused().getMessage().contains("part 'b'"));
  }

  @Test
  void aTamperedDataFileIsRefused() throws Exception {
    try (var files = Files.walk(set.resolve("parts/a/data"))) {
      Path f = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      Files.writeString(f, "changed");
    }
    assertTrue(refused().getMessage().contains("part 'a'"));
  }

  @Test
  void aMissingOrExtraPartIsRefused() throws Exception {
    Files.move(set.resolve("parts/b"), set.resolve("parts/c"));
    String message = refused().getMessage();
    assertTrue(message.contains("part 'b' is missing"), message);
    assertTrue(message.contains("parts/c is a part the set manifest does not list"), message);
  }

  @Test
  void anEscapingMemberOrPathIsRefusedBeforeAnyPartIsRead() throws Exception {
    rewriteManifest("\"path\" : \"parts/a\"", "\"path\" : \"../../etc\"");
    assertTrue(refused().getMessage().contains("is not 'parts/a'"));
    rewriteManifest("\"member\" : \"a\"", "\"member\" : \"../a\"");
    assertTrue(refused().getMessage().contains("is not allowed"));
  }

  @Test
  void anUnknownFieldOrVersionIsRefused() throws Exception {
    rewriteManifest("\"formatVersion\" : 1", "\"formatVersion\" : 1, \"extra\" : true");
    assertTrue(refused().getMessage().contains("extra"));
    rewriteManifest("\"formatVersion\" : 1", "\"formatVersion\" : 2");
    assertTrue(refused().getMessage().contains("formatVersion 2"));
  }

  @Test
  void aHugeManifestIsRefusedUnread() throws Exception {
    byte[] big = new byte[SetManifestLimits.STANDARD.maxBytes() + 10];
    java.util.Arrays.fill(big, (byte) ' ');
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, big, 0, json.length);
    Files.write(set.resolve(SetManifest.FILE_NAME), big);
    assertTrue(refused().getMessage().contains("bytes this Quiesce reads"));
  }

  @Test
  void aStrayFileBesideThePartsIsRefused() throws Exception {
    Files.writeString(set.resolve("notes.txt"), "hello");
    assertTrue(refused().getMessage().contains("'notes.txt' is no part of a set archive"));
  }
}
