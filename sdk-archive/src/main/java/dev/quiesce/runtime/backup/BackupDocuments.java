package dev.quiesce.runtime.backup;

import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.archive.ComponentChanges;
import dev.quiesce.runtime.archive.ComponentData;
import dev.quiesce.runtime.archive.ComponentValue;
import dev.quiesce.runtime.archive.Manifest;
import dev.quiesce.runtime.archive.WriterEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves the Backup Components Document between sessions and archives: the writers' values into the
 * manifest after PostSnapshot, the previous stamps from a base's manifest into a backup session,
 * the backup metadata from a manifest into a restore session.
 */
final class BackupDocuments {
  private BackupDocuments() {}

  /** The document the writers left, for the manifest; components of unknown writers are skipped. */
  static List<ComponentData> toManifest(List<ComponentBackupData> document, Selection selection) {
    List<ComponentData> data = new ArrayList<>();
    for (ComponentBackupData d : document) {
      Optional<WriterMetadata> writer = writer(selection, d.component());
      if (writer.isEmpty()) {
        continue;
      }
      List<ComponentValue> values = new ArrayList<>();
      d.backupMetadata()
          .ifPresent(m -> values.add(ComponentValue.of(ComponentValue.Kind.BACKUP_METADATA, m)));
      d.backupStamp()
          .ifPresent(s -> values.add(ComponentValue.of(ComponentValue.Kind.BACKUP_STAMP, s)));
      data.add(
          new ComponentData(
              writer.get().writerId(),
              writer.get().instanceName(),
              d.component().component(),
              d.backupType(),
              values));
    }
    return data;
  }

  /** How each component's files are chosen against the base. */
  static List<ComponentChanges> changes(List<ComponentBackupData> document, Selection selection) {
    List<ComponentChanges> changes = new ArrayList<>();
    for (ComponentBackupData d : document) {
      writer(selection, d.component())
          .ifPresent(
              w ->
                  changes.add(
                      new ComponentChanges(
                          w.writerId(),
                          w.instanceName(),
                          d.component().component(),
                          d.backupType(),
                          d.differencedFiles())));
    }
    return changes;
  }

  /** Gives each writer the stamps it left in {@code base}. Returns how many were given. */
  static int previousStamps(Manifest base, BackupSession session) {
    int given = 0;
    for (ComponentData d : base.backupComponents().components()) {
      Optional<String> stamp = d.value(ComponentValue.Kind.BACKUP_STAMP);
      Optional<String> name = writerName(base, d);
      if (stamp.isPresent() && name.isPresent()) {
        session.setPreviousBackupStamp(new ComponentRef(name.get(), d.component()), stamp.get());
        given++;
      }
    }
    return given;
  }

  /** Gives each writer the metadata it kept with the backup of the selected components. */
  static void backupMetadata(Manifest manifest, List<ComponentRef> selected, RestoreSession s) {
    for (ComponentData d : manifest.backupComponents().components()) {
      Optional<String> metadata = d.value(ComponentValue.Kind.BACKUP_METADATA);
      Optional<String> name = writerName(manifest, d);
      if (metadata.isPresent() && name.isPresent()) {
        ComponentRef ref = new ComponentRef(name.get(), d.component());
        if (selected.contains(ref)) {
          s.setBackupMetadata(ref, metadata.get());
        }
      }
    }
  }

  private static Optional<String> writerName(Manifest manifest, ComponentData d) {
    return manifest.writers().stream()
        .map(WriterEntry::metadata)
        .filter(m -> m.writerId().equals(d.writerId()))
        .filter(m -> m.instanceName().equals(d.instanceName()))
        .map(WriterMetadata::writerName)
        .findFirst();
  }

  private static Optional<WriterMetadata> writer(Selection selection, ComponentRef ref) {
    return selection.writers().stream()
        .map(Selection.Writer::metadata)
        .filter(m -> m.writerName().equals(ref.writer()))
        .findFirst();
  }
}
