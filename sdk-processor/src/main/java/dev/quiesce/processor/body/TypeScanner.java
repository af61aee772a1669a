package dev.quiesce.processor.body;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.processor.model.EventSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the bodies of one class into a {@link TypeSummary}: one {@link Unit} per method,
 * constructor, initializer, field initializer, lambda, method reference and inner class body; the
 * calls that run code of the same instance; every call of an event-restricted method.
 */
final class TypeScanner extends TreePathScanner<Void, Void> {
  private final Trees trees;
  private final RestrictedMethods restricted;
  private final CallResolver resolver;
  private final NestedTypes nested;
  private final ImplicitCalls implicit;
  private final ClassTree root;
  private final CompilationUnitTree compilationUnit;

  private final List<Unit> units = new ArrayList<>();
  private final Map<ExecutableElement, Unit> methodUnits = new HashMap<>();
  private final Map<Unit, List<Call>> calls = new LinkedHashMap<>();
  private final List<CallSite> restrictedCalls = new ArrayList<>();

  /** The code being read, innermost last; empty outside any unit (class headers). */
  private final Deque<Unit> open = new ArrayDeque<>();

  /** The member classes read with the class: their methods are units of their own. */
  private final Set<Tree> memberClasses = Collections.newSetFromMap(new IdentityHashMap<>());

  /** The classes enclosing the code being read, outermost (the type being read) first. */
  private final List<TypeElement> classes = new ArrayList<>();

  private TypeScanner(
      Trees trees,
      RestrictedMethods restricted,
      CallResolver resolver,
      NestedTypes nested,
      ImplicitCalls implicit,
      TreePath path) {
    this.trees = trees;
    this.restricted = restricted;
    this.resolver = resolver;
    this.nested = nested;
    this.implicit = implicit;
    this.root = (ClassTree) path.getLeaf();
    this.compilationUnit = path.getCompilationUnit();
  }

