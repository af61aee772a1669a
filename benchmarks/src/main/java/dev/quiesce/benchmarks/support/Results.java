package dev.quiesce.benchmarks.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The figures a command-line measurement hands to the report: a properties file. */
public final class Results {
  private Results() {}

  /** Adds {@code values} to the properties file at {@code file}, creating it if needed. */
  public static void append(Path file, Properties values) {
    Properties all = read(file);
    all.putAll(values);
    try (Writer w = Files.newBufferedWriter(file)) {
      all.store(w, "quiesce benchmark figures");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The properties at {@code file}; empty if there is none. */
  public static Properties read(Path file) {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }
}
