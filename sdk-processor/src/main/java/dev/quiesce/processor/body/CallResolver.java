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
 * Decides whether a call runs code of the class being read (the writer, or the supertype read on
 * its behalf) and how. Calls on {@code this} (written or implicit, also from an inner class: {@code
 * Outer.this}), on {@code super}, on other instances of the class, and of its static methods are
 * followed; calls on objects of other classes are not (their code is not the writer's). Code of an
 * instance runs in whatever event its caller runs in, since {@code WriterContext} answers for the
 * calling thread.
 */
final class CallResolver {
  private final Trees trees;
  private final Types types;

  CallResolver(Trees trees, Types types) {
    this.trees = trees;
    this.types = types;
  }

  /**
   * The call a method invocation makes on the instance, if it makes one.
   *
   * @param invocation the call
   * @param callee the method javac resolved it to
   * @param classes the classes enclosing the call, outermost (the type being read) first; an
   *     element may be null where javac could not resolve the class
   */
  Optional<Call> invoked(TreePath invocation, ExecutableElement callee, List<TypeElement> classes) {
    ExpressionTree select = ((MethodInvocationTree) invocation.getLeaf()).getMethodSelect();
    if (MemberMethods.isMemberOf(callee, classes.get(0))) {
      // A method of a member class, on whatever instance: code of the writer, run now.
      return Optional.of(new Call(callee, false));
    }
    if (callee.getKind() == ElementKind.CONSTRUCTOR) {
      // this(...) or super(...): the constructor chain of the instance being created.
      return select instanceof IdentifierTree && classes.size() == 1
          ? Optional.of(new Call(callee, false))
          : Optional.empty();
    }
    if (callee.getModifiers().contains(Modifier.STATIC)) {
      return Optional.of(new Call(callee, false));
    }
    if (select instanceof IdentifierTree) {
      TypeElement receiver = implicitReceiver(callee, classes);
      return receiver != null && receiver.equals(classes.get(0))
          ? Optional.of(new Call(callee, true))
          : Optional.empty();
    }
    if (select instanceof MemberSelectTree member) {
      TreePath receiver = new TreePath(new TreePath(invocation, select), member.getExpression());
      return onReceiver(receiver, callee, classes);
    }
    return Optional.empty();
  }

  /** The call a method reference makes on the instance when it is invoked, if it makes one. */
  Optional<Call> referenced(
      TreePath reference, ExecutableElement target, List<TypeElement> classes) {
    if (target.getKind() != ElementKind.METHOD) {
      return Optional.empty();
    }
    if (target.getModifiers().contains(Modifier.STATIC)
        || MemberMethods.isMemberOf(target, classes.get(0))) {
      return Optional.of(new Call(target, false));
    }
    MemberReferenceTree tree = (MemberReferenceTree) reference.getLeaf();
    TreePath qualifier = new TreePath(reference, tree.getQualifierExpression());
    if (trees.getElement(qualifier) instanceof TypeElement type) {
      // Writer::method is unbound: it runs on the instance it is given, most likely this one.
      return isSubtype(classes.get(0), type)
          ? Optional.of(new Call(target, true))
          : Optional.empty();
    }
    return onReceiver(qualifier, target, classes);
  }

  private Optional<Call> onReceiver(
      TreePath receiver, ExecutableElement callee, List<TypeElement> classes) {
    Tree leaf = receiver.getLeaf();
    String name =
        leaf instanceof IdentifierTree identifier
            ? identifier.getName().toString()
            : leaf instanceof MemberSelectTree member ? member.getIdentifier().toString() : "";
    if (name.equals("this")) {
      return classes.get(0).equals(typeOf(receiver))
          ? Optional.of(new Call(callee, true))
          : Optional.empty();
    }
    if (name.equals("super")) {
      // super.m() runs exactly the named method; so do Outer.super.m() and Interface.super.m().
      boolean onThis =
          classes.size() == 1
              || (leaf instanceof MemberSelectTree member
                  && classes
                      .get(0)
                      .equals(trees.getElement(new TreePath(receiver, member.getExpression()))));
      return onThis ? Optional.of(new Call(callee, false)) : Optional.empty();
    }
    // Another instance of the writer: its code runs in the event of the calling thread, which is
    // what WriterContext answers for, so it is followed like a call on this instance.
    TypeElement receiverType = typeOf(receiver);
    return receiverType != null && isSubtype(receiverType, classes.get(0))
        ? Optional.of(new Call(callee, true))
        : Optional.empty();
  }

  /** The class whose instance an unqualified call runs on: the innermost that has the method. */
  private TypeElement implicitReceiver(ExecutableElement callee, List<TypeElement> classes) {
    if (!(callee.getEnclosingElement() instanceof TypeElement owner)) {
      return null;
    }
    for (int i = classes.size() - 1; i >= 0; i--) {
      TypeElement type = classes.get(i);
      if (type != null && isSubtype(type, owner)) {
        return type;
      }
    }
    return null;
  }

  private boolean isSubtype(TypeElement type, TypeElement supertype) {
    return types.isSubtype(types.erasure(type.asType()), types.erasure(supertype.asType()));
  }

  private TypeElement typeOf(TreePath expression) {
    TypeMirror type = trees.getTypeMirror(expression);
    Element element = type == null ? null : types.asElement(type);
    return element instanceof TypeElement typeElement ? typeElement : null;
  }
}
