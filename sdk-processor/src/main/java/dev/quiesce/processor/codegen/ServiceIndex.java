package dev.quiesce.processor.codegen;

import com.palantir.javapoet.ClassName;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The {@code META-INF/services} file listing every generated dispatcher, by which the runtime finds
 * them with {@code ServiceLoader}. Like AutoService, it collects names over all rounds and writes
 * the file once, when processing is over (a resource can be created only once per compilation),
 * merged with the file an earlier, incremental compilation left, sorted and without duplicates.
 */
public final class ServiceIndex {
  /** Where the index goes in the class output. */
  public static final String PATH = "META-INF/services/dev.quiesce.api.spi.WriterDispatcher";

  private final SortedSet<String> dispatchers = new TreeSet<>();

  /** Lists {@code dispatcher} in the index. */
  public void add(ClassName dispatcher) {
    dispatchers.add(dispatcher.reflectionName());
  }

  /**
   * Writes the index, merged with any existing one; does nothing if no dispatcher was generated.
   *
   * @throws IOException if the existing index cannot be read or the new one written
   */
  public void write(Filer filer) throws IOException {
    if (dispatchers.isEmpty()) {
      return;
    }
    SortedSet<String> all = new TreeSet<>(dispatchers);
    all.addAll(existing(filer));
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String dispatcher : all) {
        out.write(dispatcher);
        out.write('\n');
      }
    }
  }

  /** The names in the index a previous compilation wrote to the same output; none if none. */
  private static SortedSet<String> existing(Filer filer) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int comment = line.indexOf('#');
        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } catch (FileNotFoundException | NoSuchFileException notThere) {
      // A first, or clean, build: there is nothing to merge with.
      return names;
    }
    return names;
  }
}
