package dev.quiesce.processor.body;

import com.sun.source.util.Trees;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What a call does with an event context passed as an argument. A context is an owned value: the
 * writer's own code may take it (and is read the same way), other code may only look at it. Other
 * code is taken to keep it ({@code someLibrary.register(Object)}, {@code Optional.of(T)}, {@code
 * AtomicReference.set(V)}, any constructor's) unless it is known to only look: comparing, hashing,
 * printing and formatting methods of the JDK ({@code Objects.equals}, {@code String.valueOf},
 * {@code PrintStream.println}, {@code StringBuilder.append}, overrides of {@code Object.equals}). A
 * logger is not one of them: an asynchronous appender may keep the argument, so logging the context
 * itself is an escape whose message suggests logging the values read from it. Two calls of other
 * code are not decided here: the method of a functional interface, whose code is the lambdas and
 * method references that {@link EscapeFinder} follows the context into, and a method that returns
 * its argument ({@code Objects.requireNonNull}), whose result is followed instead.
 */
final class ContextCalls {
  /** What happens to the argument. */
  enum Kind {
    /** Nothing that outlives the call. */
    USES,
    /** The writer's own code takes it into a parameter of a wider type: follow it there. */
    FOLLOWS_INTO,
    /** Other code may keep it. */
    KEEPS
  }

  /**
   * @param kind what happens
   * @param parameter the callee's parameter the argument goes to
   * @param how for {@link Kind#KEEPS}, how messages say it
   */
  record Verdict(Kind kind, VariableElement parameter, String how) {}

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final ContextTypes contexts;

  ContextCalls(Trees trees, Elements elements, Types types, ContextTypes contexts) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.contexts = contexts;
  }

  /** What {@code callee}, called from code of {@code reading}, does with argument {@code index}. */
  Verdict of(ExecutableElement callee, int index, TypeElement reading) {
    List<? extends VariableElement> parameters = callee.getParameters();
    if (parameters.isEmpty()) {
      return new Verdict(Kind.USES, null, "");
    }
    VariableElement parameter = parameters.get(Math.min(index, parameters.size() - 1));
    TypeMirror type = parameter.asType();
    if (type instanceof ArrayType array && callee.isVarArgs() && index >= parameters.size() - 1) {
      type = array.getComponentType();
    }
    TypeElement owner = (TypeElement) callee.getEnclosingElement();
    String name = name(callee, owner);
    if (owner.getKind() == ElementKind.RECORD && callee.getKind() == ElementKind.CONSTRUCTOR) {
      return keeps(parameter, "stored in record " + owner.getSimpleName() + " by its constructor");
    }
    boolean context = contexts.isEventContext(type);
    if (hasSource(callee)) {
      if (owner.equals(reading) || MemberMethods.isMemberOf(callee, reading)) {
        return context
            ? new Verdict(Kind.USES, parameter, "") // read where it is written
            : new Verdict(Kind.FOLLOWS_INTO, parameter, "");
      }
      if (context && isSupertype(owner, reading)) {
        return new Verdict(Kind.USES, parameter, ""); // read with the supertype
      }
    }
    if (callee.getKind() == ElementKind.CONSTRUCTOR) {
      return type.getKind().isPrimitive()
          ? new Verdict(Kind.USES, parameter, "")
          : keeps(parameter, "passed to " + name + ", which may keep it");
    }
    if (isFunctionalMethod(callee, owner)
        || returnsArgument(callee, type)
        || onlyLooks(callee, owner)) {
      return new Verdict(Kind.USES, parameter, "");
    }
    if (isLogger(owner)) {
      return keeps(
          parameter,
          "passed to "
              + name
              + ", which may keep it (an asynchronous appender formats its arguments later);"
              + " log ctx.sessionId() or the values read from the context instead");
    }
    return keeps(parameter, "passed to " + name + ", which may keep it");
  }

  /**
   * Methods of other code known to only look at an argument: to compare it, hash it, print it or
   * format it into text, all before they return.
   */
  private static final Map<String, Set<String>> LOOKS_ONLY =
      Map.of(
          "java.lang.Object", Set.of("equals", "hashCode", "toString"),
          "java.util.Objects",
              Set.of(
                  "equals", "hash", "hashCode", "toString", "requireNonNull", "isNull", "nonNull"),
          "java.lang.String", Set.of("valueOf", "format"),
          "java.lang.System", Set.of("identityHashCode"),
          "java.lang.StringBuilder", Set.of("append"),
          "java.lang.StringBuffer", Set.of("append"),
          "java.io.PrintStream", Set.of("print", "println", "printf", "format"));

  /** Loggers, whose appenders may keep an argument to format it on another thread. */
  private static final Set<String> LOGGERS =
      Set.of("org.slf4j.Logger", "java.util.logging.Logger", "java.lang.System.Logger");

  /**
   * Whether {@code callee} is known to only look at its arguments: listed in {@link #LOOKS_ONLY},
   * or an override of {@code Object.equals}, whose contract is to compare.
   */
  private boolean onlyLooks(ExecutableElement callee, TypeElement owner) {
    Set<String> methods = LOOKS_ONLY.get(owner.getQualifiedName().toString());
    if (methods != null && methods.contains(callee.getSimpleName().toString())) {
      return true;
    }
    TypeElement object = elements.getTypeElement("java.lang.Object");
    return callee.getSimpleName().contentEquals("equals")
        && object != null
        && object.getEnclosedElements().stream()
            .filter(member -> member.getSimpleName().contentEquals("equals"))
            .anyMatch(equals -> elements.overrides(callee, (ExecutableElement) equals, owner));
  }

  private static boolean isLogger(TypeElement owner) {
    return LOGGERS.contains(owner.getQualifiedName().toString());
  }

  /**
   * Whether a call of {@code callee} returns its argument whose parameter type is {@code type}: the
   * result's type is that same type variable ({@code <T> T requireNonNull(T)}).
   */
  static boolean returnsArgument(ExecutableElement callee, TypeMirror type) {
    TypeMirror result = callee.getReturnType();
    return type.getKind() == TypeKind.TYPEVAR
        && result.getKind() == TypeKind.TYPEVAR
        && result.toString().equals(type.toString())
        && callee.getTypeParameters().stream()
            .anyMatch(parameter -> parameter.getSimpleName().contentEquals(type.toString()));
  }

  private static Verdict keeps(VariableElement parameter, String how) {
    return new Verdict(Kind.KEEPS, parameter, how);
  }

  /**
   * Whether {@code callee}'s source is being compiled: then the writer's code (the class being
   * read, its member classes, its supertypes) is checked where it is written.
   */
  private boolean hasSource(ExecutableElement callee) {
    return trees.getTree(callee) != null;
  }

  private boolean isSupertype(TypeElement owner, TypeElement reading) {
    return types.isSubtype(types.erasure(reading.asType()), types.erasure(owner.asType()));
  }

  /** Whether {@code callee} is the method of a functional interface, whose code is a lambda's. */
  boolean isFunctionalMethod(ExecutableElement callee) {
    return callee.getEnclosingElement() instanceof TypeElement owner
        && isFunctionalMethod(callee, owner);
  }

  private boolean isFunctionalMethod(ExecutableElement callee, TypeElement owner) {
    return callee.getModifiers().contains(Modifier.ABSTRACT)
        && owner.getKind() == ElementKind.INTERFACE
        && elements.isFunctionalInterface(owner);
  }

  private static String name(ExecutableElement callee, TypeElement owner) {
    return callee.getKind() == ElementKind.CONSTRUCTOR
        ? "the constructor of " + owner.getSimpleName()
        : owner.getSimpleName() + "." + callee.getSimpleName() + "()";
  }
}
