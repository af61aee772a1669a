package dev.quiesce.cli;

import dev.quiesce.runtime.archive.Manifest;
import java.util.Locale;

/** How an archive's quiesce outcome reads in one phrase. */
final class Outcomes {
  private Outcomes() {}

  /** {@code quiesced}, or {@code crash-consistent (why)}. */
  static String describe(Manifest m) {
    String status = m.outcome().status().toString().toLowerCase(Locale.ROOT).replace('_', '-');
    return m.outcome().reason().isBlank()
        ? status
        : status + " (" + Text.safe(m.outcome().reason()) + ")";
  }
}
