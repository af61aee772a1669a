package dev.quiesce.processor.testing;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.TestInfo;

/**
 * Golden files of generated sources, under {@code src/test/resources/goldens/<TestClass>/<method>/
 * <qualified name>.java}. Run the tests with {@code -Dgoldens.update=true} to rewrite them from
 * what the processor generates now, then review the diff.
 */
public final class Goldens {
  private static final boolean UPDATE = Boolean.getBoolean("goldens.update");

  private Goldens() {}

  /** Asserts that {@code qualifiedName} was generated exactly as its golden file says. */
  public static void assertGenerated(Compilation compilation, String qualifiedName, TestInfo test) {
    String relative =
        "goldens/"
            + test.getTestClass().orElseThrow().getSimpleName()
            + "/"
            + test.getTestMethod().orElseThrow().getName()
            + "/"
            + qualifiedName
            + ".java";
    String expected;
    if (UPDATE) {
      Path golden = Path.of("src/test/resources").resolve(relative);
      write(compilation, qualifiedName, golden);
      expected = readFile(golden);
    } else {
      expected = read(relative);
    }
    assertThat(compilation)
        .generatedSourceFile(qualifiedName)
        .contentsAsUtf8String()
        .isEqualTo(expected);
  }

  private static void write(Compilation compilation, String qualifiedName, Path golden) {
    JavaFileObject generated =
        compilation
            .generatedFile(
                StandardLocation.SOURCE_OUTPUT, qualifiedName.replace('.', '/') + ".java")
            .orElseThrow(() -> new AssertionError("not generated: " + qualifiedName));
    try {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, generated.getCharContent(true), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readFile(Path golden) {
    try {
      return Files.readString(golden, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String relative) {
    try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(relative)) {
      if (in == null) {
        throw new AssertionError(
            "no golden file " + relative + "; run with -Dgoldens.update=true to create it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
