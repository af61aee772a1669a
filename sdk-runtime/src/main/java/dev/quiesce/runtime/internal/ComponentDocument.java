package dev.quiesce.runtime.internal;

import dev.quiesce.api.BackupType;
import dev.quiesce.api.ComponentBackupContext;
import dev.quiesce.api.FileRestoreStatus;
import dev.quiesce.api.metadata.DifferencedFiles;
import dev.quiesce.runtime.ComponentBackupData;
import dev.quiesce.runtime.ComponentRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One session's Backup Components Document: per component, what the requestor gives the writers
 * (previous stamps, backup metadata and targets at restore, file restore status) and what the
 * writers leave (backup metadata, stamps, differenced files, restore metadata). Values are checked
 * against their bound here, where both the event contexts and {@code WriterContext} write them.
 */
final class ComponentDocument {
  private final Map<ComponentRef, Slot> slots = new ConcurrentHashMap<>();

  /** One component's values; each field written by one side and read by the other. */
  private static final class Slot {
    volatile String previousStamp;
    volatile String backupMetadata;
    volatile String backupStamp;
    volatile String restoreMetadata;
    volatile Path restoreTarget;
    volatile FileRestoreStatus fileRestoreStatus = FileRestoreStatus.NONE;
    final List<DifferencedFiles> differenced = new ArrayList<>();
  }

  private Slot slot(ComponentRef ref) {
    return slots.computeIfAbsent(ref, r -> new Slot());
  }

  private Optional<Slot> existing(ComponentRef ref) {
    return Optional.ofNullable(slots.get(ref));
  }

  /**
   * Checks that {@code value} fits the bound of {@link ComponentBackupContext#MAX_VALUE_BYTES}.
   *
   * @throws IllegalArgumentException naming the component, the size and the bound
   */
  static String bounded(String what, ComponentRef ref, String value) {
    Objects.requireNonNull(value, what);
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > ComponentBackupContext.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          what
              + " of component "
              + ref
              + " is "
              + bytes
              + " bytes in UTF-8, more than the bound of "
              + ComponentBackupContext.MAX_VALUE_BYTES
              + " bytes (64 KiB): keep a reference (a file name, a position) rather than the data");
    }
    return value;
  }

  // ---- backup ----

  void setPreviousStamp(ComponentRef ref, String stamp) {
    slot(ref).previousStamp = bounded("the previous backup stamp", ref, stamp);
  }

  Optional<String> previousStamp(ComponentRef ref) {
    return existing(ref).map(s -> s.previousStamp);
  }

  void setBackupMetadata(ComponentRef ref, String metadata) {
    slot(ref).backupMetadata = bounded("the backup metadata", ref, metadata);
  }

  void setBackupStamp(ComponentRef ref, String stamp) {
    slot(ref).backupStamp = bounded("the backup stamp", ref, stamp);
  }

  void addDifferencedFiles(ComponentRef ref, DifferencedFiles files) {
    Slot s = slot(ref);
    synchronized (s.differenced) {
      s.differenced.add(Objects.requireNonNull(files, "files"));
    }
  }

  /** What the writers left for {@code ref}, done as {@code type}. */
  ComponentBackupData backupData(ComponentRef ref, BackupType type) {
    Optional<Slot> s = existing(ref);
    List<DifferencedFiles> differenced;
    if (s.isPresent()) {
      synchronized (s.get().differenced) {
        differenced = List.copyOf(s.get().differenced);
      }
    } else {
      differenced = List.of();
    }
    return new ComponentBackupData(
        ref, type, s.map(x -> x.backupMetadata), s.map(x -> x.backupStamp), differenced);
  }

  // ---- restore ----

  Optional<String> backupMetadata(ComponentRef ref) {
    return existing(ref).map(s -> s.backupMetadata);
  }

  void setRestoreMetadata(ComponentRef ref, String metadata) {
    slot(ref).restoreMetadata = bounded("the restore metadata", ref, metadata);
  }

  Optional<String> restoreMetadata(ComponentRef ref) {
    return existing(ref).map(s -> s.restoreMetadata);
  }

  void setRestoreTarget(ComponentRef ref, Path directory) {
    slot(ref).restoreTarget = directory.toAbsolutePath().normalize();
  }

  Optional<Path> restoreTarget(ComponentRef ref) {
    return existing(ref).map(s -> s.restoreTarget);
  }

  void setFileRestoreStatus(ComponentRef ref, FileRestoreStatus status) {
    slot(ref).fileRestoreStatus = Objects.requireNonNull(status, "status");
  }

  FileRestoreStatus fileRestoreStatus(ComponentRef ref) {
    return existing(ref).map(s -> s.fileRestoreStatus).orElse(FileRestoreStatus.NONE);
  }
}
