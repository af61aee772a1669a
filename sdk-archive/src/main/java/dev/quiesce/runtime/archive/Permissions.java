package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POSIX permissions of archived files. Backed-up data is often private (a database file is {@code
 * rw-------}), so an archive's {@code data/} directory is one only its owner can enter, the archive
 * and restore create every file owner-only, and a restored file gets the permissions it had; owner
 * and group are not restored (that needs root). A file the archive takes from a snapshot by hard
 * link keeps the snapshot's permissions: the private directory keeps others out of it.
 */
final class Permissions {
  /** What the manifest holds: {@code rwxr-x---} form, or empty where the file system has none. */
  static final Pattern FORM = Pattern.compile("(?:[r-][w-][x-]){3}|");

  /** Read and write for the owner only: what the archive and restore create files with. */
  static final String OWNER_ONLY_FORM = "rw-------";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString(OWNER_ONLY_FORM);

  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private Permissions() {}

  /** The permissions of {@code file} in {@code rwxr-x---} form, or empty if not a POSIX system. */
  static String of(Path file) throws IOException {
    if (!isPosix(file)) {
      return "";
    }
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
  }

  /** Sets {@code permissions} ({@code rwxr-x---} form) on {@code file}; nothing if empty. */
  static void set(Path file, String permissions) throws IOException {
    if (!permissions.isEmpty() && isPosix(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
  }

  /** Creates {@code file} (which must not exist) for writing, readable by its owner only. */
  static FileChannel createPrivate(Path file) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (isPosix(file.getParent())) {
      FileAttribute<Set<PosixFilePermission>> ownerOnly =
          PosixFilePermissions.asFileAttribute(OWNER_ONLY);
      return FileChannel.open(file, options, ownerOnly);
    }
    return FileChannel.open(file, options);
  }

  /**
   * Creates the directory {@code dir} (its parent must exist) that only its owner can enter ({@code
   * rwx------}; where the file system has no POSIX permissions, a plain directory).
   */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (isPosix(dir.getParent())) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
    } else {
      Files.createDirectory(dir);
    }
  }

  private static boolean isPosix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        != null;
  }
}
