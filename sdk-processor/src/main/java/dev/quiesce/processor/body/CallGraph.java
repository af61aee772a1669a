package dev.quiesce.processor.body;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * The code of one writer (its class and its supertypes with source) and the calls between its
 * parts, with how each part can start running.
 */
final class CallGraph {
  private final List<Unit> units;
  private final Map<Unit, Root> roots;
  private final Map<Unit, List<Unit>> calls;
  private final List<CallSite> restrictedCalls;

  private CallGraph(
      List<Unit> units,
      Map<Unit, Root> roots,
      Map<Unit, List<Unit>> calls,
      List<CallSite> restrictedCalls) {
    this.units = List.copyOf(units);
    this.roots = Collections.unmodifiableMap(roots);
    this.calls = Collections.unmodifiableMap(calls);
    this.restrictedCalls = List.copyOf(restrictedCalls);
  }

  /**
   * The graph of a writer from the summaries of its hierarchy's types, writer first: calls on the
   * writer instance go to the method the writer really runs (its override, if any).
   */
  static CallGraph assemble(Hierarchy hierarchy, List<TypeSummary> summaries) {
    List<Unit> units = new ArrayList<>();
    Map<ExecutableElement, Unit> methods = new HashMap<>();
    List<CallSite> restrictedCalls = new ArrayList<>();
    for (TypeSummary summary : summaries) {
      units.addAll(summary.units());
      methods.putAll(summary.methods());
      restrictedCalls.addAll(summary.restrictedCalls());
    }
    Map<Unit, Root> roots = new HashMap<>();
    for (Unit unit : units) {
      roots.put(unit, root(unit, hierarchy));
    }
    Map<Unit, List<Unit>> edges = new LinkedHashMap<>();
    for (TypeSummary summary : summaries) {
      summary
          .calls()
          .forEach(
              (from, made) -> {
                Set<Unit> targets = new LinkedHashSet<>();
                for (Call call : made) {
                  ExecutableElement runs =
                      call.virtual() ? hierarchy.dispatch(call.callee()) : call.callee();
                  Unit target = methods.get(runs);
                  if (target != null) {
                    targets.add(target);
                  }
                }
                edges.put(from, List.copyOf(targets));
              });
    }
    return new CallGraph(units, roots, edges, restrictedCalls);
  }

  private static Root root(Unit unit, Hierarchy hierarchy) {
    if (!unit.events().isEmpty()) {
      return Root.EVENT;
    }
    if (unit.kind().deferred()) {
      return Root.DEFERRED;
    }
    if (unit.kind().outsideEvents()) {
      return Root.OUTSIDE;
    }
    if (unit.kind() == UnitKind.MEMBER_METHOD) {
      return Root.NONE;
    }
    ExecutableElement method = unit.method().orElseThrow();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return Root.NONE;
    }
    // Application code may call a non-private method at any time, unless the writer overrides it:
    // then only super.method() runs it.
    return method.getModifiers().contains(Modifier.STATIC)
            || hierarchy.dispatch(method).equals(method)
        ? Root.OUTSIDE
        : Root.NONE;
  }

  /** Every unit, in source order, the writer's first. */
  List<Unit> units() {
    return units;
  }

  Root root(Unit unit) {
    return roots.getOrDefault(unit, Root.NONE);
  }

  /** The units {@code unit} calls directly, in source order, without repeats. */
  List<Unit> callees(Unit unit) {
    return calls.getOrDefault(unit, List.of());
  }

  /** The calls of {@code @CallableDuring} methods, in source order. */
  List<CallSite> restrictedCalls() {
    return restrictedCalls;
  }
}
