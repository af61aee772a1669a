package dev.quiesce.processor.body;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.quiesce.api.WriterEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Reads the bodies of a writer (and of its supertypes with source) into a {@link CallGraph}: one
 * {@link Unit} per method, constructor, initializer, lambda, method reference and inner class
 * body; an edge per call that runs code of the same writer instance; and every call of an
 * event-restricted method.
 */
final class CallGraphBuilder extends TreePathScanner<Void, Void> {
  private final Trees trees;
  private final Hierarchy hierarchy;
  private final RestrictedMethods restricted;
  private final CallResolver resolver;

  private final List<Unit> units = new ArrayList<>();
  private final Map<ExecutableElement, Unit> methodUnits = new HashMap<>();
  private final Map<Unit, Set<Unit>> calls = new LinkedHashMap<>();
  private final List<CallSite> restrictedCalls = new ArrayList<>();

  /** The code being read, innermost last; empty outside any unit (class headers). */
  private final Deque<Unit> open = new ArrayDeque<>();
  /** The classes enclosing the code being read, outermost (the type being read) first. */
  private final List<TypeElement> classes = new ArrayList<>();

  private ClassTree root;
  private CompilationUnitTree compilationUnit;

  private CallGraphBuilder(
      Trees trees, Hierarchy hierarchy, RestrictedMethods restricted, CallResolver resolver) {
    this.trees = trees;
    this.hierarchy = hierarchy;
    this.restricted = restricted;
    this.resolver = resolver;
  }

  static CallGraph build(
      Trees trees, Hierarchy hierarchy, RestrictedMethods restricted, CallResolver resolver) {
    CallGraphBuilder builder = new CallGraphBuilder(trees, hierarchy, restricted, resolver);
    for (TypeElement type : hierarchy.sourceTypes()) {
      builder.declareMethods(type);
    }
    for (TypeElement type : hierarchy.sourceTypes()) {
      TreePath path = trees.getPath(type);
      if (path != null && path.getLeaf() instanceof ClassTree classTree) {
        builder.root = classTree;
        builder.compilationUnit = path.getCompilationUnit();
        builder.classes.add(type);
        builder.scan(path, null);
        builder.classes.clear();
      }
    }
    Map<Unit, List<Unit>> edges = new LinkedHashMap<>();
    builder.calls.forEach((from, to) -> edges.put(from, List.copyOf(to)));
    return new CallGraph(builder.units, edges, builder.restrictedCalls);
  }

