package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot's private copies into an archive by hard link instead of copying them again (see
 * {@code Snapshot#privateCopies()}): the copy provider has already written every byte once, into
 * its shadow directory, and an archive on the same filesystem needs only a second name for each
 * file, its hash (read from the page cache the copy just filled) and its sync. The backup then
 * writes the data once, as a database's own backup does, instead of twice.
 *
 * <p>A link that cannot be made (another filesystem, a filesystem without hard links, a file this
 * process may not link or make private) is no error: the file is copied as before, and so are the
 * rest of the archive's files, since the reason will hold for them too. A linked file is made
 * owner-only like a copied one; its permissions for the manifest are read before, from the
 * snapshot. One instance serves one archive, on the archive writer's thread.
 */
final class SnapshotLinks {
  private static final Logger log = LoggerFactory.getLogger(SnapshotLinks.class);

  private boolean unavailable;
  private int linked;
  private long bytes;

  /**
   * Links {@code source}, a private copy of {@code size} bytes, as {@code target} and makes the
   * link owner-only.
   *
   * @return the permissions {@code source} had, for the manifest; null if it could not be linked,
   *     and then nothing is left at {@code target}
   * @throws FileAlreadyExistsException if {@code target} exists (the archive is not fresh)
   */
  String link(Path source, Path target, long size) throws IOException {
    if (unavailable) {
      return null;
    }
    String permissions = Permissions.of(source);
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      giveUp("cannot hard-link " + source + " into the archive: " + e);
      return null;
    }
    try {
      Permissions.set(target, Permissions.OWNER_ONLY_FORM);
    } catch (IOException | SecurityException e) {
      Files.delete(target);
      giveUp("cannot make the link " + target + " owner-only: " + e);
      return null;
    }
    linked++;
    bytes += size;
    return permissions;
  }

  /** Logs how many files were linked, if any. */
  void report(Path archiveDir) {
    if (linked > 0) {
      log.info(
          "archive {}: {} files ({} bytes) taken from the snapshot's private copies by hard link,"
              + " not copied again",
          archiveDir,
          linked,
          bytes);
    }
  }

  private void giveUp(String why) {
    unavailable = true;
    log.debug("{}; copying this archive's files instead", why);
  }
}
