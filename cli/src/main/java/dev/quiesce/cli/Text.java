package dev.quiesce.cli;

import dev.quiesce.runtime.archive.TerminalProgress;
import dev.quiesce.runtime.text.PeerText;

/** How the command line prints what it did not write itself, and sizes. */
final class Text {
  private Text() {}

  /**
   * {@code s} with every character that could forge a line or move the cursor escaped, so that a
   * name or message from an archive or a daemon prints as what it is.
   */
  static String safe(String s) {
    return PeerText.escape(s);
  }

  /** {@code bytes} in binary units, as the progress line shows them: {@code 1.5 KiB}. */
  static String bytes(long bytes) {
    return TerminalProgress.bytes(bytes);
  }
}
