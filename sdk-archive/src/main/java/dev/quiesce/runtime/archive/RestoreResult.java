package dev.quiesce.runtime.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * What a restore did.
 *
 * @param manifest the verified manifest of the archive restored
 * @param restored the paths written, in order
 * @param skipped the paths left alone because they exist and their writer's restore method is
 *     {@link dev.quiesce.api.metadata.RestoreMethod#RESTORE_IF_NOT_THERE}
 * @param bytes the bytes written
 */
public record RestoreResult(
    Manifest manifest, List<Path> restored, List<Path> skipped, long bytes) {
  /** Copies the lists. */
  public RestoreResult {
    restored = List.copyOf(restored);
    skipped = List.copyOf(skipped);
  }
}
