package dev.quiesce.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.quiesce.processor.codegen.ServiceIndex;
import dev.quiesce.processor.testing.Compilations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services index in a real output directory, as an incremental build sees it: a compilation of
 * only some sources keeps the dispatchers an earlier compilation listed.
 */
class IncrementalIndexTest {
  @TempDir Path dir;

  private void compile(Path classes, String qualifiedName, String source) throws IOException {
    Path file = dir.resolve("src").resolve(qualifiedName.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
    Compilations.OnDisk result = Compilations.compileInto(classes, file);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).isEmpty();
  }

  private static String writer(String name) {
    return """
    package test;
    import dev.quiesce.api.*;
    @Writer(name = "%s")
    public class %s {
      @OnIdentify void identify() {}
    }
    """
        .formatted(name, name);
  }

  @Test
  void laterCompilationMergesWithTheIndexAlreadyThere() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path index = classes.resolve(ServiceIndex.PATH);

    compile(classes, "test.Zeta", writer("Zeta"));
    assertThat(Files.readString(index)).isEqualTo("test.Zeta_Dispatcher\n");

    // Recompiling only Alpha (Zeta unchanged) must not drop Zeta; recompiling Zeta must not
    // list it twice.
    compile(classes, "test.Alpha", writer("Alpha"));
    compile(classes, "test.Zeta", writer("Zeta"));
    assertThat(Files.readString(index)).isEqualTo("test.Alpha_Dispatcher\ntest.Zeta_Dispatcher\n");
  }
}
