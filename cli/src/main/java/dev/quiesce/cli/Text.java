package dev.quiesce.cli;

import dev.quiesce.runtime.text.PeerText;
import java.util.Locale;

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

  /** {@code bytes} in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 8.0 GiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
