package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a whole archive against its manifest before it is trusted: the manifest is read and
 * checked ({@link ArchiveReader}), then every file under {@code data/} is hashed and its size and
 * SHA-256 compared, and the archive must hold exactly the manifest's files: none missing, none
 * extra, no symbolic link or special file anywhere (a link planted in {@code data/} could make a
 * restore read or write outside the archive). All problems are collected and reported together.
 */
public final class ArchiveVerifier {
  private ArchiveVerifier() {}

  /**
   * Verifies the archive in {@code archiveDir}.
   *
   * @return its manifest, now known to match the data
   * @throws InvalidArchiveException listing every problem, each naming the file
   * @throws IOException if the archive cannot be read
   */
  public static Manifest verify(Path archiveDir) throws IOException {
    return verify(archiveDir, ProgressListener.none());
  }

  /**
   * Verifies the archive in {@code archiveDir}, reporting the files and bytes checked to {@code
   * listener} (the totals are the manifest's).
   *
   * @return its manifest, now known to match the data
   * @throws InvalidArchiveException listing every problem, each naming the file
   * @throws IOException if the archive cannot be read
   */
  public static Manifest verify(Path archiveDir, ProgressListener listener) throws IOException {
    return verify(archiveDir, listener, ManifestLimits.standard());
  }

  /**
   * Verifies the archive in {@code archiveDir}, reading a manifest no larger than {@code limits}.
   *
   * @return its manifest, now known to match the data
   * @throws InvalidArchiveException listing every problem, each naming the file, or naming the
   *     limit the manifest exceeds
   * @throws IOException if the archive cannot be read
   */
  public static Manifest verify(Path archiveDir, ProgressListener listener, ManifestLimits limits)
      throws IOException {
    Manifest manifest = ArchiveReader.readManifest(archiveDir, limits);
    ProgressCounter counter =
        new ProgressCounter(listener, manifest.files().size(), manifest.totalBytes());
    boolean succeeded = false;
    try {
      checkData(archiveDir, manifest, counter);
      succeeded = true;
    } finally {
      listener.finished(counter.progress(), succeeded);
    }
    return manifest;
  }

  /**
   * Checks the archive in {@code archiveDir} as {@link #verify} does, all but the contents: the
   * manifest, exactly its files and nothing else, each of its size. For a restore that hashes each
   * file while it writes it, reading the archive once.
   *
   * @return its manifest, whose files are yet to be hashed
   * @throws InvalidArchiveException listing every problem found
   */
  static Manifest inspect(Path archiveDir, ManifestLimits limits) throws IOException {
    Manifest manifest = ArchiveReader.readManifest(archiveDir, limits);
    checkData(archiveDir, manifest, null);
    return manifest;
  }

  /**
   * Checks the files of the archive in {@code archiveDir} against its {@code manifest}, already
   * read, as {@link #inspect} does: all but their contents.
   *
   * @throws InvalidArchiveException listing every problem found
   */
  static void inspectData(Path archiveDir, Manifest manifest) throws IOException {
    checkData(archiveDir, manifest, null);
  }

  /** Checks the data against {@code manifest}; hashes each file unless {@code counter} is null. */
  private static void checkData(Path archiveDir, Manifest manifest, ProgressCounter counter)
      throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> entries = Files.list(archiveDir)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.equals(Manifest.FILE_NAME) && !name.equals(ArchivePaths.DATA))
          .sorted()
          .forEach(name -> problems.add("unexpected entry '" + name + "' beside the manifest"));
    }
    Path data = archiveDir.resolve(ArchivePaths.DATA);
    Map<String, FileEntry> expected = new LinkedHashMap<>();
    manifest.files().forEach(f -> expected.put(f.archivePath(), f));
    Set<String> seen = new HashSet<>();
    if (Files.isSymbolicLink(data)) {
      problems.add("data/ is a symbolic link: an archive never holds links; refused");
    } else if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      if (!expected.isEmpty()) {
        problems.add("data/ is missing: none of the " + expected.size() + " files is there");
      }
    } else {
      walk(archiveDir, data, expected, seen, problems, counter);
    }
    expected.keySet().stream()
        .filter(path -> !seen.contains(path))
        .forEach(
            path ->
                problems.add(
                    path
                        + " is missing (the backup of "
                        + expected.get(path).originalPath()
                        + ")"));
    if (!problems.isEmpty()) {
      throw new InvalidArchiveException("archive " + archiveDir, problems);
    }
  }

  private static void walk(
      Path archiveDir,
      Path data,
      Map<String, FileEntry> expected,
      Set<String> seen,
      List<String> problems,
      ProgressCounter counter)
      throws IOException {
    // One buffer for every file (see Hashing); none when nothing is hashed.
    Hashing hashing = counter == null ? null : new Hashing();
    Files.walkFileTree(
        data,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = relative(archiveDir, file);
            if (attrs.isSymbolicLink()) {
              problems.add(
                  name + " is a symbolic link: an archive never holds links (planted?); refused");
            } else if (!attrs.isRegularFile()) {
              problems.add(name + " is not a regular file (a FIFO, socket or device?); refused");
            } else if (!expected.containsKey(name)) {
              problems.add(name + " is an extra file, not in the manifest");
            } else {
              seen.add(name);
              check(file, name, attrs.size(), expected.get(name), problems, counter, hashing);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            problems.add(relative(archiveDir, file) + " cannot be read: " + e);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void check(
      Path file,
      String name,
      long size,
      FileEntry entry,
      List<String> problems,
      ProgressCounter counter,
      Hashing hashing)
      throws IOException {
    if (size != entry.size()) {
      if (counter != null) {
        counter.fileDone();
      }
      problems.add(
          name
              + " has "
              + size
              + " bytes but the manifest says "
              + entry.size()
              + ": the file is truncated, corrupt or was changed");
      return;
    }
    if (counter == null) {
      return;
    }
    Hashing.Result result;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      result = hashing.read(in, counter::addBytes);
    }
    counter.fileDone();
    if (!result.sha256().equals(entry.sha256())) {
      problems.add(
          name
              + " has SHA-256 "
              + result.sha256()
              + " but the manifest says "
              + entry.sha256()
              + ": the file is corrupt or was changed");
    }
  }

  /** {@code file}'s path relative to the archive, {@code /}-separated as in the manifest. */
  static String relative(Path archiveDir, Path file) {
    StringBuilder name = new StringBuilder();
    for (Path segment : archiveDir.relativize(file)) {
      name.append(name.length() == 0 ? "" : "/").append(segment);
    }
    return name.toString();
  }
}
