package dev.quiesce.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's build snippet and test-kit example true to the build: a snippet that drifts (a
 * compiler plugin older than the one this build uses, no {@code release}, another version) is what
 * lets a user's build succeed without generating any dispatcher.
 */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern COMPILER_PLUGIN =
      Pattern.compile(
          "<artifactId>maven-compiler-plugin</artifactId>\\s*(?:<!--.*?-->\\s*)?<version>([^<]+)</version>",
          Pattern.DOTALL);

  @Test
  void theMavenSnippetUsesTheBuildsCompilerPluginReleaseAndVersions() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = section(readme, "## Adding Quiesce to a Maven build");
    String snippet = block(section, "```xml");

    assertEquals(
        one(COMPILER_PLUGIN, pom), one(COMPILER_PLUGIN, snippet), "maven-compiler-plugin version");
    assertEquals(
        one(Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>"), pom),
        one(Pattern.compile("<release>(\\d+)</release>"), snippet),
        "release");
    assertTrue(snippet.contains("<annotationProcessorPaths>"), snippet);

    String version =
        one(
            Pattern.compile(
                "<artifactId>quiesce-parent</artifactId>\\s*<version>([^<]+)</version>"),
            pom);
    Matcher quiesce =
        Pattern.compile(
                "<groupId>dev.quiesce</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(snippet);
    int artifacts = 0;
    while (quiesce.find()) {
      assertEquals(version, quiesce.group(2), quiesce.group(1) + "'s version");
      artifacts++;
    }
    assertEquals(3, artifacts, "sdk-api, sdk-runtime and sdk-processor in the snippet");
    assertTrue(
        section.contains("version `" + version + "`"), "the install paragraph names " + version);

    assertEquals(
        one(Pattern.compile("<slf4j.version>([^<]+)</slf4j.version>"), pom),
        one(
            Pattern.compile("<artifactId>slf4j-simple</artifactId>\\s*<version>([^<]+)</version>"),
            snippet),
        "slf4j-simple version");
  }

  @Test
  void theTestKitExampleIsWhatHarnessExampleTestRuns() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String example = block(section(readme, "### Testing a writer"), "```java");
    String body = example.substring(example.indexOf(".build()) {") + ".build()) {".length());
    String test =
        Files.readString(
            Path.of("src/test/java/dev/quiesce/examples/journal/HarnessExampleTest.java"));
    List<String> testLines = test.lines().map(String::strip).toList();
    for (String line :
        body.lines().map(ReadmeTest::code).filter(l -> !l.isEmpty() && !l.equals("}")).toList()) {
      assertTrue(testLines.contains(line), "README line not in HarnessExampleTest: " + line);
    }
  }

  private static String code(String line) {
    int comment = line.indexOf("//");
    return (comment < 0 ? line : line.substring(0, comment)).strip();
  }

  private static String section(String markdown, String heading) {
    int start = markdown.indexOf(heading);
    assertTrue(start >= 0, "README has no section " + heading);
    int next = markdown.indexOf("\n#", start + heading.length());
    return markdown.substring(start, next < 0 ? markdown.length() : next);
  }

  private static String block(String section, String fence) {
    int start = section.indexOf(fence);
    assertTrue(start >= 0, "no " + fence + " block in " + section);
    int end = section.indexOf("\n```", start + fence.length());
    return section.substring(start + fence.length(), end);
  }

  private static String one(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), pattern + " not found");
    return m.group(1);
  }
}
