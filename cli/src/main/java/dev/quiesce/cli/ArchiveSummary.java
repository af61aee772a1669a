package dev.quiesce.cli;

import dev.quiesce.runtime.archive.FileEntry;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.WriterEntry;
import java.util.List;

/**
 * An archive's manifest as a person (or {@code describe --json}) wants it: what was backed up, from
 * which snapshot set, whether the writers were quiesced, when, how long they were frozen, and how
 * much data each component holds. Not the file list: that is {@code manifest.json}'s.
 */
record ArchiveSummary(
    String archive,
    String snapshotSet,
    String provider,
    String quiesce,
    String quiesceReason,
    String startedAt,
    long frozenMillis,
    long copyMillis,
    long files,
    long bytes,
    List<WriterSummary> writers) {

  /** One writer of the archive. */
  record WriterSummary(
      String name,
      String instance,
      String level,
      String restoreMethod,
      List<ComponentSummary> components) {}

  /** One component the archive holds. */
  record ComponentSummary(String name, long files, long bytes) {}

  static ArchiveSummary of(String archive, Manifest m) {
    List<WriterSummary> writers = m.writers().stream().map(w -> writer(w, m.files())).toList();
    return new ArchiveSummary(
        archive,
        m.snapshotSetId().toString(),
        m.provider(),
        m.outcome().status().name(),
        m.outcome().reason(),
        m.timings().startedAt().toString(),
        m.timings().freezeWindow().toMillis(),
        m.timings().copy().toMillis(),
        m.files().size(),
        m.totalBytes(),
        writers);
  }

  private static WriterSummary writer(WriterEntry w, List<FileEntry> files) {
    List<ComponentSummary> components =
        w.selectedComponents().stream()
            .map(
                name -> {
                  List<FileEntry> of =
                      files.stream()
                          .filter(f -> f.writerId().equals(w.metadata().writerId()))
                          .filter(f -> f.instanceName().equals(w.metadata().instanceName()))
                          .filter(f -> f.component().equals(name))
                          .toList();
                  return new ComponentSummary(
                      name, of.size(), of.stream().mapToLong(FileEntry::size).sum());
                })
            .toList();
    return new WriterSummary(
        w.metadata().writerName(),
        w.metadata().instanceName(),
        w.metadata().level().name(),
        w.metadata().restoreMethod().name(),
        components);
  }

  /** The summary as lines for a terminal. */
  String text() {
    StringBuilder s = new StringBuilder();
    line(s, "archive", Text.safe(archive));
    line(s, "snapshot set", snapshotSet);
    line(s, "taken", startedAt + " by the " + Text.safe(provider) + " provider");
    line(
        s,
        "writers",
        quiesce.equals("QUIESCED")
            ? "quiesced"
            : "NOT quiesced: crash-consistent (" + Text.safe(quiesceReason) + ")");
    line(s, "frozen", frozenMillis + " ms; archive written in " + copyMillis + " ms");
    line(s, "data", files + " files, " + Text.bytes(bytes));
    for (WriterSummary w : writers) {
      s.append('\n')
          .append(Text.safe(w.name() + (w.instance().isEmpty() ? "" : " / " + w.instance())))
          .append("  (")
          .append(w.level())
          .append(", restore method ")
          .append(w.restoreMethod())
          .append(")\n");
      for (ComponentSummary c : w.components()) {
        s.append("  ")
            .append(Text.safe(c.name()))
            .append(": ")
            .append(c.files())
            .append(" files, ")
            .append(Text.bytes(c.bytes()))
            .append('\n');
      }
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String label, String value) {
    s.append(String.format("%-14s%s%n", label, value));
  }
}
