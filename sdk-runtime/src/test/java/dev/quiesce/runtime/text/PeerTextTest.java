package dev.quiesce.runtime.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PeerTextTest {
  @Test
  void plainTextIsKeptAsItIs() {
    String text = "nightly-backup /var/db/Zürich 東京 😀";
    assertSame(text, PeerText.escape(text));
  }

  @Test
  void whatCouldForgeALineIsEscaped() {
    assertEquals(
        "evil\\n12:00:00 INFO backup succeeded\\r\\tx",
        PeerText.escape("evil\n12:00:00 INFO backup succeeded\r\tx"));
    assertEquals("a\\u2028b\\u2029c\\u0085d", PeerText.escape("a\u2028b\u2029c\u0085d"));
  }

  @Test
  void terminalAndBidiControlsAreEscaped() {
    assertEquals("\\u001b[2Jcleared\\u007f", PeerText.escape("\u001b[2Jcleared\u007f"));
    assertEquals("txt.\\u202egnp", PeerText.escape("txt.\u202egnp"));
    assertEquals("\\u2066x\\u2069\\u200f", PeerText.escape("\u2066x\u2069\u200f"));
  }

  @Test
  void anUnpairedSurrogateIsEscapedAndNullIsSaid() {
    assertEquals("a\\ud800b", PeerText.escape("a\ud800b"));
    assertEquals("null", PeerText.escape((String) null));
  }
}
