package dev.quiesce.benchmarks.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A data set shaped like a database's directory, built once and reused: one table file of about 60%
 * of the size, four indexes of 5% each, 1 MiB log files for most of the rest, and 200 small files
 * of 8 KiB (catalog pages, control files). Random bytes, so nothing on the way compresses or skips
 * them. A directory with {@code .complete} in it is taken as built.
 */
final class DataSet {
  private static final int MIB = 1024 * 1024;
  private static final String COMPLETE = ".complete";

  private DataSet() {}

  /** The data set of {@code mib} MiB in {@code dir}, built there first if it is not yet. */
  static Path ensure(Path dir, int mib) throws IOException {
    if (Files.exists(dir.resolve(COMPLETE))) {
      return dir;
    }
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(mib);
    long total = (long) mib * MIB;
    long small = 200L * 8192;
    long table = total * 60 / 100;
    long index = total * 5 / 100;
    write(dir.resolve("seg0/c480.dat"), table, random);
    for (int i = 0; i < 4; i++) {
      write(dir.resolve("seg0/c4" + (9 + i) + "1.dat"), index, random);
    }
    long logs = Math.max(0, total - table - 4 * index - small);
    for (int i = 0; logs > 0; i++) {
      long size = Math.min(MIB, logs);
      write(dir.resolve("log/log" + (i + 1) + ".dat"), size, random);
      logs -= size;
    }
    for (int i = 0; i < 200; i++) {
      write(dir.resolve("seg0/s" + (10 + i) + "0.dat"), 8192, random);
    }
    Files.writeString(dir.resolve(COMPLETE), mib + " MiB\n");
    return dir;
  }

  /** The regular files of the data set (not its marker), relative to {@code dir}. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(COMPLETE))
          .map(dir::relativize)
          .sorted()
          .toList();
    }
  }

  private static void write(Path file, long size, SplittableRandom random) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] chunk = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        for (int i = 0; i < chunk.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            chunk[i + b] = (byte) (v >>> (8 * b));
          }
        }
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
  }
}
