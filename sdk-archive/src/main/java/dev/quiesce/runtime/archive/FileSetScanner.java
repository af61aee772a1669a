package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Expands a component's file sets against a snapshot; see {@link ComponentFiles#scan}. */
final class FileSetScanner {
  private static final Logger log = LoggerFactory.getLogger(FileSetScanner.class);

  private FileSetScanner() {}

  /**
   * Whether {@code file} is one of the writer's files in {@code set}: matched by the set and not
   * excluded by the writer. The one rule for what a file set holds, for backup and restore alike.
   */
  static boolean selects(WriterMetadata metadata, FileSet set, Path file) {
    return set.matches(file) && !metadata.isExcluded(file);
  }

  /** Whether {@code file} is one of the files of {@code component} of the writer. */
  static boolean covers(WriterMetadata metadata, Component component, Path file) {
    return component.fileSets().stream().anyMatch(set -> selects(metadata, set, file));
  }

  static ComponentFiles scan(
      WriterMetadata metadata, String componentName, Function<Path, Path> snapshotPathOf)
      throws IOException {
    Component component =
        metadata
            .component(componentName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "writer '"
                            + metadata.writerName()
                            + "' has no component '"
                            + componentName
                            + "'"));
    Set<Path> files = new LinkedHashSet<>();
    for (FileSet set : component.fileSets()) {
      Path copyRoot = snapshotPathOf.apply(set.root());
      if (!Files.isDirectory(copyRoot, LinkOption.NOFOLLOW_LINKS)) {
        log.warn(
            "component {}/{}: {} is not a directory in the snapshot ({}); no files from it",
            metadata.writerName(),
            componentName,
            set.root(),
            copyRoot);
        continue;
      }
      int depth = set.recursive() ? Integer.MAX_VALUE : 1;
      Files.walkFileTree(
          copyRoot,
          EnumSet.noneOf(FileVisitOption.class),
          depth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path copy, BasicFileAttributes attrs) {
              Path original = set.root().resolve(copyRoot.relativize(copy).toString());
              if (!selects(metadata, set, original)) {
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isRegularFile()) {
                files.add(original);
              } else if (!attrs.isDirectory()) {
                log.warn(
                    "component {}/{}: left out {}: archives hold regular files only, not {}",
                    metadata.writerName(),
                    componentName,
                    original,
                    attrs.isSymbolicLink() ? "symbolic links" : "special files");
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path copy, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                // A snapshot must not change while it is read: no going on without the file.
                throw new IOException(
                    copy
                        + " vanished from the snapshot while its files were listed: the snapshot"
                        + " is not stable (is something deleting files in it?); take a new one",
                    e);
              }
              throw new IOException("cannot read " + copy + " in the snapshot: " + e, e);
            }
          });
    }
    return new ComponentFiles(componentName, files.stream().sorted().toList());
  }
}
