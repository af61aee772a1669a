package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Assertions on the errors of a compilation, by line. */
final class BodyAssertions {
  private BodyAssertions() {}

  /**
   * Asserts that the only error on the line of {@code marker} starts with {@code tag}, and returns
   * its message for further checks.
   */
  static String errorAt(Compilation compilation, TestSource source, String marker, String tag) {
    long line = source.line(marker);
    assertThat(compilation).hadErrorContaining(tag).inFile(source.file()).onLine(line);
    List<String> messages =
        compilation.errors().stream()
            .filter(error -> error.getLineNumber() == line)
            .filter(
                error ->
                    error.getSource() != null
                        && error.getSource().toUri().equals(source.file().toUri()))
            .map(error -> error.getMessage(Locale.ROOT))
            .toList();
    assertWithMessage("errors on line %s (%s)", line, marker).that(messages).hasSize(1);
    assertWithMessage("error on line %s", line).that(messages.get(0)).startsWith(tag + " ");
    return messages.get(0);
  }

  /** Asserts that no error or warning mentions an internal error of the processor. */
  static void noInternalError(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertWithMessage("diagnostics")
          .that(diagnostic.getMessage(Locale.ROOT))
          .doesNotContain("[Quiesce:InternalError]");
    }
  }
}
