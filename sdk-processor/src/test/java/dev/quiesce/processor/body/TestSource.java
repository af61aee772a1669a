package dev.quiesce.processor.body;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.QuiesceProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * A test source with a way to find the line of a marker in it, so tests assert exact lines without
 * counting by hand.
 *
 * @param name the fully qualified name of the top-level class
 * @param text the source
 */
record TestSource(String name, String text) {
  /** The usual imports of a writer, prepended to {@code body} in package {@code test}. */
  static TestSource writer(String simpleName, String body) {
    return new TestSource(
        "test." + simpleName,
        """
        package test;

        import dev.quiesce.api.*;
        import jakarta.inject.Inject;
        import java.nio.file.Path;
        import java.util.*;
        import java.util.function.*;

        """
            + body);
  }

  JavaFileObject file() {
    return JavaFileObjects.forSourceString(name, text);
  }

  /** The 1-based line of the only line containing {@code marker}. */
  long line(String marker) {
    List<Integer> lines = new ArrayList<>();
    String[] all = text.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      if (all[i].contains(marker)) {
        lines.add(i + 1);
      }
    }
    assertWithMessage("lines containing %s", marker).that(lines).hasSize(1);
    return lines.get(0);
  }

  /** Compiles with the Quiesce processor. */
  Compilation compile() {
    return Compiler.javac().withProcessors(new QuiesceProcessor()).compile(file());
  }
}
