package dev.quiesce.benchmarks.precopy;

import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.spi.Snapshot;
import dev.quiesce.api.spi.SnapshotPreparation;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * How long the copy provider's {@code take} (its part of the write-blocked window) lasts with and
 * without a pre-copy, on the same data in the same run, when 1% of it changed between the pre-copy
 * and the freeze. Two kinds of change: pages overwritten in place at random across every file (each
 * file is then compared whole: the worst case for the pre-copy), and a few whole files rewritten
 * (the rest is proved unchanged by its stamps, unread). Then the two ways to find the changed
 * pages, on the same files: reading the copy and comparing, and hashing the source (SHA-256, what a
 * stored-hash scheme would have to compute inside the freeze).
 *
 * <p>Usage: {@code PreCopyWindowMain [dir] [megabytes] [iterations] [changed-percent]}, defaults
 * {@code <tmpdir>/quiesce-precopy-bench 200 5 1}. The data is made under {@code dir} (on the
 * filesystem to measure, one without reflinks for the pre-copy to matter) and deleted at the end.
 */
public final class PreCopyWindowMain {
  private static final int MB = 1024 * 1024;
  private static final int PAGE = 4096;

  private PreCopyWindowMain() {}

  public static void main(String[] args) throws IOException {
    Path dir =
        args.length > 0
            ? Path.of(args[0])
            : Path.of(System.getProperty("java.io.tmpdir"), "quiesce-precopy-bench");
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    double percent = args.length > 3 ? Double.parseDouble(args[3]) : 1;
    Files.createDirectories(dir);
    try {
      run(dir.toAbsolutePath().normalize(), megabytes, iterations, percent);
    } finally {
      Trees.delete(dir);
    }
  }

  private static void run(Path dir, int megabytes, int iterations, double percent)
      throws IOException {
    Path pages = makeData(dir.resolve("pages"), megabytes);
    Path files = makeData(dir.resolve("files"), megabytes);
    Path shadow = dir.resolve("shadow");
    CopySnapshotProvider full =
        CopySnapshotProvider.builder().shadowRoot(shadow).noPreCopy().build();
    CopySnapshotProvider pre =
        CopySnapshotProvider.builder().shadowRoot(shadow).preCopyFrom(0).build();
    Random random = new Random(1);
    long changedBytes = (long) (megabytes * (double) MB * percent / 100);

    double[] fullTake = new double[iterations];
    double[] pagesTake = new double[iterations];
    double[] pagesPrepare = new double[iterations];
    double[] filesTake = new double[iterations];
    double[] filesPrepare = new double[iterations];
    for (int i = -1; i < iterations; i++) {
      // i = -1 warms up the JIT and the page cache and is not counted.
      overwritePages(pages, changedBytes, random);
      double f = millis(() -> takeAndClose(full, pages));
      double[] p = preCopied(pre, pages, () -> overwritePages(pages, changedBytes, random));
      double[] w = preCopied(pre, files, () -> rewriteFiles(files, changedBytes, random));
      if (i >= 0) {
        fullTake[i] = f;
        pagesPrepare[i] = p[0];
        pagesTake[i] = p[1];
        filesPrepare[i] = w[0];
        filesTake[i] = w[1];
      }
    }
    System.out.printf(
        Locale.ROOT,
        "data: %d MB in %s (%s), %.1f%% changed between pre-copy and freeze, %d iterations%n",
        megabytes,
        dir,
        Files.getFileStore(dir).type(),
        percent,
        iterations);
    print("take, full copy inside the freeze", fullTake);
    print("take after pre-copy, pages changed across all files", pagesTake);
    print("  its pre-copy (before the freeze)", pagesPrepare);
    print("take after pre-copy, whole files rewritten", filesTake);
    print("  its pre-copy (before the freeze)", filesPrepare);
    ratio("window ratio, pages changed / full copy", pagesTake, fullTake);
    ratio("window ratio, files rewritten / full copy", filesTake, fullTake);
    compareVersusHash(pages, iterations);
  }

  /** Prepares, changes the data, takes; returns the prepare's and the take's milliseconds. */
  private static double[] preCopied(CopySnapshotProvider provider, Path data, Change change)
      throws IOException {
    SnapshotSetId id = SnapshotSetId.random();
    long start = System.nanoTime();
    try (SnapshotPreparation preparation = provider.prepare(id, List.of(data))) {
      double prepare = (System.nanoTime() - start) / 1e6;
      change.run();
      long taking = System.nanoTime();
      Snapshot snapshot = provider.take(id, List.of(data));
      double take = (System.nanoTime() - taking) / 1e6;
      snapshot.close();
      return new double[] {prepare, take};
    }
  }

  private interface Change {
    void run() throws IOException;
  }

  private interface Timed {
    void run() throws IOException;
  }

