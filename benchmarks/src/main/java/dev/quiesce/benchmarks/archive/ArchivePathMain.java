package dev.quiesce.benchmarks.archive;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.benchmarks.support.Results;
import dev.quiesce.benchmarks.support.Stats;
import dev.quiesce.benchmarks.support.Trees;
import dev.quiesce.runtime.archive.ArchiveRequest;
import dev.quiesce.runtime.archive.ArchiveVerifier;
import dev.quiesce.runtime.archive.ArchiveWriter;
import dev.quiesce.runtime.archive.CheckedRestore;
import dev.quiesce.runtime.archive.ComponentFiles;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.archive.RestoreTarget;
import dev.quiesce.runtime.archive.Restorer;
import dev.quiesce.runtime.archive.StagedRestore;
import dev.quiesce.runtime.archive.WriterFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The archive path as a user feels it: how fast a backup's archive is written and how fast it is
 * restored (with its verification), next to what they would do by hand ({@code cp -r}, {@code sync}
 * of the copies, {@code sha256sum}) and next to the archive path before the pipeline ({@link
 * SerialBaseline}), all on the same files in the same run, rounds interleaved, so that the ratios
 * hold on a shared, noisy machine even where the absolute figures do not.
 *
 * <p>Per round: the archive written the old way and the new ({@link ArchiveWriter}); {@code cp} +
 * {@code sync} + {@code sha256sum}; the restore the old way (verify, then copy hashing again) and
 * the new ({@link Restorer#restoreTo}: one read, hashed while written); the restore in place, to
 * the files' original paths, over the data set itself with the same bytes, the old way (verify,
 * then copy beside each file hashing again, then rename) and the new (one read, staged in a private
 * directory beside the data set, then renamed, as {@code BackupApplication} does around
 * PreRestore); and {@code verify} alone. The files are in the page cache (they were just written or
 * read), as they are right after a snapshot; the syncs go to the device, and the filesystem is
 * synced (untimed) before each timed step, so that no step pays for the writes of the one before.
 *
 * <p>Usage: {@code ArchivePathMain [--work DIR] [--rounds N] [--out results.properties] [--data
 * DIR] [MiB ...]}: data sets of each size are built once under {@code DIR/data-<n>mib} (default
 * {@code benchmarks/target/archive-path}) and reused; {@code --data} measures an existing directory
 * (a Derby database, say) instead.
 */
public final class ArchivePathMain {
  private ArchivePathMain() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of("benchmarks/target/archive-path");
    Path out = null;
    Path given = null;
    int rounds = 5;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--work" -> work = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--data" -> given = Path.of(args[++i]);
        default -> sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (given == null && sizes.isEmpty()) {
      sizes = List.of(10, 100, 1024);
    }
    work = work.toAbsolutePath();
    Files.createDirectories(work);
    System.out.println(
        "archive path: medians of "
            + rounds
            + " interleaved rounds; MB/s = 10^6 bytes/s; ratios per round, then their median");
    Properties figures = new Properties();
    for (int mib : sizes) {
      Path data = DataSet.ensure(work.resolve("data-" + mib + "mib"), mib);
      measure(mib + "mib", data, work, rounds, figures);
    }
    if (given != null) {
      measure("given", given.toAbsolutePath(), work, rounds, figures);
    }
    if (out != null) {
      Results.append(out, figures);
    }
  }

  private static void measure(String name, Path data, Path work, int rounds, Properties figures)
      throws IOException, InterruptedException {
    List<Path> files = DataSet.files(data);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(data.resolve(f));
    }
    WriterMetadata metadata = metadata(data);
    ArchiveRequest request = request(metadata);
    Path scratch = work.resolve("scratch");
    String[] steps = {
      "write.serial",
      "write.pipeline",
      "cp+sync+sha256sum",
      "restore.serial",
      "restore.onepass",
      "verify",
      "restore.inplace.serial",
      "restore.inplace"
    };
    double[][] seconds = new double[steps.length][rounds];
    for (int r = 0; r < rounds; r++) {
      Trees.delete(scratch);
      Files.createDirectories(scratch);
      Path archive = scratch.resolve("archive");
      boolean oldFirst = r % 2 == 0;
      for (int s : oldFirst ? new int[] {0, 1} : new int[] {1, 0}) {
        Tools.settle(scratch);
        long start = System.nanoTime();
        if (s == 0) {
          SerialBaseline.write(data, files, scratch.resolve("serial"));
        } else {
          new ArchiveWriter().write(archive, request, p -> p);
        }
        seconds[s][r] = (System.nanoTime() - start) / 1e9;
      }
      Tools.settle(scratch);
      long start = System.nanoTime();
      Tools.copySyncAndHash(data, files, scratch.resolve("cp"));
      seconds[2][r] = (System.nanoTime() - start) / 1e9;
      for (int s : oldFirst ? new int[] {3, 4} : new int[] {4, 3}) {
        Tools.settle(scratch);
        start = System.nanoTime();
        if (s == 3) {
          SerialBaseline.restore(archive, scratch.resolve("restored-serial"));
        } else {
          new Restorer().restoreTo(archive, scratch.resolve("restored-onepass"));
        }
        seconds[s][r] = (System.nanoTime() - start) / 1e9;
      }
      Tools.settle(scratch);
      start = System.nanoTime();
      ArchiveVerifier.verify(archive);
      seconds[5][r] = (System.nanoTime() - start) / 1e9;
      for (int s : oldFirst ? new int[] {6, 7} : new int[] {7, 6}) {
        Tools.settle(scratch);
        start = System.nanoTime();
        if (s == 6) {
          SerialBaseline.restore(archive, UnaryOperator.identity());
        } else {
          restoreInPlace(archive, metadata);
        }
        seconds[s][r] = (System.nanoTime() - start) / 1e9;
      }
    }
    Trees.delete(scratch);
    System.out.printf(Locale.ROOT, "%n%s: %d files, %,d bytes%n", name, files.size(), bytes);
    for (int s = 0; s < steps.length; s++) {
      Stats stats = new Stats(seconds[s]);
      double mbps = bytes / 1e6 / stats.median();
      System.out.printf(
          Locale.ROOT,
          "  %-20s %8.3f s median (min %.3f, max %.3f)  %8.1f MB/s%n",
          steps[s],
          stats.median(),
          stats.min(),
          stats.max(),
          mbps);
      figures.setProperty("archive." + name + "." + steps[s] + ".s", fmt(stats.median()));
      figures.setProperty("archive." + name + "." + steps[s] + ".MBps", fmt(mbps));
    }
    ratio(name, "write.pipeline / write.serial", seconds[1], seconds[0], figures);
    ratio(name, "write.pipeline / cp+sync+sha256sum", seconds[1], seconds[2], figures);
    ratio(name, "restore.onepass / restore.serial", seconds[4], seconds[3], figures);
    ratio(name, "restore.onepass / cp+sync+sha256sum", seconds[4], seconds[2], figures);
    ratio(name, "restore.inplace / restore.inplace.serial", seconds[7], seconds[6], figures);
  }

  /** Restores {@code archive} over its original files, the in-place way of a requestor. */
  private static void restoreInPlace(Path archive, WriterMetadata metadata) throws IOException {
    Restorer restorer = new Restorer();
    CheckedRestore inPlace =
        restorer.check(restorer.inspect(archive), RestoreTarget.originalPaths(List.of(metadata)));
    try (StagedRestore staged = restorer.stage(inPlace)) {
      staged.putInPlace();
    }
  }

  private static void ratio(
      String name, String label, double[] after, double[] before, Properties figures) {
    double[] ratios = new double[after.length];
    for (int i = 0; i < after.length; i++) {
      ratios[i] = after[i] / before[i];
    }
    Stats stats = new Stats(ratios);
    System.out.printf(
        Locale.ROOT,
        "  time %-38s %.2fx (min %.2f, max %.2f)%n",
        label,
        stats.median(),
        stats.min(),
        stats.max());
    figures.setProperty(
        "archive." + name + ".ratio." + label.replace(" / ", "/").replace(' ', '_'),
        fmt(stats.median()));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** One writer whose one component is every file under {@code data}. */
  private static WriterMetadata metadata(Path data) {
    WriterMetadata.Builder builder =
        WriterMetadata.builder(
            "bench-db",
            UUID.nameUUIDFromBytes("bench-db".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "",
            UsageType.USER_DATA,
            SourceType.TRANSACTED_DB,
            ApplicationLevel.BACK_END);
    builder.component("data").database().files(data, "*", true);
    return builder.build();
  }

  /** A request for {@code metadata}'s one component. */
  private static ArchiveRequest request(WriterMetadata metadata) throws IOException {
    return new ArchiveRequest(
        SnapshotSetId.random(),
        "copy",
        QuiesceOutcome.quiesced(),
        Instant.now(),
        Duration.ZERO,
        List.of(new WriterFiles(metadata, List.of(ComponentFiles.scan(metadata, "data", p -> p)))));
  }
}
