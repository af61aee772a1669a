package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.Component;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an archive's manifest and checks that it is coherent and safe before anyone acts on it:
 * every archive path a plain path under {@code data/} (no absolute path, no {@code ..}, no
 * backslash), no archive path twice, every original path absolute and normalized, and every file in
 * a selected component of a writer of the manifest, inside that component's file sets and not
 * excluded. It reads no data file; {@link ArchiveVerifier} does.
 */
public final class ArchiveReader {
  private ArchiveReader() {}

  /**
   * Reads and checks the manifest of the archive in {@code archiveDir}.
   *
   * @throws InvalidArchiveException if there is no manifest (an unfinished or foreign directory),
   *     it cannot be parsed (including an unknown schema version), or it breaks a rule above; the
   *     message lists every problem, naming the entries
   * @throws IOException if the manifest cannot be read
   */
  public static Manifest readManifest(Path archiveDir) throws IOException {
    return readManifest(archiveDir, ManifestLimits.standard());
  }

  /**
   * Reads and checks the manifest of the archive in {@code archiveDir}, reading no more than {@code
   * limits} allow.
   *
   * @throws InvalidArchiveException as {@link #readManifest(Path)}, and if the manifest is larger
   *     or lists more entries than {@code limits}; the message names the limit and how to raise it
   * @throws IOException if the manifest cannot be read
   */
  public static Manifest readManifest(Path archiveDir, ManifestLimits limits) throws IOException {
    String what = "archive " + archiveDir;
    if (!Files.isDirectory(archiveDir)) {
      throw new InvalidArchiveException(
          what, List.of("it is not a directory: give the directory that holds manifest.json"));
    }
    Path file = archiveDir.resolve(Manifest.FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArchiveException(
          what,
          List.of(
              "it has no "
                  + Manifest.FILE_NAME
                  + ": it is not a complete backup (writing it was interrupted, or this is not a"
                  + " Quiesce archive)"));
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArchiveException(
          what, List.of(Manifest.FILE_NAME + " is not a regular file (a link?): refused"));
    }
    Manifest manifest;
    try {
      manifest = ManifestCodec.read(readBounded(file, limits), limits);
    } catch (InvalidArchiveException e) {
      InvalidArchiveException wrapped =
          new InvalidArchiveException(
              what, e.problems().stream().map(p -> Manifest.FILE_NAME + ": " + p).toList());
      wrapped.initCause(e);
      throw wrapped;
    }
    List<String> problems = problems(manifest);
    if (!problems.isEmpty()) {
      throw new InvalidArchiveException(what, problems);
    }
    return manifest;
  }

  /**
   * The manifest's bytes, never more than the limit: its size is checked first, and the read stops
   * one byte past the limit, so a file that grows meanwhile is refused too.
   */
  private static byte[] readBounded(Path file, ManifestLimits limits) throws IOException {
    long size = Files.size(file);
    if (size > limits.maxBytes()) {
      throw new InvalidArchiveException(
          Manifest.FILE_NAME, List.of(ManifestCodec.tooBig(size, limits)));
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(Math.toIntExact(limits.maxBytes() + 1));
      if (bytes.length > limits.maxBytes()) {
        throw new InvalidArchiveException(
            Manifest.FILE_NAME,
            List.of(
                String.format(
                    "it grew past the %,d bytes this Quiesce reads while it was read; refused (%s)",
                    limits.maxBytes(), limits.raiseBytes())));
      }
      return bytes;
    }
  }

  /** Every rule the manifest breaks, one line each. */
  static List<String> problems(Manifest manifest) {
    List<String> problems = new ArrayList<>();
    Set<String> writers = new HashSet<>();
    for (WriterEntry writer : manifest.writers()) {
      String key = writer.metadata().writerId() + "/" + writer.metadata().instanceName();
      if (!writers.add(key)) {
        problems.add("writer '" + writer.metadata().writerName() + "' appears twice");
      }
    }
    Set<String> archivePaths = new HashSet<>();
    for (FileEntry file : manifest.files()) {
      String entry = "entry '" + file.archivePath() + "'";
      Optional<String> pathProblem = ArchivePaths.problem(file.archivePath());
      pathProblem.ifPresent(problem -> problems.add(problem + ": refused"));
      if (pathProblem.isEmpty() && !archivePaths.add(file.archivePath())) {
        problems.add(entry + " appears twice");
      }
      Optional<String> originalProblem = ArchivePaths.originalProblem(file.originalPath());
      if (originalProblem.isPresent()) {
        problems.add(entry + ": " + originalProblem.get() + ": refused");
        continue;
      }
      problems.addAll(membershipProblems(manifest, file, entry));
    }
    problems.addAll(nestingProblems(manifest));
    return problems;
  }

  /**
   * Entries one of whose original path is a directory on the way to another's: no restore could
   * write both, so no backup holds such a pair.
   */
  private static List<String> nestingProblems(Manifest manifest) {
    Map<Path, FileEntry> byPath = new HashMap<>();
    manifest.files().forEach(f -> byPath.putIfAbsent(f.originalPath(), f));
    List<String> problems = new ArrayList<>();
    for (FileEntry file : manifest.files()) {
      for (Path dir = file.originalPath().getParent(); dir != null; dir = dir.getParent()) {
        FileEntry outer = byPath.get(dir);
        if (outer != null) {
          problems.add(
              "entry '"
                  + outer.archivePath()
                  + "' is the file "
                  + dir
                  + ", which entry '"
                  + file.archivePath()
                  + "' has as a directory: a backup never holds both; refused");
        }
      }
    }
    return problems;
  }

  private static List<String> membershipProblems(Manifest manifest, FileEntry file, String entry) {
    Optional<WriterEntry> writer =
        manifest.writers().stream().filter(w -> w.isFor(file)).findFirst();
    if (writer.isEmpty()) {
      return List.of(
          entry + " belongs to writer " + file.writerId() + ", which is not in the manifest");
    }
    if (!writer.get().selectedComponents().contains(file.component())) {
      return List.of(
          entry + " belongs to component '" + file.component() + "', which is not selected");
    }
    Component component = writer.get().metadata().component(file.component()).orElseThrow();
    if (!component.contains(file.originalPath())) {
      return List.of(
          entry
              + ": its original path "
              + file.originalPath()
              + " is outside the file sets of component '"
              + component.name()
              + "': refused");
    }
    if (writer.get().metadata().isExcluded(file.originalPath())) {
      return List.of(entry + ": its original path " + file.originalPath() + " is excluded");
    }
    return List.of();
  }
}