  private static double millis(Timed timed) throws IOException {
    long start = System.nanoTime();
    timed.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void takeAndClose(CopySnapshotProvider provider, Path data) throws IOException {
    provider.take(SnapshotSetId.random(), List.of(data)).close();
  }

  /** 60% of the data in one table file, the rest in files of 1 MB. */
  private static Path makeData(Path data, int megabytes) throws IOException {
    Files.createDirectories(data.resolve("seg"));
    Random random = new Random(megabytes);
    byte[] chunk = new byte[MB];
    int table = megabytes * 6 / 10;
    try (FileChannel out =
        FileChannel.open(
            data.resolve("table.dat"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < table; i++) {
        random.nextBytes(chunk);
        out.write(ByteBuffer.wrap(chunk));
      }
    }
    for (int i = 0; i < megabytes - table; i++) {
      random.nextBytes(chunk);
      Files.write(data.resolve("seg/s" + i + ".dat"), chunk);
    }
    return data;
  }

  /** Overwrites {@code bytes} worth of random pages of random files, in place. */
  private static void overwritePages(Path data, long bytes, Random random) throws IOException {
    List<Path> all = regularFiles(data);
    byte[] page = new byte[PAGE];
    for (long done = 0; done < bytes; done += PAGE) {
      Path file = all.get(random.nextInt(all.size()));
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        long pages = raf.length() / PAGE;
        random.nextBytes(page);
        raf.seek((long) random.nextInt((int) pages) * PAGE);
        raf.write(page);
      }
    }
  }

  /** Rewrites whole segment files, {@code bytes} worth. */
  private static void rewriteFiles(Path data, long bytes, Random random) throws IOException {
    List<Path> segments = regularFiles(data.resolve("seg"));
    byte[] chunk = new byte[MB];
    for (long done = 0; done < bytes; done += MB) {
      random.nextBytes(chunk);
      Files.write(segments.get(random.nextInt(segments.size())), chunk);
    }
  }

  /**
   * Reading the data and a copy of it and comparing, against reading the data and hashing it with
   * SHA-256 (the least a scheme of stored hashes would do inside the freeze), on the same files.
   */
  private static void compareVersusHash(Path data, int iterations) throws IOException {
    Path copy = data.resolveSibling("compare-copy");
    List<Path> sources = regularFiles(data);
    long total = 0;
    for (Path source : sources) {
      Path target = copy.resolve(data.relativize(source).toString());
      Files.createDirectories(target.getParent());
      Files.copy(source, target);
      total += Files.size(source);
    }
    double[] compare = new double[iterations];
    double[] hash = new double[iterations];
    ByteBuffer a = ByteBuffer.allocateDirect(MB);
    ByteBuffer b = ByteBuffer.allocateDirect(MB);
    byte[] heap = new byte[MB];
    for (int i = -1; i < iterations; i++) {
      double c =
          millis(
              () -> {
                for (Path source : sources) {
                  compareFile(source, copy.resolve(data.relativize(source).toString()), a, b);
                }
              });
      double h =
          millis(
              () -> {
                for (Path source : sources) {
                  hashFile(source, heap);
                }
              });
      if (i >= 0) {
        compare[i] = total / (double) MB / (c / 1000);
        hash[i] = total / (double) MB / (h / 1000);
      }
    }
    print("read both and compare, MB/s of data", compare);
    print("read and SHA-256 the source, MB/s of data", hash);
    Trees.delete(copy);
  }

  private static long compareFile(Path source, Path target, ByteBuffer a, ByteBuffer b)
      throws IOException {
    long differing = 0;
    try (FileChannel in = FileChannel.open(source);
        FileChannel old = FileChannel.open(target)) {
      for (long position = 0; position < in.size(); position += MB) {
        a.clear();
        b.clear();
        in.read(a, position);
        old.read(b, position);
        a.flip();
        b.flip();
        // As the provider's BlockDelta: jump from difference to difference.
        int length = a.limit();
        int common = Math.min(length, b.limit());
        int from = 0;
        while (from < common) {
          int m = a.slice(from, common - from).mismatch(b.slice(from, common - from));
          if (m < 0) {
            break;
          }
          differing++;
          from = (from + m) - (from + m) % PAGE + PAGE;
        }
      }
    }
    return differing;
  }

  private static void hashFile(Path source, byte[] buffer) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (var in = Files.newInputStream(source)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int page = 0; page < n; page += PAGE) {
          sha.update(buffer, page, Math.min(PAGE, n - page));
          sha.digest();
        }
      }
    }
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
    }
  }

  private static void print(String what, double[] values) {
    Stats s = new Stats(values);
    System.out.printf(
        Locale.ROOT, "%-55s median %9.1f  [%.1f..%.1f]%n", what, s.median(), s.min(), s.max());
  }

  private static void ratio(String what, double[] numerator, double[] denominator) {
    Stats n = new Stats(numerator);
    Stats d = new Stats(denominator);
    System.out.printf(
        Locale.ROOT,
        "%-55s median %9.3f  [%.3f..%.3f]%n",
        what,
        n.median() / d.median(),
        n.min() / d.max(),
        n.max() / d.min());
  }
}
