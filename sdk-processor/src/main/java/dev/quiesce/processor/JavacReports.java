package dev.quiesce.processor;

import com.sun.source.util.Trees;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * What javac reports by itself, so that the processor does not say it a second time. A type that
 * never resolves in a class whose source javac compiles is reported by javac ("cannot find symbol")
 * where it is written: on the parameter, the return type, the annotation attribute. The processor's
 * own message there would only repeat it. Without the Tree API (another compiler, or a wrapped
 * environment) nothing is known, so the processor reports.
 */
final class JavacReports {
  private final Trees trees;

  private JavacReports(Trees trees) {
    this.trees = trees;
  }

  static JavacReports of(ProcessingEnvironment env) {
    try {
      return new JavacReports(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError e) {
      return new JavacReports(null);
    }
  }

  /** Whether javac reports the unresolved types written in {@code type}: it compiles its source. */
  boolean unresolvedIn(Element type) {
    try {
      return trees != null && trees.getPath(type) != null;
    } catch (RuntimeException | LinkageError e) {
      return false; // then the processor reports it itself
    }
  }
}
