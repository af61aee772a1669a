package dev.quiesce.processor.body;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.quiesce.processor.Diagnostic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Finds event contexts that outlive their handler: stored in a field (instance or static), an
 * array, a collection or a map; returned from a method; or captured by a lambda, a method
 * reference, an anonymous or a local class; or passed to other code that may keep it ({@link
 * ContextCalls} says which calls only look). Passing it to the writer's own methods is not an
 * escape by itself: they are read too, so a helper that stores it is caught there. The value is
 * followed, so a copy in a local variable of a wider type is caught where the copy escapes.
 */
final class EscapeFinder extends TreePathScanner<Void, Void> {
  /**
   * A context held by a value not declared as one.
   *
   * @param context how messages name its type: {@code FreezeContext}
   * @param route the steps it took, first first; empty when its own type says what it is
   */
  record Carried(String context, String route) {
    Carried then(String step) {
      return new Carried(context, route.isEmpty() ? step : route + ", then " + step);
    }

    /** {@code " (through variable any)"}, or nothing. */
    String through() {
      return route.isEmpty() ? "" : " (through " + route + ")";
    }
  }

  /** A lambda or class body that captures the local variables it uses from outside it. */
  private record Region(String label, Set<Element> declared) {}

  private final Trees trees;
  private final ContextTypes contexts;
  private final RestrictedMethods restricted;
  private final NestedTypes nested;
  private final ContextCalls calls;
  private final TypeElement type;
  private final ClassTree root;
  private final CompilationUnitTree compilationUnit;

  /** Findings keyed by the escaping expression, so one expression gives one error. */
  private final Map<Tree, Finding> found = new IdentityHashMap<>();

  private final List<Finding> ordered = new ArrayList<>();

  /**
   * The variables and parameters that hold a context without being declared as one ({@code Object
   * any = ctx}), with how the context got there. Shared by the passes over one class: a parameter
   * of the class's own method taken into it is known at the next pass.
   */
  private final Map<Element, Carried> carriers;

  /** Whether this pass found a carrier that the passes before did not know. */
  private boolean newCarrier;

  private final Deque<Region> regions = new ArrayDeque<>();

  /**
   * The lambdas and method references given to local variables so far, the code that a call of
   * their functional interface runs; a variable also given anything else is in {@link
   * #unknownFunctions} instead.
   */
  private final Map<Element, List<TreePath>> functions = new HashMap<>();

  private final Set<Element> unknownFunctions = new HashSet<>();

  /**
   * Receivers of restricted calls in lambdas and inner classes ({@code ctx} in {@code () ->
   * ctx.currentSnapshotSetId()}): that call is already an error of its own, so the capture is not
   * reported a second time.
   */
  private final Set<Tree> restrictedReceivers = Collections.newSetFromMap(new IdentityHashMap<>());

  private EscapeFinder(
      TypeElement type,
      TreePath path,
      Trees trees,
      ContextTypes contexts,
      RestrictedMethods restricted,
      NestedTypes nested,
      ContextCalls calls,
      Map<Element, Carried> carriers) {
    this.type = type;
    this.calls = calls;
    this.carriers = carriers;
    this.root = (ClassTree) path.getLeaf();
    this.compilationUnit = path.getCompilationUnit();
    this.trees = trees;
    this.contexts = contexts;
    this.restricted = restricted;
    this.nested = nested;
  }

  /**
   * The escapes in {@code type}, whose tree is at {@code path}, in source order. A context that
   * goes into a wider-typed parameter of the class's own method is followed there by another pass
   * (bounded: a pass finds new carriers only while there are parameters left to reach).
   */
  static List<Finding> find(
      TypeElement type,
      TreePath path,
      Trees trees,
      ContextTypes contexts,
      RestrictedMethods restricted,
      NestedTypes nested,
      ContextCalls calls) {
    Map<Element, Carried> carriers = new HashMap<>();
    EscapeFinder finder;
    int passes = 0;
    do {
      finder = new EscapeFinder(type, path, trees, contexts, restricted, nested, calls, carriers);
      finder.scan(path, null);
    } while (finder.newCarrier && ++passes < MAX_PASSES);
    return List.copyOf(finder.ordered);
  }

