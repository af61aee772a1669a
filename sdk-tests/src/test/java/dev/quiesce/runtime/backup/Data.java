package dev.quiesce.runtime.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The data trees the rig's writers own. */
final class Data {
  private Data() {}

  /**
   * Makes a writer's tree under {@code dir}: a binary database file, a log, an empty file, a name
   * with spaces and {@code %}, a subdirectory two levels deep, and two {@code *.lck} files the
   * writer excludes.
   */
  static Path tree(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.write(dir.resolve("orders.db"), bytes(64 * 1024, 42));
    Files.writeString(dir.resolve("orders.log"), "committed order\n".repeat(100));
    Files.write(dir.resolve("empty.dat"), new byte[0]);
    Files.writeString(dir.resolve("name with spaces & 100%.txt"), "odd name\n");
    Files.writeString(dir.resolve("sub/index.idx"), "index v1\n");
    Files.write(dir.resolve("sub/deeper/blob.bin"), bytes(5_000, 7));
    Files.writeString(dir.resolve("db.lck"), "locked by pid 1\n");
    Files.writeString(dir.resolve("sub/other.lck"), "locked\n");
    return dir;
  }

  /** {@code size} pseudo-random bytes, the same for the same seed. */
  static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Where a restore under {@code target} puts the copy of {@code original}. */
  static Path under(Path target, Path original) {
    Path absolute = original.toAbsolutePath().normalize();
    return target.resolve(absolute.getRoot().relativize(absolute).toString());
  }
}
