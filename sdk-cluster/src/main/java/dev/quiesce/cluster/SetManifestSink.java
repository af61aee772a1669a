package dev.quiesce.cluster;

import java.io.IOException;
import java.util.List;

/**
 * Writes a set's manifest from its members' part summaries, before the members are told COMPLETE.
 */
interface SetManifestSink {
  void write(SetSpec spec, List<PartSummary> parts) throws IOException;
}
