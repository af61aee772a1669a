package dev.quiesce.processor.testing;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.QuiesceProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources with the Quiesce processor, as a consumer's build would. */
public final class Compilations {
  /**
   * Every lint javac has except {@code processing}: that one warns about annotations no processor
   * <em>claimed</em>, and Quiesce deliberately claims none (so other processors still see them).
   */
  public static final String LINT = "-Xlint:all,-processing";

  private Compilations() {}

  /** Compiles {@code sources} with the processor and all lint warnings on. */
  public static Compilation compile(JavaFileObject... sources) {
    return compileWith(List.of(), sources);
  }

  /** Compiles {@code sources} with the Quiesce processor followed by {@code others}. */
  public static Compilation compileWith(List<Processor> others, JavaFileObject... sources) {
    List<Processor> processors = new ArrayList<>();
    processors.add(new QuiesceProcessor());
    processors.addAll(others);
    return Compiler.javac().withProcessors(processors).withOptions(LINT).compile(sources);
  }

  /** A source file {@code test/<simpleName>.java} made of {@code lines}. */
  public static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }
}
