package dev.quiesce.cli;

import dev.quiesce.runtime.archive.ArchiveReader;
import dev.quiesce.set.SetArchive;
import dev.quiesce.set.SetManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A set archive as {@code describe} shows it: the set manifest, and each part's summary as a single
 * archive's ({@link ArchiveSummary}). Reads manifests only.
 */
record SetSummary(
    String set, String snapshotSet, String kind, String createdAt, List<PartSummary> parts) {

  /** One member's part. */
  record PartSummary(
      String member, String host, String path, String manifestSha256, ArchiveSummary archive) {}

  static SetSummary of(Path dir) throws IOException {
    SetManifest m = SetArchive.readManifest(dir);
    List<PartSummary> parts = new ArrayList<>();
    for (SetManifest.Part p : m.parts()) {
      Path partDir = SetArchive.partDir(dir, p.member());
      parts.add(
          new PartSummary(
              p.member(),
              p.host(),
              p.path(),
              p.manifestSha256(),
              ArchiveSummary.of(
                  partDir.toAbsolutePath().toString(), ArchiveReader.readManifest(partDir))));
    }
    return new SetSummary(
        dir.toAbsolutePath().toString(),
        m.setId().toString(),
        m.kind().wireName(),
        m.created().toString(),
        parts);
  }

  /** The summary as lines for a terminal. */
  String text() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("%-14s%s%n", "set archive", Text.safe(set)));
    s.append(String.format("%-14s%s%n", "snapshot set", snapshotSet));
    s.append(String.format("%-14s%s, written %s%n", "kind", kind, createdAt));
    s.append(String.format("%-14s%d%n", "parts", parts.size()));
    for (PartSummary p : parts) {
      s.append('\n')
          .append("== part ")
          .append(Text.safe(p.member()))
          .append(" (host ")
          .append(Text.safe(p.host()))
          .append(")\n");
      s.append(p.archive().text());
    }
    return s.toString();
  }
}
