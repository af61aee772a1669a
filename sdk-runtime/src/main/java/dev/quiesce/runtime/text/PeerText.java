package dev.quiesce.runtime.text;

/**
 * Makes a string that came from someone else (a requestor's name, a path, a message the daemon or a
 * peer sent) safe to put in a log line or on a terminal: every character that could start a new
 * line, move the cursor, or reorder what is shown is replaced by a visible escape. Without this, a
 * requestor named {@code "nightly\n12:00:00 INFO backup succeeded"} forges a line in the daemon's
 * log, and a daemon's message can rewrite what the command line shows.
 *
 * <p>Escaped: C0 and C1 controls and DEL ({@code \n}, {@code \r} and {@code \t} as such, the others
 * as {@code \}{@code uXXXX}), the Unicode line and paragraph separators, format characters (which
 * include the bidirectional overrides and isolates) and unpaired surrogates. Everything else,
 * including other non-ASCII text, is kept.
 */
public final class PeerText {
  private PeerText() {}

  /** The text with its unsafe characters escaped; {@code "null"} for {@code null}. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
        if (unsafe(codePoint)) {
          b.append(String.format("\\u%04x\\u%04x", (int) c, (int) text.charAt(i + 1)));
        } else {
          b.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (unsafe(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@link #escape(String)} of the object's {@code toString()}. */
  public static String escape(Object value) {
    return escape(value == null ? null : value.toString());
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (unsafe(codePoint)) {
        return i;
      }
      i += Character.charCount(codePoint);
    }
    return -1;
  }

  private static boolean unsafe(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}
