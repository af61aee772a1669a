package dev.quiesce.processor.body;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.quiesce.processor.Diagnostic;
import dev.quiesce.processor.Reporter;
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
  private final ImplicitCalls implicit;
  private final ContextCalls contextCalls;
  private final TreeReporter printer;

  /** Writers noted during processing and not checked yet, by qualified name. */
  private final Set<String> pending = new LinkedHashSet<>();

  /** The writer, then its supertypes, for each writer not checked yet. */
  private final Map<String, List<TypeElement>> typesByWriter = new HashMap<>();

  /** See {@link #index()}. */
  private final Map<String, Set<String>> writersByOutermost = new HashMap<>();

  /** How many unchecked writers have each type in their hierarchy, by qualified name. */
  private final Map<String, Integer> neededBy = new HashMap<>();

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
    this.implicit = new ImplicitCalls(types);
    this.contextCalls = new ContextCalls(trees, elements, types, contexts);
    this.printer = new TreeReporter(trees);
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
        && (!pending.isEmpty() || !typesByWriter.isEmpty())) {
      analyzed(event.getTypeElement());
    }
  }

  private void analyzed(TypeElement analyzed) {
    Set<String> candidates = index().getOrDefault(outermostName(analyzed), Set.of());
    for (String name : List.copyOf(candidates)) {
      List<TypeElement> hierarchy = typesByWriter.get(name);
      if (hierarchy == null) {
        continue; // checked already
      }
      TypeElement writer = hierarchy.get(0);
      try {
        for (TypeElement type : hierarchy) {
          if (isWithin(type, analyzed) && readable(type)) {
            summary(type); // now, before javac lowers it
          }
        }
        if (isWithin(writer, analyzed)) {
          check(Hierarchy.of(writer, this::readable, elements, types));
          done(name);
        }
      } catch (RuntimeException | StackOverflowError | AssertionError e) {
        // javac signals its own inconsistencies with AssertionError; a bug here must not take the
        // compilation down with it, nor hide the other writers' results.
        done(name);
        reporter.report(Diagnostic.INTERNAL_ERROR, writer, writer, Reporter.stackTrace(e));
      }
    }
  }

  /**
   * The unchecked writers by the top-level class of each of their types (the writer and its
   * supertypes). Writers are noted during annotation processing, which is over before javac
   * analyzes the first class, so the index is made once, at the first event; it spares each event a
   * look at every writer (200 writers in 600 classes would otherwise be 120,000 look-ups).
   */
  private Map<String, Set<String>> index() {
    for (String name : pending) {
      TypeElement writer = elements.getTypeElement(name);
      if (writer == null || trees.getPath(writer) == null) {
        continue; // gone or without source: nothing to read
      }
      List<TypeElement> hierarchy = Hierarchy.typesOf(writer, types); // the writer first
      typesByWriter.put(name, hierarchy);
      hierarchy.forEach(
          type -> neededBy.merge(type.getQualifiedName().toString(), 1, Integer::sum));
      for (TypeElement type : hierarchy) {
        writersByOutermost.computeIfAbsent(outermostName(type), k -> new HashSet<>()).add(name);
      }
    }
    pending.clear();
    return writersByOutermost;
  }

  /**
   * Notes {@code writer} checked, and drops the summaries no unchecked writer needs any more, so
   * their trees can be freed.
   */
  private void done(String writer) {
    List<TypeElement> hierarchy = typesByWriter.remove(writer);
    if (hierarchy == null) {
      return;
    }
    for (TypeElement type : hierarchy) {
      String name = type.getQualifiedName().toString();
      if (neededBy.merge(name, -1, Integer::sum) == 0) {
        neededBy.remove(name);
        summaries.remove(name);
      }
    }
  }

  private static String outermostName(TypeElement type) {
    TypeElement outermost = type;
    for (Element e = type.getEnclosingElement(); e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement enclosing) {
        outermost = enclosing;
      }
    }
    return outermost.getQualifiedName().toString();
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
    List<Finding> escapes =
        EscapeFinder.find(type, path, trees, contexts, restricted, nested, contextCalls);
    return TypeScanner.scan(type, path, trees, restricted, resolver, nested, implicit, escapes);
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
}
