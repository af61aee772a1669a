package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of a snapshot set, in order, each a barrier across every member: no member starts a
 * phase before every member has finished the one before. So FRONT_END writers are frozen on every
 * host before a BACK_END writer is frozen anywhere, and thawed in reverse. The freeze and thaw of a
 * level no member has writers at are the exception: each member runs them locally ({@link
 * SetPlan}).
 */
enum Phase {
  /** Identify and PrepareBackup on each member. */
  PREPARE(null),
  FREEZE_FRONT_END(ApplicationLevel.FRONT_END),
  FREEZE_BACK_END(ApplicationLevel.BACK_END),
  FREEZE_SYSTEM(ApplicationLevel.SYSTEM),
  /** Each member's snapshot, while every member's writers are frozen. */
  SNAPSHOT(null),
  THAW_SYSTEM(ApplicationLevel.SYSTEM),
  THAW_BACK_END(ApplicationLevel.BACK_END),
  THAW_FRONT_END(ApplicationLevel.FRONT_END),
  /** Each member writes its part of the archive and reports its summary. */
  FINISH(null),
  /** The set manifest is written: each member sends BackupComplete. */
  COMPLETE(null);

  private final ApplicationLevel level;

  Phase(ApplicationLevel level) {
    this.level = level;
  }

  /** The level this phase freezes or thaws, if it is a freeze or thaw phase. */
  Optional<ApplicationLevel> level() {
    return Optional.ofNullable(level);
  }

  boolean freezes() {
    return name().startsWith("FREEZE_");
  }

  boolean thaws() {
    return name().startsWith("THAW_");
  }

  /** Whether a member is (or may be) frozen while it waits for this phase. */
  boolean awaitedFrozen() {
    return compareTo(FREEZE_BACK_END) >= 0 && compareTo(THAW_FRONT_END) <= 0;
  }

  String znode() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
