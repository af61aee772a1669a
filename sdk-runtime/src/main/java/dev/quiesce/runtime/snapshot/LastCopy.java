package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last snapshot set's shadow copy, kept after its close so that the next copy is made from it
 * instead of creating and writing every file again: a copy of the same roots takes it over (its
 * directory moved, {@link #asPreCopy}, and only what changed replaced); a copy of other roots
 * hard-links the unchanged files from it ({@link #linkable}, as {@code rsync --link-dest} does).
 * Creating a file is what a small set's copy spends its time on: on ext4 under a database's fsync
 * load about 0.75 ms a file, against a tenth of that for a link.
 *
 * <h2>Why a linked file is the file as it is now</h2>
 *
 * A kept copy is linked for an original only if both of these hold:
 *
 * <ul>
 *   <li>The original is unchanged since it was copied: its {@link FileStamp} now equals the one
 *       taken before its copy, and that stamp's ctime is older than the stamping by more than the
 *       clock margin ({@link ShadowStamps#proves}).
 *   <li>The kept copy is unchanged since it was kept: its size, mtime, inode and mode are those
 *       read when the snapshot closed, after the archive took it. Writing to it, changing its mode
 *       or replacing it changes one of them. Its ctime is not compared: deleting an archive that
 *       links it changes that too. (Writing to a kept copy and then setting its mtime back would go
 *       unseen; only this process's user, who can write the archives and the data themselves, can.)
 * </ul>
 *
 * and the copy's mode is the original's, so that the new snapshot shows the original's permissions.
 *
 * <h2>What is kept, and what it costs</h2>
 *
 * Only copies that something else still links to (an archive that took them by hard link; see
 * {@code Snapshot#privateCopies()}) and whose mode is still their original's are kept; the others
 * are deleted at close as before, so keeping costs no space while those archives exist. Kept files
 * are never written: a snapshot that needs to change one (the pre-copy's update) copies it instead.
 * Each close replaces the kept copy of the one before.
 */
final class LastCopy {
  /**
   * A kept copy.
   *
   * @param copy where it is kept
   * @param copyStamp its stamp when kept
   */
  record Kept(Path copy, FileStamp copyStamp) {}

  /** The directory name suffix of a kept copy under the shadow root. */
  static final String SUFFIX = ".last";

  private final Path dir;
  private final List<Path> roots;
  private final Map<Path, Kept> files;
  private final ShadowStamps originals;

  private LastCopy(Path dir, List<Path> roots, Map<Path, Kept> files, ShadowStamps originals) {
    this.dir = dir;
    this.roots = List.copyOf(roots);
    this.files = Map.copyOf(files);
    this.originals = originals;
  }

  /** The roots of the snapshot set it is the copy of. */
  List<Path> roots() {
    return roots;
  }

  /**
   * This copy as a pre-copy for {@link PreCopyUpdate}, once its directory was moved to be the new
   * snapshot's (or pre-copy's): each file proved by the stamps taken before it was copied and by
   * its own ({@link #unwritten}), every file a link never to be written.
   */
  CopyPreparation asPreCopy(Path movedTo) {
    return new CopyPreparation(
        movedTo, originals, files.keySet(), List.of(), this, preparation -> {});
  }

  /** The kept copy's directory. */
  Path dir() {
    return dir;
  }

  /** How many files are kept. */
  int size() {
    return files.size();
  }

  /**
   * The kept copy of {@code original}, if it certainly has the contents and mode {@code original}
   * has now; null otherwise (nothing kept, either changed, or gone).
   *
   * @param now {@code original}'s stamp, taken just now
   */
  Path linkable(Path original, FileStamp now, Duration margin) throws IOException {
    Kept kept = files.get(original);
    if (kept == null || !originals.proves(original, now, margin)) {
      return null;
    }
    return unwritten(original, kept.copy(), now) ? kept.copy() : null;
  }

  /**
   * Whether {@code copy}, the kept copy of {@code original} (where it is now: its directory may
   * have been moved), is as it was kept and has the mode {@code original} has {@code now}.
   */
  boolean unwritten(Path original, Path copy, FileStamp now) throws IOException {
    Kept kept = files.get(original);
    if (kept == null) {
      return false;
    }
    FileStamp copyNow;
    try {
      copyNow = FileStamp.of(copy);
    } catch (NoSuchFileException e) {
      return false; // replaced by a newer kept copy meanwhile
    }
    return untouched(kept.copyStamp(), copyNow) && copyNow.mode() == now.mode();
  }

  /**
   * Whether a kept copy stamped {@code kept} when kept and {@code now} now was written to, had its
   * mode changed or was replaced: compares size, mtime, inode and mode, not the ctime, which
   * deleting an archive that links the copy changes.
   */
  private static boolean untouched(FileStamp kept, FileStamp now) {
    return kept.size() == now.size()
        && kept.lastModified().equals(now.lastModified())
        && Objects.equals(kept.key(), now.key())
        && kept.mode() == now.mode();
  }

  /**
   * Keeps the closing snapshot's {@code shadow} as {@code dir}: its copies that something else
   * links to and that still have their original's mode, with their stamps; deletes the rest of its
   * files. Returns null, having deleted the whole shadow, if no copy qualifies.
   */
  static LastCopy keep(Path shadow, Path dir, List<Path> roots, ShadowStamps originals)
      throws IOException {
    Map<Path, Kept> kept = new HashMap<>();
    for (Map.Entry<Path, FileStamp> each : originals.files().entrySet()) {
      Path copy = FileCopier.shadowOf(shadow, each.getKey());
      Map<String, Object> unix;
      try {
        unix =
            Files.readAttributes(
                copy, FileStamp.UNIX_ATTRIBUTES + ",nlink", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue;
      } catch (UnsupportedOperationException e) {
        // No link counts to tell what an archive shares (not a Unix platform): keep nothing.
        Trees.deleteTree(shadow);
        return null;
      }
      FileStamp stamp = FileStamp.of(unix);
      if ((Integer) unix.get("nlink") > 1 && stamp.mode() == each.getValue().mode()) {
        kept.put(each.getKey(), new Kept(FileCopier.shadowOf(dir, each.getKey()), stamp));
      } else {
        Files.delete(copy);
      }
    }
    if (kept.isEmpty()) {
      Trees.deleteTree(shadow);
      return null;
    }
    Files.move(shadow, dir, StandardCopyOption.ATOMIC_MOVE);
    return new LastCopy(dir, roots, kept, originals);
  }
}
