package dev.quiesce.processor.body;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What the body rules need from one class (a writer or a supertype of one), read while javac's
 * trees of it are attributed and not yet lowered: its units of code, the calls between them, its
 * restricted calls and its escaping contexts. Independent of the writer it is used for.
 *
 * @param type the class
 * @param units its units, in source order
 * @param methods the units of its methods and constructors
 * @param calls for each unit, the calls it makes that run code of the same instance, in order
 * @param restrictedCalls its calls of {@code @CallableDuring} methods, in source order
 * @param escapes its escaping event contexts, in source order
 */
record TypeSummary(
    TypeElement type,
    List<Unit> units,
    Map<ExecutableElement, Unit> methods,
    Map<Unit, List<Call>> calls,
    List<CallSite> restrictedCalls,
    List<Finding> escapes) {
  TypeSummary {
    units = List.copyOf(units);
    methods = Map.copyOf(methods);
    calls = Collections.unmodifiableMap(new LinkedHashMap<>(calls));
    restrictedCalls = List.copyOf(restrictedCalls);
    escapes = List.copyOf(escapes);
  }
}
