package dev.quiesce.processor.body;

import java.util.List;
import java.util.Map;

/**
 * The code of one writer class and the calls between its parts.
 *
 * @param units every method, constructor, initializer, lambda and inner class body, in source order
 * @param calls for each unit, the units it calls directly, in source order, without repeats
 * @param restrictedCalls the calls of {@code @CallableDuring} methods, in source order
 */
record CallGraph(List<Unit> units, Map<Unit, List<Unit>> calls, List<CallSite> restrictedCalls) {
  CallGraph {
    units = List.copyOf(units);
    calls = Map.copyOf(calls);
    restrictedCalls = List.copyOf(restrictedCalls);
  }

  /** The units {@code unit} calls directly. */
  List<Unit> callees(Unit unit) {
    return calls.getOrDefault(unit, List.of());
  }
}
