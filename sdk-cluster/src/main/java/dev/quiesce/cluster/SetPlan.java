package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The levels a snapshot set freezes with a barrier: those at which some member has writers. A
 * member reports its own levels with PREPARE ({@code acquired/prepare/MEMBER}); the requestor
 * writes the union ({@code plan}) before it opens the next phase. A level nobody has writers at
 * needs no cluster-wide barrier (there is nothing to order), so its freeze and thaw run on each
 * member locally, right next to a barrier phase: a freeze just before the next barrier phase's step
 * (so no member's freeze window starts early), a thaw just after the barrier phase before it.
 *
 * @param levels the levels with writers, in freeze order
 */
record SetPlan(List<ApplicationLevel> levels) {
  SetPlan {
    EnumSet<ApplicationLevel> sorted = EnumSet.noneOf(ApplicationLevel.class);
    sorted.addAll(levels);
    levels = List.copyOf(sorted);
  }

  static SetPlan of(Set<ApplicationLevel> levels) {
    return new SetPlan(List.copyOf(levels));
  }

  /** The union of the members' plans. */
  SetPlan with(SetPlan other) {
    List<ApplicationLevel> all = new ArrayList<>(levels);
    all.addAll(other.levels);
    return new SetPlan(all);
  }

  /** Whether {@code phase} is a barrier across the members, or runs on each member locally. */
  boolean barrier(Phase phase) {
    return phase.level().map(levels::contains).orElse(true);
  }
}
