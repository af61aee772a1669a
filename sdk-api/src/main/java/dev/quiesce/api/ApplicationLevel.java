package dev.quiesce.api;

/**
 * The freeze order of a writer (VSS's {@code VSS_APPLICATION_LEVEL}). Writers freeze level by level
 * in declaration order, the writers of one level in parallel, and thaw in reverse, so an
 * application stops writing before the database under it is frozen and resumes only after the
 * database thaws.
 */
public enum ApplicationLevel {
  /** Applications over other writers' data. Freeze first, thaw last. The default. */
  FRONT_END,
  /** Stores that front ends write to: databases, journals. */
  BACK_END,
  /** System services. Freeze last, thaw first. */
  SYSTEM
}