  /** Passes over one class at most: each follows contexts one call deeper into its own code. */
  private static final int MAX_PASSES = 4;

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    if (node == root) {
      return super.visitClass(node, unused);
    }
    Tree parent = getCurrentPath().getParentPath().getLeaf();
    if (parent instanceof ClassTree) {
      if (trees.getElement(getCurrentPath()) instanceof TypeElement member
          && nested.readSeparately(member, type)) {
        return null;
      }
      return super.visitClass(node, unused); // a member class captures no local variable
    }
    String label =
        parent instanceof NewClassTree
            ? "an anonymous class at line " + line(node)
            : "local class " + node.getSimpleName();
    return inRegion(label, () -> super.visitClass(node, unused));
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    return inRegion(
        "a lambda at line " + line(node), () -> super.visitLambdaExpression(node, unused));
  }

  private Void inRegion(String label, Supplier<Void> body) {
    regions.addLast(new Region(label, new HashSet<>()));
    try {
      return body.get();
    } finally {
      regions.removeLast();
    }
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    Element variable = trees.getElement(getCurrentPath());
    if (variable != null) {
      regions.forEach(region -> region.declared().add(variable));
      if (variable.getKind() == ElementKind.FIELD && node.getInitializer() != null) {
        check(node.getInitializer(), "stored in " + field(variable));
      } else if (isLocal(variable) && node.getInitializer() != null) {
        carry(variable, new TreePath(getCurrentPath(), node.getInitializer()));
        function(variable, new TreePath(getCurrentPath(), node.getInitializer()));
      }
    }
    return super.visitVariable(node, unused);
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    ExpressionTree target = strip(node.getVariable());
    if (target instanceof ArrayAccessTree) {
      check(node.getExpression(), "stored in an array element");
    } else {
      Element variable = trees.getElement(new TreePath(getCurrentPath(), node.getVariable()));
      if (variable != null && variable.getKind() == ElementKind.FIELD) {
        check(node.getExpression(), "stored in " + field(variable));
      } else if (variable != null && isLocal(variable)) {
        carry(variable, new TreePath(getCurrentPath(), node.getExpression()));
        function(variable, new TreePath(getCurrentPath(), node.getExpression()));
      }
    }
    return super.visitAssignment(node, unused);
  }

  @Override
  public Void visitNewArray(NewArrayTree node, Void unused) {
    if (node.getInitializers() != null) {
      for (ExpressionTree element : node.getInitializers()) {
        check(element, "stored in an array");
      }
    }
    return super.visitNewArray(node, unused);
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    if (trees.getElement(getCurrentPath()) instanceof ExecutableElement callee) {
      if (restricted.of(callee).isPresent()
          && strip(node.getMethodSelect()) instanceof MemberSelectTree select) {
        restrictedReceivers.add(strip(select.getExpression()));
      }
      Element owner = callee.getEnclosingElement();
      String container = contexts.container(owner);
      if (container == null && calls.isFunctionalMethod(callee)) {
        passedToFunction(callee, node);
      } else if (container == null) {
        passed(callee, node.getArguments());
      } else {
        List<? extends ExpressionTree> arguments = node.getArguments();
        for (int i = 0; i < arguments.size(); i++) {
          if (stores(callee, i)) {
            check(
                arguments.get(i),
                "stored in "
                    + container
                    + " by "
                    + owner.getSimpleName()
                    + "."
                    + callee.getSimpleName()
                    + "()");
          }
        }
      }
    }
    return super.visitMethodInvocation(node, unused);
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    if (trees.getElement(getCurrentPath()) instanceof ExecutableElement constructor) {
      passed(constructor, node.getArguments());
    }
    return super.visitNewClass(node, unused);
  }

  /**
   * Checks the arguments of a call of {@code callee} (a call or an instance creation, the current
   * tree) that are contexts: other code may keep them, the class's own code is followed.
   */
  private void passed(ExecutableElement callee, List<? extends ExpressionTree> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      TreePath argument = new TreePath(getCurrentPath(), arguments.get(i));
      Optional<Carried> carried = carried(argument);
      if (carried.isEmpty()) {
        continue; // most arguments: what the callee does with them does not matter
      }
      ContextCalls.Verdict verdict = calls.of(callee, i, type);
      switch (verdict.kind()) {
        case KEEPS -> {
          if (check(argument, verdict.how())) {
            return; // one error per call, at its first context
          }
        }
        case FOLLOWS_INTO -> {
          String step =
              "parameter "
                  + verdict.parameter().getSimpleName()
                  + " of "
                  + callee.getSimpleName()
                  + "()";
          newCarrier |= carriers.putIfAbsent(verdict.parameter(), carried.get().then(step)) == null;
        }
        case USES -> {}
      }
    }
  }

  /**
   * Checks the context arguments of a call of the method of a functional interface ({@code
   * consumer.accept(ctx)}): the code that runs is that of the lambdas and method references the
   * receiver, a local variable, was given in this class, and the context is followed into them.
   * When that code is not known here (a field, a parameter, the result of a call), it is other code
   * that may keep the context.
   */
  private void passedToFunction(ExecutableElement callee, MethodInvocationTree call) {
    List<TreePath> implementations = null;
    if (strip(call.getMethodSelect()) instanceof MemberSelectTree select
        && strip(select.getExpression()) instanceof IdentifierTree receiver) {
      Element variable = trees.getElement(new TreePath(getCurrentPath(), receiver));
      implementations = variable == null ? null : functions.get(variable);
    }
    String name = callee.getEnclosingElement().getSimpleName() + "." + callee.getSimpleName();
    List<? extends ExpressionTree> arguments = call.getArguments();
    for (int i = 0; i < arguments.size(); i++) {
      TreePath argument = new TreePath(getCurrentPath(), arguments.get(i));
      Optional<Carried> carried = carried(argument);
      if (carried.isEmpty()) {
        continue;
      }
      if (implementations == null) {
        if (check(
            argument,
            "passed to "
                + name
                + "() of a function whose code is not known here, which may keep"
                + " it")) {
          return;
        }
        continue;
      }
      for (TreePath implementation : implementations) {
        if (implementation.getLeaf() instanceof LambdaExpressionTree lambda) {
          intoLambda(lambda, implementation, i, carried.get());
        } else if (intoReference(implementation, i, argument, carried.get())) {
          return; // one error per call
        }
      }
    }
  }

  /** Follows a context passed as argument {@code index} of a call of {@code lambda}. */
  private void intoLambda(LambdaExpressionTree lambda, TreePath path, int index, Carried carried) {
    if (index >= lambda.getParameters().size()) {
      return;
    }
    VariableTree parameterTree = lambda.getParameters().get(index);
    Element parameter = trees.getElement(new TreePath(path, parameterTree));
    if (parameter == null || contexts.isEventContext(parameter.asType())) {
      return; // checked by its type
    }
    String step =
        "parameter " + parameter.getSimpleName() + " of the lambda at line " + line(lambda);
    newCarrier |= carriers.putIfAbsent(parameter, carried.then(step)) == null;
  }

  /**
   * Follows a context passed as argument {@code index} of a call of the method reference at {@code
   * path}: into the writer's own method, or reported if the method may keep it; whether reported.
   */
  private boolean intoReference(TreePath path, int index, TreePath argument, Carried carried) {
    MemberReferenceTree reference = (MemberReferenceTree) path.getLeaf();
    if (!(trees.getElement(path) instanceof ExecutableElement target)) {
      return false;
    }
    int parameterIndex = index;
    if (reference.getMode() == MemberReferenceTree.ReferenceMode.INVOKE
        && !target.getModifiers().contains(Modifier.STATIC)
        && trees.getElement(new TreePath(path, reference.getQualifierExpression()))
            instanceof TypeElement) {
      if (index == 0) {
        return false; // the receiver of an unbound reference (FreezeContext::sessionId)
      }
      parameterIndex = index - 1;
    }
    String through = " through the method reference at line " + line(reference);
    ContextCalls.Verdict verdict = calls.of(target, parameterIndex, type);
    return switch (verdict.kind()) {
      case KEEPS -> check(argument, verdict.how() + "," + through);
      case FOLLOWS_INTO -> {
        String step =
            "parameter "
                + verdict.parameter().getSimpleName()
                + " of "
                + target.getSimpleName()
                + "()"
                + through;
        newCarrier |= carriers.putIfAbsent(verdict.parameter(), carried.then(step)) == null;
        yield false;
      }
      case USES -> false;
    };
  }

  /**
   * Notes what local {@code variable} was given at {@code value}: lambdas and method references are
   * the code a call of its functional interface runs; anything else makes that code unknown.
   */
  private void function(Element variable, TreePath value) {
    Tree leaf = stripTree(value.getLeaf());
    List<TreePath> known = new ArrayList<>();
    if (leaf instanceof LambdaExpressionTree || leaf instanceof MemberReferenceTree) {
      known.add(new TreePath(value, leaf));
    } else if (leaf instanceof ConditionalExpressionTree conditional) {
      for (ExpressionTree branch :
          List.of(conditional.getTrueExpression(), conditional.getFalseExpression())) {
        ExpressionTree stripped = strip(branch);
        if (!(stripped instanceof LambdaExpressionTree
            || stripped instanceof MemberReferenceTree)) {
          known = null;
          break;
        }
        known.add(new TreePath(new TreePath(value, leaf), stripped));
      }
    } else {
      known = null;
    }
    if (known == null) {
      unknownFunctions.add(variable);
      functions.remove(variable);
    } else if (!unknownFunctions.contains(variable)) {
      functions.computeIfAbsent(variable, v -> new ArrayList<>()).addAll(known);
    }
  }

  /** Notes that local {@code variable} holds a context if the value at {@code value} is one. */
  private void carry(Element variable, TreePath value) {
    if (contexts.isEventContext(variable.asType()) || carriers.containsKey(variable)) {
      return; // checked by its type, or known already
    }
    carried(value)
        .map(c -> c.then("variable " + variable.getSimpleName()))
        .ifPresent(carried -> newCarrier |= carriers.putIfAbsent(variable, carried) == null);
  }

  /**
   * The context the value at {@code path} is, if it is one: by its type, or followed through
   * variables, casts, conditional and switch expressions and calls that return their argument.
   */
  private Optional<Carried> carried(TreePath path) {
    Tree leaf = stripTree(path.getLeaf());
    TreePath at = leaf == path.getLeaf() ? path : new TreePath(path, leaf);
    TypeMirror valueType = trees.getTypeMirror(at);
    if (contexts.isEventContext(valueType)) {
      return Optional.of(new Carried(contexts.name(valueType), ""));
    }
    if (leaf instanceof TypeCastTree cast) {
      return carried(new TreePath(at, cast.getExpression()))
          .map(c -> c.then("a cast to " + cast.getType()));
    }
    if (leaf instanceof ConditionalExpressionTree conditional) {
      return carried(new TreePath(at, conditional.getTrueExpression()))
          .or(() -> carried(new TreePath(at, conditional.getFalseExpression())))
          .map(c -> c.then("a conditional expression"));
    }
    if (leaf instanceof SwitchExpressionTree switchExpression) {
      for (TreePath result : results(at, switchExpression)) {
        Optional<Carried> carried = carried(result);
        if (carried.isPresent()) {
          return carried.map(c -> c.then("a switch expression"));
        }
      }
      return Optional.empty();
    }
    if (leaf instanceof MethodInvocationTree invocation
        && trees.getElement(at) instanceof ExecutableElement callee) {
      List<? extends VariableElement> parameters = callee.getParameters();
      List<? extends ExpressionTree> arguments = invocation.getArguments();
      for (int i = 0; i < parameters.size() && i < arguments.size(); i++) {
        if (ContextCalls.returnsArgument(callee, parameters.get(i).asType())) {
          String name = callee.getEnclosingElement().getSimpleName() + "." + callee.getSimpleName();
          Optional<Carried> argument = carried(new TreePath(at, arguments.get(i)));
          if (argument.isPresent()) {
            return argument.map(c -> c.then(name + "()"));
          }
        }
      }
      return Optional.empty();
    }
    Element element = leaf instanceof IdentifierTree ? trees.getElement(at) : null;
    return Optional.ofNullable(element == null ? null : carriers.get(element));
  }

  /**
   * The values the switch expression at {@code at} may take: the expression of each {@code case ...
   * ->}, and the value of each {@code yield} of its own (not of a switch expression, lambda or
   * class inside it).
   */
  private static List<TreePath> results(TreePath at, SwitchExpressionTree switchExpression) {
    List<TreePath> results = new ArrayList<>();
    for (CaseTree caseTree : switchExpression.getCases()) {
      TreePath casePath = new TreePath(at, caseTree);
      if (caseTree.getCaseKind() == CaseTree.CaseKind.RULE
          && caseTree.getBody() instanceof ExpressionTree value) {
        results.add(new TreePath(casePath, value));
        continue;
      }
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitYield(YieldTree node, Void unused) {
          results.add(new TreePath(getCurrentPath(), node.getValue()));
          return super.visitYield(node, unused);
        }

        @Override
        public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
          return null; // its yields are its own
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
          return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
          return null;
        }
      }.scan(casePath, null);
    }
    return results;
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    ExpressionTree qualifier = strip(node.getQualifierExpression());
    if (trees.getElement(getCurrentPath()) instanceof ExecutableElement target
        && restricted.of(target).isPresent()) {
      restrictedReceivers.add(qualifier); // ctx::currentSnapshotSetId is an error of its own
    } else if (!(trees.getElement(new TreePath(getCurrentPath(), qualifier))
        instanceof TypeElement)) {
      check(qualifier, "captured by a method reference at line " + line(node));
    }
    return super.visitMemberReference(node, unused);
  }

  @Override
  public Void visitReturn(ReturnTree node, Void unused) {
    if (node.getExpression() != null) {
      for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
        if (path.getLeaf() instanceof LambdaExpressionTree) {
          break; // a lambda's result: the lambda's captures are what escapes
        }
        if (path.getLeaf() instanceof MethodTree method) {
          check(node.getExpression(), "returned from " + method.getName() + "()");
          break;
        }
      }
    }
    return super.visitReturn(node, unused);
  }

  @Override
  public Void visitIdentifier(IdentifierTree node, Void unused) {
    Region region = regions.peekLast();
    if (region != null && !restrictedReceivers.contains(node)) {
      Element variable = trees.getElement(getCurrentPath());
      if (variable != null && isLocal(variable) && !region.declared().contains(variable)) {
        check(getCurrentPath(), "captured by " + region.label());
      }
    }
    return super.visitIdentifier(node, unused);
  }

  /** Reports {@code expression}, a child of the current tree, if it is an event context. */
  private boolean check(ExpressionTree expression, String how) {
    return check(new TreePath(getCurrentPath(), expression), how);
  }

  /** Reports the value at {@code path} if it is an event context; whether it is reported. */
  private boolean check(TreePath path, String how) {
    Tree key = stripTree(path.getLeaf());
    if (found.containsKey(key)) {
      return true;
    }
    Optional<Carried> carried = carried(path);
    if (carried.isPresent()) {
      Finding finding =
          new Finding(
              Diagnostic.CONTEXT_ESCAPE,
              path,
              List.of(carried.get().context(), how + carried.get().through()));
      found.put(key, finding);
      ordered.add(finding);
    }
    return carried.isPresent();
  }

  /**
   * Whether a collection or map method keeps its argument {@code index}: its parameter is an
   * element type ({@code add(E)}, {@code put(K, V)}, {@code List.of(E...)}), not {@code Object} as
   * in {@code contains(Object)} or {@code get(Object)}, which only look.
   */
  private static boolean stores(ExecutableElement method, int index) {
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.isEmpty()) {
      return false;
    }
    TypeMirror type = parameters.get(Math.min(index, parameters.size() - 1)).asType();
    if (type instanceof ArrayType array && method.isVarArgs() && index >= parameters.size() - 1) {
      type = array.getComponentType();
    }
    return type.getKind() == TypeKind.TYPEVAR;
  }

  private static boolean isLocal(Element variable) {
    return switch (variable.getKind()) {
      case PARAMETER, LOCAL_VARIABLE, EXCEPTION_PARAMETER, RESOURCE_VARIABLE, BINDING_VARIABLE ->
          true;
      default -> false;
    };
  }

  private static String field(Element field) {
    String owner = field.getEnclosingElement().getSimpleName().toString();
    return (field.getModifiers().contains(Modifier.STATIC) ? "static field " : "field ")
        + (owner.isEmpty() ? "" : owner + ".")
        + field.getSimpleName();
  }

  private static Tree stripTree(Tree tree) {
    Tree stripped = tree;
    while (stripped instanceof ParenthesizedTree parenthesized) {
      stripped = parenthesized.getExpression();
    }
    return stripped;
  }

  private static ExpressionTree strip(ExpressionTree tree) {
    ExpressionTree stripped = tree;
    while (stripped instanceof ParenthesizedTree parenthesized) {
      stripped = parenthesized.getExpression();
    }
    return stripped;
  }

  private long line(Tree tree) {
    long position = trees.getSourcePositions().getStartPosition(compilationUnit, tree);
    return compilationUnit.getLineMap().getLineNumber(position);
  }
}
