package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a regular file looked like when the pre-copy stat-ed it: enough to tell, inside the freeze,
 * that its contents cannot have changed since, without reading them.
 *
 * <p>Why this is safe: every write, truncate, rename over, {@code chmod} or {@code utimes} sets the
 * file's change time ({@code ctime}) to the kernel's clock, and no user can set it back. A file
 * whose size, mtime, ctime and identity (device and inode) are all as they were has therefore not
 * been touched since, with one exception: a write within the same clock tick as the stat leaves the
 * times as they were. So a stamp whose ctime is within {@code margin} of the moment the pre-copy
 * began is never trusted ({@link #trustedAgainst}): the file is compared by content. Where the
 * filesystem view gives no ctime (not a Unix platform), no stamp is trusted.
 *
 * @param size the size in bytes
 * @param lastModified the mtime
 * @param changed the ctime, or null where the platform does not report it
 * @param key the file's identity (device and inode), or null where not reported
 * @param mode the file's permission bits ({@code st_mode & 07777}), or -1 where not reported
 */
record FileStamp(long size, FileTime lastModified, FileTime changed, Object key, int mode) {
  /** The attributes {@link #of(Path)} reads, for callers that read more of them at once. */
  static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,dev,ino,mode";

  /**
   * Stats {@code file} without following links.
   *
   * @throws java.nio.file.NoSuchFileException if it is gone
   */
  static FileStamp of(Path file) throws IOException {
    try {
      return of(Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    } catch (UnsupportedOperationException e) {
      BasicFileAttributes basic =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new FileStamp(basic.size(), basic.lastModifiedTime(), null, basic.fileKey(), -1);
    }
  }

  /** The stamp in {@code unix}, read with (at least) {@link #UNIX_ATTRIBUTES}. */
  static FileStamp of(Map<String, Object> unix) {
    return new FileStamp(
        (Long) unix.get("size"),
        (FileTime) unix.get("lastModifiedTime"),
        (FileTime) unix.get("ctime"),
        unix.get("dev") + ":" + unix.get("ino"),
        (Integer) unix.get("mode") & 07777);
  }

  /**
   * Whether a file stamped {@code now} is certainly unchanged since it was stamped as this, when
   * this stamp was taken at or after {@code stampedFrom}: equal stamps, and a ctime older than
   * {@code stampedFrom} by more than {@code margin} (the clock tick, with room to spare).
   */
  boolean trustedAgainst(FileStamp now, Instant stampedFrom, Duration margin) {
    return changed != null
        && key != null
        && equals(now)
        && changed.toInstant().isBefore(stampedFrom.minus(margin));
  }
}
