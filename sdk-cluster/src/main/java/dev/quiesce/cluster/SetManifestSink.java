package dev.quiesce.cluster;

import dev.quiesce.set.SetArchive;
import dev.quiesce.set.SetKind;
import dev.quiesce.set.SetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * Writes a set's manifest from its members' part summaries, once every part is written and before
 * the members are told COMPLETE: a set directory without its manifest is no set.
 */
interface SetManifestSink {
  void write(SetSpec spec, List<PartSummary> parts) throws IOException;

  /** The set archive's manifest ({@code set-manifest.json}, kind {@code zookeeper}). */
  static SetManifestSink archive() {
    return (spec, parts) -> {
      Files.createDirectories(spec.target());
      SetArchive.writeManifest(
          spec.target(),
          new SetManifest(
              SetManifest.CURRENT_FORMAT_VERSION,
              spec.id(),
              Instant.now(),
              SetKind.ZOOKEEPER,
              parts.stream()
                  .map(
                      p ->
                          new SetManifest.Part(
                              p.member(), p.host(), p.path(), p.manifestSha256(), p.writers()))
                  .toList()));
    };
  }
}
