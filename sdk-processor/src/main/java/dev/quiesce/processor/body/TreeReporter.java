package dev.quiesce.processor.body;

import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints findings at their tree (the file and line of the offending call or expression) and counts
 * errors with the processor's {@link Reporter}. Prints one error per call site or escaping
 * expression in a compilation, even when a supertype's code is read for several writers (the first
 * writer's analysis is printed).
 */
final class TreeReporter {
  private final Trees trees;
  private final Reporter reporter;
  private final Set<String> printed = new HashSet<>();

  TreeReporter(Trees trees, Reporter reporter) {
    this.trees = trees;
    this.reporter = reporter;
  }

  void print(Finding finding) {
    TreePath at = finding.at();
    SourcePositions positions = trees.getSourcePositions();
    String key =
        at.getCompilationUnit().getSourceFile().toUri()
            + ":"
            + positions.getStartPosition(at.getCompilationUnit(), at.getLeaf())
            + (finding.diagnostic() == Diagnostic.CONTEXT_ESCAPE ? ":escape" : ":call");
    if (printed.add(key)) {
      reporter.count(finding.diagnostic());
      trees.printMessage(
          finding.diagnostic().kind(), finding.message(), at.getLeaf(), at.getCompilationUnit());
    }
  }
}
