package dev.quiesce.runtime.internal;

import dev.quiesce.api.ApplicationLevel;

/**
 * The steps of a snapshot set ({@link SnapshotSetRun}), in the one order they may be called: a
 * requestor over several coordinators runs each on every member before the next.
 */
enum SnapshotSetStep {
  PREPARE,
  FREEZE_FRONT_END,
  FREEZE_BACK_END,
  FREEZE_SYSTEM,
  SNAPSHOT,
  THAW_SYSTEM,
  THAW_BACK_END,
  THAW_FRONT_END,
  FINISH;

  static SnapshotSetStep freeze(ApplicationLevel level) {
    return values()[FREEZE_FRONT_END.ordinal() + level.ordinal()];
  }

  static SnapshotSetStep thaw(ApplicationLevel level) {
    return values()[THAW_FRONT_END.ordinal() - level.ordinal()];
  }

  String call() {
    return switch (this) {
      case PREPARE -> "prepare()";
      case SNAPSHOT -> "snapshot()";
      case FINISH -> "finish()";
      default -> name().startsWith("FREEZE") ? "freeze(" + level() + ")" : "thaw(" + level() + ")";
    };
  }

  private String level() {
    return name().substring(name().indexOf('_') + 1);
  }
}
