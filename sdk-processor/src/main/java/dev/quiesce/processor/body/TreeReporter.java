package dev.quiesce.processor.body;

import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.quiesce.processor.Diagnostic;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints findings at their tree (the file and line of the offending call or expression) through
 * {@link Trees}. They are found once javac has analyzed the writers, after annotation processing,
 * so nothing the processor decides depends on them. Prints one error per call site or escaping
 * expression in a compilation, even when a supertype's code is read for several writers (the first
 * writer's analysis is printed).
 */
final class TreeReporter {
  private final Trees trees;
  private final Set<String> printed = new HashSet<>();

  TreeReporter(Trees trees) {
    this.trees = trees;
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
      trees.printMessage(
          finding.diagnostic().kind(), finding.message(), at.getLeaf(), at.getCompilationUnit());
    }
  }
}
