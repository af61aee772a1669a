package dev.quiesce.examples.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code .ci/run} and the README's Quick start honest: CI runs the README's test command, and
 * nothing in the script can fail at random before a test has run.
 */
class CiScriptTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * A pipeline under {@code pipefail} fails when its reader stops early ({@code mvn -v | head -1}
   * kills Maven with SIGPIPE now and then): the script must have none.
   */
  @Test
  void ciScriptHasNoPipeline() throws IOException {
    List<String> lines = script();
    assertTrue(lines.stream().anyMatch(l -> l.contains("pipefail")), "the script sets pipefail");
    for (String line : lines) {
      String code = withoutComment(line).replace("||", "");
      assertTrue(
          !code.contains("|"),
          ".ci/run pipes output under pipefail, which can fail at random: " + line.strip());
    }
  }

  @Test
  void ciScriptRunsTheReadmesTestCommand() throws IOException {
    List<String> quickStart = quickStartCommands();
    assertEquals(2, quickStart.size(), "the Quick start block is two commands: " + quickStart);
    String testCommand = quickStart.get(1);
    assertTrue(
        script().stream().map(String::strip).anyMatch(testCommand::equals),
        ".ci/run must run the README's test command '" + testCommand + "' as it is");
  }

  private static List<String> script() throws IOException {
    return Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
  }

  /** The lines of the first fenced block under {@code ## Quick start}. */
  private static List<String> quickStartCommands() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher block =
        Pattern.compile("(?s)## Quick start\\s*\\n```[a-z]*\\n(.*?)```").matcher(readme);
    assertTrue(block.find(), "README.md has a fenced block under ## Quick start");
    return block.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String withoutComment(String line) {
    String stripped = line.strip();
    return stripped.startsWith("#") ? "" : stripped;
  }
}
