package dev.quiesce.set;

import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a whole set archive before it is trusted: its manifest ({@link SetArchive#readManifest});
 * that the set directory holds the manifest and {@code parts/} only, and {@code parts/} exactly the
 * listed members' directories (none missing, none extra, no link); that each part's {@code
 * manifest.json} has the digest the set manifest pins, the set's id and the listed writer count;
 * and each part whole by {@link ArchiveVerifier}. Every problem is collected and reported together.
 */
public final class SetVerifier {
  private SetVerifier() {}

  /** Verifies the set in {@code setDir}. */
  public static VerifiedSet verify(Path setDir) throws IOException {
    return verify(setDir, ProgressListener.none());
  }

  /**
   * Verifies the set in {@code setDir}, telling {@code listener} of each part's files.
   *
   * @throws InvalidArchiveException listing every problem, each naming the part or file
   */
  public static VerifiedSet verify(Path setDir, ProgressListener listener) throws IOException {
    SetManifest manifest = SetArchive.readManifest(setDir);
    List<String> problems = new ArrayList<>();
    checkLayout(setDir, manifest, problems);
    Map<String, Manifest> parts = new LinkedHashMap<>();
    for (SetManifest.Part part : manifest.parts()) {
      Path dir = SetArchive.partDir(setDir, part.member());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue; // reported by checkLayout
      }
      String where = "part '" + part.member() + "'";
      Path partManifest = dir.resolve(Manifest.FILE_NAME);
      if (!Files.isRegularFile(partManifest, LinkOption.NOFOLLOW_LINKS)) {
        problems.add(where + ": no " + Manifest.FILE_NAME + " (an unfinished or foreign part)");
        continue;
      }
      String digest = SetArchive.sha256(partManifest);
      if (!digest.equals(part.manifestSha256())) {
        problems.add(
            where
                + ": its "
                + Manifest.FILE_NAME
                + " has SHA-256 "
                + digest
                + ", the set manifest says "
                + part.manifestSha256()
                + ": tampered with or replaced");
        continue;
      }
      Manifest verified;
      try {
        verified = ArchiveVerifier.verify(dir, listener);
      } catch (InvalidArchiveException e) {
        e.problems().forEach(p -> problems.add(where + ": " + p));
        continue;
      }
      if (!verified.snapshotSetId().equals(manifest.setId())) {
        problems.add(
            where
                + ": snapshot set "
                + verified.snapshotSetId()
                + " is not the set's "
                + manifest.setId());
      }
      if (verified.writers().size() != part.writers()) {
        problems.add(
            where
                + ": "
                + verified.writers().size()
                + " writers, the set manifest says "
                + part.writers());
      }
      parts.put(part.member(), verified);
    }
    if (!problems.isEmpty()) {
      throw new InvalidArchiveException("set archive " + setDir, problems);
    }
    return new VerifiedSet(manifest, parts);
  }

  private static void checkLayout(Path setDir, SetManifest manifest, List<String> problems)
      throws IOException {
    Set<String> expectedTop = Set.of(SetManifest.FILE_NAME, SetManifest.PARTS_DIR);
    try (Stream<Path> entries = Files.list(setDir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !expectedTop.contains(name))
          .sorted()
          .forEach(name -> problems.add("'" + name + "' is no part of a set archive: refused"));
    }
    Path partsDir = setDir.resolve(SetManifest.PARTS_DIR);
    if (!Files.isDirectory(partsDir, LinkOption.NOFOLLOW_LINKS)) {
      problems.add("it has no " + SetManifest.PARTS_DIR + "/ directory");
      return;
    }
    Set<String> listed = new TreeSet<>();
    manifest.parts().forEach(p -> listed.add(p.member()));
    Set<String> present = new TreeSet<>();
    try (Stream<Path> entries = Files.list(partsDir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          problems.add("parts/" + name + " is not a directory (a link or a file): refused");
        } else if (!listed.contains(name)) {
          problems.add("parts/" + name + " is a part the set manifest does not list: refused");
        } else {
          present.add(name);
        }
      }
    }
    for (String member : listed) {
      if (!present.contains(member)) {
        problems.add("part '" + member + "' is missing (parts/" + member + ")");
      }
    }
  }
}
