package dev.quiesce.processor.body;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Decides whether a call runs code of the writer instance itself, and which method it runs. Calls
 * on {@code this} (written or implicit, also from an inner class: {@code Outer.this}), on {@code
 * super} and of static methods are followed; calls on any other object are not, even of the same
 * class, since that object is not the one the events are delivered to.
 */
final class CallResolver {
  private final Trees trees;
  private final Types types;
  private final Hierarchy hierarchy;

  CallResolver(Trees trees, Types types, Hierarchy hierarchy) {
    this.trees = trees;
    this.types = types;
    this.hierarchy = hierarchy;
  }

  /**
   * The writer method a call runs, if it runs one.
   *
   * @param invocation the call
   * @param callee the method javac resolved it to
   * @param classes the classes enclosing the call, outermost (the writer or the supertype being
   *     read) first; an element may be null where javac could not resolve the class
   */
  Optional<ExecutableElement> invoked(
      TreePath invocation, ExecutableElement callee, List<TypeElement> classes) {
    ExpressionTree select = ((MethodInvocationTree) invocation.getLeaf()).getMethodSelect();
    if (callee.getKind() == ElementKind.CONSTRUCTOR) {
      // this(...) or super(...): the constructor chain of the instance being created.
      return select instanceof IdentifierTree && innermostIsRoot(classes)
          ? Optional.of(callee)
          : Optional.empty();
    }
    if (callee.getModifiers().contains(Modifier.STATIC)) {
      return Optional.of(callee);
    }
    if (select instanceof IdentifierTree) {
      TypeElement receiver = implicitReceiver(callee, classes);
      return receiver != null && receiver.equals(classes.get(0))
          ? Optional.of(hierarchy.dispatch(callee))
          : Optional.empty();
    }
    if (select instanceof MemberSelectTree member) {
      TreePath receiver = new TreePath(new TreePath(invocation, select), member.getExpression());
      return onReceiver(receiver, callee, classes);
    }
    return Optional.empty();
  }

  /** The writer method a method reference runs when it is invoked, if it runs one. */
  Optional<ExecutableElement> referenced(
      TreePath reference, ExecutableElement target, List<TypeElement> classes) {
    if (target.getKind() != ElementKind.METHOD) {
      return Optional.empty();
    }
    if (target.getModifiers().contains(Modifier.STATIC)) {
      return Optional.of(target);
    }
    MemberReferenceTree tree = (MemberReferenceTree) reference.getLeaf();
    TreePath qualifier = new TreePath(reference, tree.getQualifierExpression());
    if (trees.getElement(qualifier) instanceof TypeElement type) {
      // Writer::method: unbound, it runs on the instance it is given, most likely this one.
      return hierarchy.contains(type)
          ? Optional.of(hierarchy.dispatch(target))
          : Optional.empty();
    }
    return onReceiver(qualifier, target, classes);
  }

  private Optional<ExecutableElement> onReceiver(
      TreePath receiver, ExecutableElement callee, List<TypeElement> classes) {
    Tree leaf = receiver.getLeaf();
    String name =
        leaf instanceof IdentifierTree identifier
            ? identifier.getName().toString()
            : leaf instanceof MemberSelectTree member ? member.getIdentifier().toString() : "";
    if (name.equals("this")) {
      return classes.get(0).equals(typeOf(receiver))
          ? Optional.of(hierarchy.dispatch(callee))
          : Optional.empty();
    }
    if (name.equals("super")) {
      // super.m() runs exactly the named method; so does Outer.super.m() or Interface.super.m().
      boolean onThis =
          innermostIsRoot(classes)
              || (leaf instanceof MemberSelectTree member
                  && classes
                      .get(0)
                      .equals(trees.getElement(new TreePath(receiver, member.getExpression()))));
      return onThis ? Optional.of(callee) : Optional.empty();
    }
    return Optional.empty();
  }

  /** The class whose instance an unqualified call runs on: the innermost that has the method. */
  private TypeElement implicitReceiver(ExecutableElement callee, List<TypeElement> classes) {
    if (!(callee.getEnclosingElement() instanceof TypeElement owner)) {
      return null;
    }
    TypeMirror ownerType = types.erasure(owner.asType());
    for (int i = classes.size() - 1; i >= 0; i--) {
      TypeElement type = classes.get(i);
      if (type != null && types.isSubtype(types.erasure(type.asType()), ownerType)) {
        return type;
      }
    }
    return null;
  }

  private TypeElement typeOf(TreePath expression) {
    trees.getElement(expression); // attributes the enclosing class if javac has not yet
    TypeMirror type = trees.getTypeMirror(expression);
    Element element = type == null ? null : types.asElement(type);
    return element instanceof TypeElement typeElement ? typeElement : null;
  }

  private static boolean innermostIsRoot(List<TypeElement> classes) {
    return classes.size() == 1;
  }
}
