package dev.quiesce.processor.body;

import com.sun.source.util.TreePath;
import dev.quiesce.processor.Diagnostic;
import java.util.List;

/**
 * A problem found in a body, to be printed at a tree.
 *
 * @param diagnostic which rule
 * @param at where: the offending call or expression
 * @param args the diagnostic's format arguments
 */
record Finding(Diagnostic diagnostic, TreePath at, List<String> args) {
  Finding {
    args = List.copyOf(args);
  }

  String message() {
    return diagnostic.format(args.toArray());
  }
}
