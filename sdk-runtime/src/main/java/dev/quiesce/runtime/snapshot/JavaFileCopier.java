package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Copies with {@link Files#copy}: a full copy of each file, with its attributes. The fallback where
 * GNU {@code cp} (and so reflinks) is not available.
 */
final class JavaFileCopier implements FileCopier {
  @Override
  public void copy(List<Path> files, Path shadow) throws IOException {
    for (Path file : files) {
      Path target = FileCopier.shadowOf(shadow, file);
      try {
        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        // COPY_ATTRIBUTES keeps times to the microsecond only; keep the nanoseconds too.
        Files.setLastModifiedTime(
            target, Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS));
      } catch (IOException e) {
        throw new IOException("cannot copy " + file + " to " + target + ": " + e, e);
      }
    }
  }

  @Override
  public String describe() {
    return "Files.copy";
  }
}
