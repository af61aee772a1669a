package dev.quiesce.processor.testing;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.processor.QuiesceProcessor;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

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

  /**
   * The outcome of a compilation into a real directory.
   *
   * @param succeeded whether javac succeeded
   * @param output what javac printed
   */
  public record OnDisk(boolean succeeded, String output) {}

  /**
   * Compiles {@code sources} with the processor into {@code classes}, which is also on the class
   * path: for what Compile Testing cannot show, such as an index merged with an earlier
   * compilation's or the files a failed compilation wrote.
   */
  public static OnDisk compileInto(Path classes, Path... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      JavaCompiler.CompilationTask task =
          javac.getTask(
              output,
              files,
              null,
              List.of(
                  "-d",
                  classes.toString(),
                  "-classpath",
                  System.getProperty("java.class.path") + File.pathSeparator + classes),
              null,
              files.getJavaFileObjects(sources));
      task.setProcessors(List.of(new QuiesceProcessor()));
      return new OnDisk(task.call(), output.toString());
    }
  }

  /** A source file {@code test/<simpleName>.java} made of {@code lines}. */
  public static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }
}
