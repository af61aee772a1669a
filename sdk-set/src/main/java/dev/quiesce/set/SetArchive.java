package dev.quiesce.set;

import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.runtime.archive.InvalidArchiveException;
import dev.quiesce.runtime.archive.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The set archive on disk (see {@link SetManifest} for its layout): reading and writing its
 * manifest, and describing a member's part once the member wrote it. Whoever writes a set (the
 * one-host requestor, a ZooKeeper requestor) writes the parts with the ordinary archive code, then
 * {@link #writeManifest} last: a directory without {@value SetManifest#FILE_NAME} is no set.
 */
public final class SetArchive {
  private SetArchive() {}

  /** Whether {@code dir} holds a set manifest (it may still be invalid). */
  public static boolean isSet(Path dir) {
    return Files.exists(dir.resolve(SetManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
  }

  /** Where {@code member}'s part goes in the set directory {@code setDir}. */
  public static Path partDir(Path setDir, String member) {
    if (!SetManifest.MEMBER_NAME.matcher(member).matches()) {
      throw new IllegalArgumentException(
          "member name '"
              + member
              + "' is not allowed: letters, digits, '.', '-', '_', at most 64, not starting with"
              + " '.', '-' or '_'");
    }
    return setDir.resolve(SetManifest.PARTS_DIR).resolve(member);
  }

  /** Reads and checks the set manifest of {@code setDir}, within the standard limits. */
  public static SetManifest readManifest(Path setDir) throws IOException {
    return readManifest(setDir, SetManifestLimits.STANDARD);
  }

  /**
   * Reads and checks the set manifest of {@code setDir}: a regular file (no link), no larger than
   * {@code limits}, valid by every rule of {@link SetManifest}. Reads no part.
   *
   * @throws InvalidArchiveException listing what is wrong
   */
  public static SetManifest readManifest(Path setDir, SetManifestLimits limits) throws IOException {
    String what = "set archive " + setDir;
    Path file = setDir.resolve(SetManifest.FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArchiveException(
          what,
          List.of(
              "it has no "
                  + SetManifest.FILE_NAME
                  + ": not a complete set (writing it was interrupted, or this is no set)"));
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidArchiveException(
          what, List.of(SetManifest.FILE_NAME + " is not a regular file (a link?): refused"));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(limits.maxBytes() + 1);
    }
    return SetManifestCodec.read(bytes, limits, what);
  }

  /**
   * Writes {@code manifest} into {@code setDir} durably: to a temporary file, synced, renamed over
   * {@value SetManifest#FILE_NAME}, then the directory synced, so a crash leaves the old state or
   * the new one, never half a manifest.
   *
   * @throws IllegalArgumentException if the manifest breaks a rule of the format
   */
  public static void writeManifest(Path setDir, SetManifest manifest) throws IOException {
    byte[] json = SetManifestCodec.write(manifest);
    Path temp = setDir.resolve(SetManifest.FILE_NAME + ".tmp");
    Files.deleteIfExists(temp);
    try (FileChannel out =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(json);
      while (buffer.hasRemaining()) {
        if (out.write(buffer) <= 0) {
          throw new IOException(
              "the file system took none of the set manifest's last bytes: it is probably full");
        }
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write " + temp + ": " + e.getMessage(), e);
    }
    Files.move(temp, setDir.resolve(SetManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(setDir, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * Describes {@code member}'s part, once its archive is whole in {@link #partDir}: the digest of
   * its manifest and its writer count, read from the archive itself.
   *
   * @throws InvalidArchiveException if the part's manifest is missing or invalid
   */
  public static SetManifest.Part describePart(Path setDir, String member, String host)
      throws IOException {
    Path dir = partDir(setDir, member);
    Manifest manifest = ArchiveReader.readManifest(dir);
    return new SetManifest.Part(
        member,
        host,
        SetManifest.partPath(member),
        sha256(dir.resolve(Manifest.FILE_NAME)),
        manifest.writers().size());
  }

  /** The SHA-256 (lowercase hex) of a regular file, not following a link. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java has to have", e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
