package dev.quiesce.processor.body;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which code can start running by itself (handlers, non-private methods, constructors,
 * initializers, lambdas...) reaches which unit, and through which calls. One breadth-first search
 * per starting point, so every chain is a shortest one, recursion terminates, and the result only
 * depends on source order.
 */
final class Reachability {
  /**
   * One way a unit is reached.
   *
   * @param root how the starting point starts running
   * @param chain the units from the starting point to the reached unit, both included
   */
  record Reach(Root root, List<Unit> chain) {
    Reach {
      chain = List.copyOf(chain);
    }

    Unit start() {
      return chain.get(0);
    }
  }

  /** For each starting point, each unit it reaches mapped to the unit it was reached from. */
  private final Map<Unit, Map<Unit, Unit>> parents;

  private final CallGraph graph;

  private Reachability(CallGraph graph, Map<Unit, Map<Unit, Unit>> parents) {
    this.graph = graph;
    this.parents = parents;
  }

  static Reachability of(CallGraph graph) {
    Map<Unit, Map<Unit, Unit>> parents = new LinkedHashMap<>();
    for (Unit start : graph.units()) {
      if (graph.root(start) != Root.NONE) {
        parents.put(start, search(graph, start));
      }
    }
    return new Reachability(graph, parents);
  }

  private static Map<Unit, Unit> search(CallGraph graph, Unit start) {
    Map<Unit, Unit> parent = new LinkedHashMap<>();
    parent.put(start, start);
    Deque<Unit> pending = new ArrayDeque<>(List.of(start));
    while (!pending.isEmpty()) {
      Unit unit = pending.removeFirst();
      for (Unit callee : graph.callees(unit)) {
        if (!parent.containsKey(callee)) {
          parent.put(callee, unit);
          pending.addLast(callee);
        }
      }
    }
    return parent;
  }

  /** Every starting point that reaches {@code unit}, in source order, with a shortest chain. */
  List<Reach> reaching(Unit unit) {
    List<Reach> reaches = new ArrayList<>();
    parents.forEach(
        (start, parent) -> {
          if (parent.containsKey(unit)) {
            List<Unit> chain = new ArrayList<>();
            for (Unit step = unit; step != start; step = parent.get(step)) {
              chain.add(0, step);
            }
            chain.add(0, start);
            reaches.add(new Reach(graph.root(start), chain));
          }
        });
    return reaches;
  }
}
