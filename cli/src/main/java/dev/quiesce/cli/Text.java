package dev.quiesce.cli;

import java.util.Locale;

/** How the command line prints what it did not write itself, and sizes. */
final class Text {
  private Text() {}

  /**
   * {@code s} with every control character escaped ({@code \n} as {@code \\n}, others as {@code
   * \\u001b}), so that a name or message from an archive or a daemon cannot forge a line or move
   * the cursor in what the command line prints.
   */
  static String safe(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = escape(c);
      if (escaped != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        out.append(escaped != null ? escaped : String.valueOf(c));
      }
    }
    return out == null ? s : out.toString();
  }

  private static String escape(char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    boolean control = Character.isISOControl(c);
    boolean lineOrBidi =
        c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
            || (c >= '\u2066' && c <= '\u2069');
    return control || lineOrBidi ? String.format(Locale.ROOT, "\\u%04x", (int) c) : null;
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
