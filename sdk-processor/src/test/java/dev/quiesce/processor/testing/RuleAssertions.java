package dev.quiesce.processor.testing;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.quiesce.processor.Diagnostic;
import javax.tools.JavaFileObject;

/** Assertions for rule tests: which error, on which line, and nothing else. */
public final class RuleAssertions {
  private RuleAssertions() {}

  /**
   * Asserts that compiling failed with exactly one error, {@code diagnostic}, on the one line of
   * {@code source} that contains {@code line}.
   */
  public static void assertOnlyError(
      Compilation compilation, JavaFileObject source, Diagnostic diagnostic, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertError(compilation, source, diagnostic, line);
  }

  /**
   * Asserts an error {@code diagnostic} on the one line of {@code source} containing {@code line}.
   */
  public static void assertError(
      Compilation compilation, JavaFileObject source, Diagnostic diagnostic, String line) {
    assertThat(compilation)
        .hadErrorContaining(diagnostic.tag())
        .inFile(source)
        .onLineContaining(line);
  }
}
