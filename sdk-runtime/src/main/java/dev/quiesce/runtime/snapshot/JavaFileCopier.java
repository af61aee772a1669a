package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies with {@link Files#copy}: a full copy of each file, with its attributes. The fallback where
 * GNU {@code cp} (and so reflinks) is not available.
 *
 * <p>A source that is gone when its copy starts is returned as vanished (see {@link FileCopier});
 * one deleted once its copy started is copied whole, as the open file still holds its bytes.
 */
final class JavaFileCopier implements FileCopier {
  @Override
  public List<Path> copy(List<Path> files, Path shadow) throws IOException {
    List<Path> vanished = new ArrayList<>();
    for (Path file : files) {
      Path target = FileCopier.shadowOf(shadow, file);
      try {
        if (!copyOne(file, target)) {
          vanished.add(file);
        }
      } catch (IOException e) {
        throw new IOException("cannot copy " + file + " to " + target + ": " + e, e);
      }
    }
    return vanished;
  }

  /** Copies {@code file}; returns false, leaving no copy, if it is no longer a regular file. */
  private static boolean copyOne(Path file, Path target) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      if (file.toString().equals(e.getFile()) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(target);
        return false;
      }
      throw e;
    }
    // COPY_ATTRIBUTES keeps times to the microsecond only; keep the nanoseconds too, unless the
    // source went away after its bytes were copied (the copy is whole; its time is to the µs).
    FileTime time;
    try {
      time = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return true;
    }
    Files.setLastModifiedTime(target, time);
    return true;
  }

  @Override
  public String describe() {
    return "Files.copy";
  }
}
