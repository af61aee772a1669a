package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** SHA-256 while copying or reading, in one pass over the bytes. */
final class Hashing {
  static final int BUFFER = 256 * 1024;

  private Hashing() {}

  /** The bytes copied and their SHA-256 (lowercase hex). */
  record Result(long size, String sha256) {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java has to have", e);
    }
  }

  /**
   * Copies {@code in} to {@code out} (if not null), hashing the bytes and telling {@code onBytes}
   * each chunk's size.
   */
  static Result copy(InputStream in, FileChannel out, LongConsumer onBytes) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (n == 0) {
        continue;
      }
      digest.update(buffer, 0, n);
      if (out != null) {
        DurableWrites.writeFully(out, ByteBuffer.wrap(buffer, 0, n));
      }
      size += n;
      onBytes.accept(n);
    }
    return new Result(size, HexFormat.of().formatHex(digest.digest()));
  }
}
