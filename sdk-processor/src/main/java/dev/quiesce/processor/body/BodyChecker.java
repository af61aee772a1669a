package dev.quiesce.processor.body;

import com.sun.source.util.Trees;
import dev.quiesce.processor.Reporter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the bodies of one writer at a time with javac's Tree API: builds the call graph, finds
 * which events and other starting points reach each restricted call, and looks for escaping
 * contexts. The only class that needs {@link Trees}, so that {@link BodyRules} can load where the
 * Tree API is missing.
 */
final class BodyChecker {
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final RestrictedMethods restricted;
  private final ContextTypes contexts;
  private final TreeReporter printer;

  private BodyChecker(Trees trees, ProcessingEnvironment env, Reporter reporter) {
    this.trees = trees;
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.restricted = new RestrictedMethods(elements, types);
    this.contexts = new ContextTypes(elements, types);
    this.printer = new TreeReporter(trees, reporter);
  }

  /**
   * A checker for {@code env}.
   *
   * @throws IllegalArgumentException if {@code env} is not javac's own (a wrapper or another
   *     compiler), so the Tree API cannot be reached
   */
  static BodyChecker create(ProcessingEnvironment env, Reporter reporter) {
    return new BodyChecker(Trees.instance(env), env, reporter);
  }

  void check(TypeElement writer) {
    if (trees.getPath(writer) == null) {
      return; // no source: compiled earlier, checked then
    }
    Hierarchy hierarchy = Hierarchy.of(writer, trees, elements, types);
    CallResolver resolver = new CallResolver(trees, types, hierarchy);
    CallGraph graph = CallGraphBuilder.build(trees, hierarchy, restricted, resolver);
    Reachability reachability = Reachability.of(graph);
    for (CallSite site : graph.restrictedCalls()) {
      RestrictedCallRule.check(site, reachability.reaching(site.unit()))
          .ifPresent(printer::print);
    }
    EscapeFinder.find(trees, contexts, restricted, hierarchy).forEach(printer::print);
  }
}
