package dev.quiesce.runtime.archive;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SnapshotSetId;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/** A writer with two components over a small data tree, and helpers to archive it. */
final class Fixture {
  static final UUID WRITER_ID =
      UUID.nameUUIDFromBytes("orders-db".getBytes(StandardCharsets.UTF_8));
  static final SnapshotSetId SET_ID = SnapshotSetId.parse("6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");

  final Path data;

  Fixture(Path data) {
    this.data = data;
  }

  /** Makes the data tree: database files (one excluded), logs, a 3 MiB file, odd names. */
  /**
   * {@link #make()} plus {@code logs} more small log files: enough files for an archive or a
   * restore to be synced with one sync of its filesystem ({@code FilesystemSync.MIN_FILES}).
   */
  Fixture makeWithLogs(int logs) throws IOException {
    make();
    for (int i = 0; i < logs; i++) {
      Files.writeString(data.resolve(String.format("logs/%04d.log", i + 2)), "entry " + i);
    }
    return this;
  }

  Fixture make() throws IOException {
    Files.createDirectories(data.resolve("db/pages"));
    Files.createDirectories(data.resolve("logs"));
    Files.writeString(data.resolve("db/orders.db"), "orders table v1\n");
    Files.writeString(data.resolve("db/scratch.tmp"), "excluded");
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Files.write(data.resolve("db/pages/big.page"), big);
    Files.writeString(data.resolve("db/pages/odd \\ name 100%.page"), "odd");
    Files.writeString(data.resolve("db/empty"), "");
    Files.writeString(data.resolve("logs/0001.log"), "log one\n");
    Files.writeString(data.resolve("logs/notes.txt"), "not a log");
    return this;
  }

  WriterMetadata metadata(RestoreMethod method) {
    WriterMetadata.Builder builder =
        WriterMetadata.builder(
            "orders-db",
            WRITER_ID,
            "",
            UsageType.USER_DATA,
            SourceType.TRANSACTED_DB,
            ApplicationLevel.BACK_END);
    builder
        .component("orders")
        .database()
        .caption("the orders")
        .files(data.resolve("db"), "*", true);
    builder.component("logs").files(data.resolve("logs"), "*.log", false);
    builder.excludeFiles(data.resolve("db"), "*.tmp", true);
    return builder.restoreMethod(method).build();
  }

  ArchiveRequest request(Function<Path, Path> pathOf, RestoreMethod method) throws IOException {
    WriterMetadata metadata = metadata(method);
    List<ComponentFiles> components = new ArrayList<>();
    for (String component : List.of("orders", "logs")) {
      components.add(ComponentFiles.scan(metadata, component, pathOf));
    }
    return new ArchiveRequest(
        SET_ID,
        "copy",
        QuiesceOutcome.crashConsistent("writer slow-db did not freeze within 60 s"),
        Instant.parse("2026-11-24T23:00:00Z"),
        Duration.ofMillis(180),
        List.of(new WriterFiles(metadata, components)));
  }

  /** Archives the data as it is (the data itself standing in for its snapshot). */
  Manifest archive(Path archive) throws IOException {
    return archive(archive, ProgressListener.none(), RestoreMethod.RESTORE_IF_CAN_REPLACE);
  }

  Manifest archive(Path archive, ProgressListener listener, RestoreMethod method)
      throws IOException {
    return new ArchiveWriter(listener).write(archive, request(p -> p, method), p -> p);
  }

  /** Every regular file under {@code root}, by relative path, with its bytes. */
  static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> contents = new TreeMap<>();
    if (!Files.exists(root)) {
      return contents;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        contents.put(
            root.relativize(p).toString(),
            new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return contents;
  }

  /** Every path under {@code root} (empty if it does not exist). */
  static List<Path> tree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.sorted().toList();
    }
  }
}
