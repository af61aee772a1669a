package dev.quiesce.benchmarks;

import dev.quiesce.processor.QuiesceProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaCompiler.CompilationTask;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Quiesce processor adds to javac: {@code writers} writer classes compiled with and
 * without it, in the same JVM and the same run. The difference of the two is the processor's cost
 * (validation, method-body analysis, generation, and compiling the generated dispatchers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Fork(1)
public class ProcessorCostBenchmark {
  @Param("200")
  public int writers;

  private Path root;
  private List<Path> sources;
  private String classpath;
  private Path out;

  @Setup(Level.Trial)
  public void writeSources() throws IOException {
    root = Files.createTempDirectory("quiesce-javac-bench");
    sources = WriterSources.write(root, writers);
    classpath = System.getProperty("java.class.path");
  }

  @Setup(Level.Invocation)
  public void freshOutput() throws IOException {
    out = Files.createTempDirectory(root, "out");
  }

  @TearDown(Level.Trial)
  public void deleteSources() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** javac with the Quiesce processor. */
  @Benchmark
  public int javacWithProcessor() {
    return compile("-processor", QuiesceProcessor.class.getName(), "-processorpath", classpath);
  }

  /**
   * javac with the Quiesce processor handed over as an instance of this JVM's (warm) class: the
   * processor's own work, without loading it from the processor path afresh at every compile.
   */
  @Benchmark
  public int javacWithProcessorInstance() {
    return compile(List.of(new QuiesceProcessor()));
  }

  /** javac alone, processing off. */
  @Benchmark
  public int javacWithoutProcessor() {
    return compile("-proc:none");
  }

  private int compile(String... processing) {
    return compile(null, processing);
  }

  private int compile(List<Processor> processors, String... processing) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath", classpath));
    options.addAll(List.of(processing));
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      CompilationTask task =
          javac.getTask(
              diagnostics, files, null, options, null, files.getJavaFileObjectsFromPaths(sources));
      if (processors != null) {
        task.setProcessors(processors);
      }
      boolean ok = task.call();
      if (!ok) {
        throw new IllegalStateException("benchmark sources did not compile:\n" + diagnostics);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> classes = Files.walk(out)) {
      return (int) classes.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