  /** Makes the units of a type's methods and constructors first, so calls can point forward. */
  private void declareMethods(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof ExecutableElement method
          && (method.getKind() == ElementKind.METHOD
              || method.getKind() == ElementKind.CONSTRUCTOR)) {
        methodUnits.put(method, methodUnit(method));
      }
    }
  }

  private Unit methodUnit(ExecutableElement method) {
    Set<WriterEvent> events = EventAnnotations.handledBy(method);
    if (events.isEmpty()) {
      // A method of the writer that declares its own contract runs, by that contract, only in
      // those events; its callers are checked like callers of any restricted method.
      restricted.of(method).ifPresent(contract -> events.addAll(contract.allowed()));
    }
    boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
    String label =
        constructor
            ? "constructor " + method.getEnclosingElement().getSimpleName()
            : method.getSimpleName().toString();
    Unit.Root root;
    if (!events.isEmpty()) {
      root = Unit.Root.EVENT;
    } else if (constructor) {
      root = Unit.Root.OUTSIDE;
    } else if (method.getModifiers().contains(Modifier.PRIVATE)) {
      root = Unit.Root.NONE;
    } else if (method.getModifiers().contains(Modifier.STATIC)
        || hierarchy.dispatch(method).equals(method)) {
      root = Unit.Root.OUTSIDE;
    } else {
      root = Unit.Root.NONE; // overridden: runs only through super.method()
    }
    return newUnit(
        constructor ? UnitKind.CONSTRUCTOR : UnitKind.METHOD,
        label,
        Optional.of(method),
        root,
        events);
  }

  private Unit newUnit(
      UnitKind kind,
      String label,
      Optional<ExecutableElement> method,
      Unit.Root root,
      Set<WriterEvent> events) {
    Unit unit = new Unit(units.size(), kind, label, method, root, events);
    units.add(unit);
    return unit;
  }

  private Unit newUnit(UnitKind kind, String label) {
    Unit.Root root = kind.deferred() ? Unit.Root.DEFERRED : Unit.Root.OUTSIDE;
    return newUnit(kind, label, Optional.empty(), root, EnumSet.noneOf(WriterEvent.class));
  }

  private boolean isMemberOfRoot() {
    return getCurrentPath().getParentPath().getLeaf() == root;
  }

  private Void within(Unit unit, Supplier<Void> body) {
    open.addLast(unit);
    try {
      return body.get();
    } finally {
      open.removeLast();
    }
  }

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    if (node == root) {
      return super.visitClass(node, unused);
    }
    TypeElement type =
        trees.getElement(getCurrentPath()) instanceof TypeElement element ? element : null;
    Tree parent = getCurrentPath().getParentPath().getLeaf();
    UnitKind kind;
    String label;
    if (parent instanceof NewClassTree) {
      kind = UnitKind.ANONYMOUS_CLASS;
      label = "anonymous class at line " + line(node) + " in " + context();
    } else if (parent instanceof ClassTree) {
      if (type != null && (Writers.isWriter(type) || hierarchy.contains(type))) {
        return null; // checked on its own, or read as part of the writer's hierarchy
      }
      kind = UnitKind.NESTED_CLASS;
      label = "nested class " + node.getSimpleName();
    } else {
      kind = UnitKind.LOCAL_CLASS;
      label = "local class " + node.getSimpleName() + " in " + context();
    }
    Unit unit = newUnit(kind, label);
    classes.add(type);
    try {
      return within(unit, () -> super.visitClass(node, unused));
    } finally {
      classes.remove(classes.size() - 1);
    }
  }

  @Override
  public Void visitMethod(MethodTree node, Void unused) {
    if (!isMemberOfRoot()) {
      return super.visitMethod(node, unused);
    }
    if (!(trees.getElement(getCurrentPath()) instanceof ExecutableElement method)) {
      return null; // javac could not make sense of it and says so itself
    }
    Unit unit = methodUnits.computeIfAbsent(method, this::methodUnit);
    return within(unit, () -> super.visitMethod(node, unused));
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    if (!isMemberOfRoot() || node.getInitializer() == null) {
      return super.visitVariable(node, unused);
    }
    Unit unit = newUnit(UnitKind.FIELD_INITIALIZER, "initializer of field " + node.getName());
    return within(unit, () -> super.visitVariable(node, unused));
  }

  @Override
  public Void visitBlock(BlockTree node, Void unused) {
    if (!isMemberOfRoot()) {
      return super.visitBlock(node, unused);
    }
    Unit unit =
        node.isStatic()
            ? newUnit(UnitKind.STATIC_INITIALIZER, "static initializer")
            : newUnit(UnitKind.INITIALIZER, "instance initializer");
    return within(unit, () -> super.visitBlock(node, unused));
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    if (open.isEmpty()) {
      return super.visitLambdaExpression(node, unused);
    }
    Unit unit = newUnit(UnitKind.LAMBDA, "lambda at line " + line(node) + " in " + context());
    return within(unit, () -> super.visitLambdaExpression(node, unused));
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    scan(node.getQualifierExpression(), unused); // evaluated now, where the reference is made
    if (open.isEmpty()
        || !(trees.getElement(getCurrentPath()) instanceof ExecutableElement target)) {
      return null;
    }
    Unit unit =
        newUnit(
            UnitKind.METHOD_REFERENCE,
            "method reference at line " + line(node) + " in " + context());
    Optional<RestrictedMethod> contract = restricted.of(target);
    if (contract.isPresent()) {
      restrictedCalls.add(new CallSite(unit, getCurrentPath(), contract.get()));
    } else {
      resolver
          .referenced(getCurrentPath(), target, classes)
          .map(methodUnits::get)
          .ifPresent(callee -> addCall(unit, callee));
    }
    return null;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    Unit unit = open.peekLast();
    if (unit != null && trees.getElement(getCurrentPath()) instanceof ExecutableElement callee) {
      Optional<RestrictedMethod> contract = restricted.of(callee);
      if (contract.isPresent()) {
        restrictedCalls.add(new CallSite(unit, getCurrentPath(), contract.get()));
      } else {
        resolver
            .invoked(getCurrentPath(), callee, classes)
            .map(methodUnits::get)
            .ifPresent(target -> addCall(unit, target));
      }
    }
    return super.visitMethodInvocation(node, unused);
  }

  private void addCall(Unit from, Unit to) {
    calls.computeIfAbsent(from, unit -> new LinkedHashSet<>()).add(to);
  }

  /** How labels name where a lambda or inner class is: the nearest named enclosing code. */
  private String context() {
    for (var units = open.descendingIterator(); units.hasNext(); ) {
      Unit unit = units.next();
      switch (unit.kind()) {
        case LAMBDA, METHOD_REFERENCE, ANONYMOUS_CLASS, LOCAL_CLASS -> {}
        default -> {
          return unit.label();
        }
      }
    }
    return "the class body";
  }

  private long line(Tree tree) {
    long position = trees.getSourcePositions().getStartPosition(compilationUnit, tree);
    return compilationUnit.getLineMap().getLineNumber(position);
  }
}