  /**
   * Reads {@code type}, whose tree is at {@code path}, into a summary that also holds the {@code
   * escapes} found in it.
   */
  static TypeSummary scan(
      TypeElement type,
      TreePath path,
      Trees trees,
      RestrictedMethods restricted,
      CallResolver resolver,
      NestedTypes nested,
      ImplicitCalls implicit,
      List<Finding> escapes) {
    TypeScanner scanner = new TypeScanner(trees, restricted, resolver, nested, implicit, path);
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof ExecutableElement method
          && (method.getKind() == ElementKind.METHOD
              || method.getKind() == ElementKind.CONSTRUCTOR)) {
        scanner.methodUnits.put(method, scanner.methodUnit(method));
      }
    }
    scanner.classes.add(type);
    scanner.scan(path, null);
    return new TypeSummary(
        type, scanner.units, scanner.methodUnits, scanner.calls, scanner.restrictedCalls, escapes);
  }

  private Unit methodUnit(ExecutableElement method) {
    Set<WriterEvent> events = eventsOf(method);
    if (events.isEmpty()) {
      // A method of the writer that declares its own contract runs, by that contract, only in
      // those events; its callers are checked like callers of any restricted method.
      restricted.of(method).ifPresent(contract -> events.addAll(contract.allowed()));
    }
    boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
    return newUnit(
        constructor ? UnitKind.CONSTRUCTOR : UnitKind.METHOD,
        constructor
            ? "constructor " + method.getEnclosingElement().getSimpleName()
            : method.getSimpleName().toString(),
        method,
        events);
  }

  /**
   * A method or constructor of a member class: {@code Helper.flush}, {@code constructor Helper}.
   */
  private Unit memberMethodUnit(ExecutableElement method) {
    Set<WriterEvent> events = EnumSet.noneOf(WriterEvent.class);
    restricted.of(method).ifPresent(contract -> events.addAll(contract.allowed()));
    String owner = method.getEnclosingElement().getSimpleName().toString();
    return newUnit(
        nested.methods().kindOf(method, classes.get(0)),
        method.getKind() == ElementKind.CONSTRUCTOR
            ? "constructor " + owner
            : owner + "." + method.getSimpleName(),
        method,
        events);
  }

  /** The events {@code method} is a handler of, from its annotations; empty for none. */
  private static Set<WriterEvent> eventsOf(ExecutableElement method) {
    Set<WriterEvent> events = EnumSet.noneOf(WriterEvent.class);
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (annotation.getAnnotationType().asElement() instanceof TypeElement type) {
        EventSpec.forAnnotation(type.getQualifiedName()).ifPresent(e -> events.add(e.event()));
      }
    }
    return events;
  }

  private Unit newUnit(
      UnitKind kind, String label, ExecutableElement method, Set<WriterEvent> events) {
    Unit unit = new Unit(kind, label, method, events);
    units.add(unit);
    return unit;
  }

  private Unit newUnit(UnitKind kind, String label) {
    return newUnit(kind, label, null, EnumSet.noneOf(WriterEvent.class));
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
      if (nested.readSeparately(type, classes.get(0))) {
        return null;
      }
      kind = UnitKind.NESTED_CLASS;
      label = "nested class " + node.getSimpleName();
      memberClasses.add(node);
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
    boolean ofMember = memberClasses.contains(getCurrentPath().getParentPath().getLeaf());
    if (!isMemberOfRoot() && !ofMember) {
      return super.visitMethod(node, unused);
    }
    if (!(trees.getElement(getCurrentPath()) instanceof ExecutableElement method)) {
      return null; // javac could not make sense of it and says so itself
    }
    Unit unit =
        ofMember
            ? methodUnits.computeIfAbsent(method, this::memberMethodUnit)
            : methodUnits.computeIfAbsent(method, this::methodUnit);
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
      restrictedCalls.add(new CallSite(classes.get(0), unit, getCurrentPath(), contract.get()));
    } else {
      resolver.referenced(getCurrentPath(), target, classes).ifPresent(call -> addCall(unit, call));
    }
    return null;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    Unit unit = open.peekLast();
    if (unit != null && trees.getElement(getCurrentPath()) instanceof ExecutableElement callee) {
      Optional<RestrictedMethod> contract = restricted.of(callee);
      if (contract.isPresent()) {
        restrictedCalls.add(new CallSite(classes.get(0), unit, getCurrentPath(), contract.get()));
      } else {
        resolver.invoked(getCurrentPath(), callee, classes).ifPresent(call -> addCall(unit, call));
      }
    }
    return super.visitMethodInvocation(node, unused);
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    Unit unit = open.peekLast();
    if (unit != null
        && node.getClassBody() == null
        && trees.getElement(getCurrentPath()) instanceof ExecutableElement constructor
        && MemberMethods.isMemberOf(constructor, classes.get(0))) {
      addCall(unit, new Call(constructor, false)); // new Helper(): runs Helper's constructor now
    }
    return super.visitNewClass(node, unused);
  }

  @Override
  public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
    implicitCall(new TreePath(getCurrentPath(), node.getExpression()), "iterator");
    return super.visitEnhancedForLoop(node, unused);
  }

  @Override
  public Void visitTry(TryTree node, Void unused) {
    for (Tree resource : node.getResources()) {
      implicitCall(new TreePath(getCurrentPath(), resource), "close");
    }
    return super.visitTry(node, unused);
  }

  /**
   * Notes the call of {@code name()} that the language makes on the value at {@code path} (an
   * enhanced {@code for}'s iterable, a resource), reported at that value.
   */
  private void implicitCall(TreePath path, String name) {
    Unit unit = open.peekLast();
    TypeMirror type = trees.getTypeMirror(path);
    if (unit == null || type == null) {
      return;
    }
    implicit
        .of(type, name)
        .ifPresent(
            callee -> {
              Optional<RestrictedMethod> contract = restricted.of(callee);
              if (contract.isPresent()) {
                restrictedCalls.add(new CallSite(classes.get(0), unit, path, contract.get()));
              } else if (MemberMethods.isMemberOf(callee, classes.get(0))) {
                addCall(unit, new Call(callee, false));
              } else if (callee.getEnclosingElement().equals(classes.get(0))) {
                addCall(unit, new Call(callee, true));
              }
            });
  }

  private void addCall(Unit from, Call call) {
    calls.computeIfAbsent(from, unit -> new ArrayList<>()).add(call);
  }

  /** How labels name where a lambda or inner class is: the nearest named enclosing code. */
  private String context() {
    for (var enclosing = open.descendingIterator(); enclosing.hasNext(); ) {
      Unit unit = enclosing.next();
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
