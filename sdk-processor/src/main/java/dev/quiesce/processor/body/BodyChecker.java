package dev.quiesce.processor.body;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks the bodies of writers with javac's Tree API, once javac has attributed them.
 *
 * <p>Why not during annotation processing: method bodies are not attributed then, and attributing
 * them early (which {@code Trees.getElement} does on demand) changes the trees javac compiles
 * later; a record's compact constructor, for one, then fails with "canonical constructor must not
 * contain explicit constructor invocation". So the processor only notes the writers ({@link
 * #defer}), and this listener reads each class when javac reports it analyzed (attributed and
 * flow-checked, not yet lowered). A writer's supertypes with source are read at the same time or
 * earlier, when they are analyzed themselves, so their trees are never read lowered either.
 *
 * <p>The only class that needs the Tree API, so that {@link BodyRules} loads where it is missing.
 */
final class BodyChecker implements TaskListener {
  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final RestrictedMethods restricted;
  private final ContextTypes contexts;
  private final CallResolver resolver;
  private final NestedTypes nested;
  private final TreeReporter printer;

  /** Writers noted during processing and not checked yet, by qualified name. */
  private final Set<String> pending = new LinkedHashSet<>();

  /** The writer and all its supertypes, for each pending writer met in an event already. */
  private final Map<String, List<TypeElement>> typesByWriter = new HashMap<>();

  /** The classes read so far, by qualified name. */
  private final Map<String, TypeSummary> summaries = new HashMap<>();

  private BodyChecker(Trees trees, ProcessingEnvironment env, Reporter reporter) {
    this.trees = trees;
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.reporter = reporter;
    this.restricted = new RestrictedMethods(elements, types);
    this.contexts = new ContextTypes(elements, types);
    this.resolver = new CallResolver(trees, types);
    this.nested = new NestedTypes(types);
    this.printer = new TreeReporter(trees, reporter);
  }

  /**
   * A checker listening to the compilation of {@code env}.
   *
   * @throws IllegalArgumentException if {@code env} is not javac's own (a wrapper or another
   *     compiler), so the Tree API cannot be reached
   */
  static BodyChecker create(ProcessingEnvironment env, Reporter reporter) {
    BodyChecker checker = new BodyChecker(Trees.instance(env), env, reporter);
    JavacTask.instance(env).addTaskListener(checker);
    return checker;
  }

  /** Notes {@code writer} to be checked once javac has analyzed it. */
  void defer(TypeElement writer) {
    pending.add(writer.getQualifiedName().toString());
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() == TaskEvent.Kind.ANALYZE
        && event.getTypeElement() != null
        && !pending.isEmpty()) {
      analyzed(event.getTypeElement());
    }
  }

  private void analyzed(TypeElement analyzed) {
    for (String name : List.copyOf(pending)) {
      TypeElement writer = elements.getTypeElement(name);
      if (writer == null || trees.getPath(writer) == null) {
        pending.remove(name); // gone or without source: nothing to read
        typesByWriter.remove(name);
        continue;
      }
      try {
        List<TypeElement> hierarchy =
            typesByWriter.computeIfAbsent(name, unused -> Hierarchy.typesOf(writer, types));
        for (TypeElement type : hierarchy) {
          if (isWithin(type, analyzed) && readable(type)) {
            summary(type); // now, before javac lowers it
          }
        }
        if (isWithin(writer, analyzed)) {
          pending.remove(name);
          typesByWriter.remove(name);
          check(Hierarchy.of(writer, this::readable, elements, types));
        }
      } catch (RuntimeException | StackOverflowError | AssertionError e) {
        // javac signals its own inconsistencies with AssertionError; a bug here must not take the
        // compilation down with it, nor hide the other writers' results.
        pending.remove(name);
        typesByWriter.remove(name);
        reporter.report(Diagnostic.INTERNAL_ERROR, writer, writer, stackTrace(e));
      }
    }
    forgetUnneeded();
  }

  /**
   * Drops the summaries no pending writer needs, so their trees can be freed. Every writer is noted
   * during annotation processing, before the first class is analyzed, so no writer that needs a
   * dropped summary can come later.
   */
  private void forgetUnneeded() {
    Set<String> needed = new HashSet<>();
    for (List<TypeElement> hierarchy : typesByWriter.values()) {
      for (TypeElement type : hierarchy) {
        needed.add(type.getQualifiedName().toString());
      }
    }
    summaries.keySet().retainAll(needed);
  }

  private void check(Hierarchy hierarchy) {
    List<TypeSummary> parts = new ArrayList<>();
    for (TypeElement type : hierarchy.sourceTypes()) {
      parts.add(summary(type));
    }
    CallGraph graph = CallGraph.assemble(hierarchy, parts);
    Reachability reachability = Reachability.of(graph);
    for (CallSite site : graph.restrictedCalls()) {
      RestrictedCallRule.check(site, reachability.reaching(site.unit()), hierarchy.writer())
          .ifPresent(printer::print);
    }
    for (TypeSummary part : parts) {
      part.escapes().forEach(printer::print);
    }
  }

  /**
   * Whether {@code type}'s code can be read with a writer's: it was read already (javac may have
   * lowered and dropped its tree since), or its source is being compiled.
   */
  private boolean readable(TypeElement type) {
    return summaries.containsKey(type.getQualifiedName().toString()) || trees.getPath(type) != null;
  }

  private TypeSummary summary(TypeElement type) {
    return summaries.computeIfAbsent(type.getQualifiedName().toString(), name -> read(type));
  }

  private TypeSummary read(TypeElement type) {
    TreePath path = trees.getPath(type);
    List<Finding> escapes = EscapeFinder.find(type, path, trees, contexts, restricted, nested);
    return TypeScanner.scan(type, path, trees, restricted, resolver, nested, escapes);
  }

  /** Whether {@code type} is {@code container} or nested in it. */
  private static boolean isWithin(TypeElement type, TypeElement container) {
    for (Element element = type; element != null; element = element.getEnclosingElement()) {
      if (element.equals(container)) {
        return true;
      }
    }
    return false;
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
