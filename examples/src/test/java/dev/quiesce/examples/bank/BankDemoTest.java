package dev.quiesce.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, smaller: backups of a Derby bank taken under continuous transfers, each
 * restored into a fresh directory and checked by Derby and by the bank's invariant.
 */
class BankDemoTest {
  @TempDir Path work;

  @Test
  void everyBackupTakenUnderLoadRestoresConsistent() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    BankDemo.DemoResult result =
        BankDemo.run(new DemoOptions(3, 5_000, 2, 100, work.resolve("demo")), out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(3, result.backups());
    assertTrue(result.allConsistent(), printed);
    assertTrue(printed.contains("3/3 backups restored and consistent"), printed);
    assertEquals(3, result.controls());
  }

  @Test
  void optionsAreParsedAndBadOnesNamed() {
    DemoOptions options = DemoOptions.parse("--backups", "4", "--work", "/tmp/x");
    assertEquals(4, options.backups());
    assertEquals(Path.of("/tmp/x"), options.work());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> DemoOptions.parse("--backups", "many"));
    assertEquals("--backups takes a whole number, not 'many'", e.getMessage());
  }
}
