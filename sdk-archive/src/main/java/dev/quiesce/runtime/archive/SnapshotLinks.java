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
 * <p>A link keeps the snapshot file's permissions, which are the original's: the archive's {@code
 * data/} directory, which only its owner can enter, keeps everyone else out of it, as it does of
 * every file in it. Changing the link's mode would change the shadow copy's too (they are one
 * file), and the copy provider links an unchanged file's copy again into its next snapshot only if
 * the copy still has the original's mode. The manifest records the permissions read before the
 * link, from the snapshot.
 *
 * <p>A link that cannot be made (another filesystem, a filesystem without hard links, a file this
 * process may not link) is no error: the file is copied as before. The archive writer links each
 * file on a thread of its hashing pool, right before it hashes it.
 */
final class SnapshotLinks {
  private static final Logger log = LoggerFactory.getLogger(SnapshotLinks.class);

  private SnapshotLinks() {}

  /**
   * Links {@code source} as {@code target}.
   *
   * @return the permissions {@code source} had; null if it could not be linked, and then nothing is
   *     left at {@code target}
   */
  static String link(Path source, Path target) throws IOException {
    String permissions = Permissions.of(source);
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      log.debug("cannot hard-link {} into the archive ({}); copying instead", source, e.toString());
      return null;
    }
    return permissions;
  }
}
