package dev.quiesce.api;

/** How a writer's data is stored (VSS's {@code VSS_SOURCE_TYPE}). */
public enum SourceType {
  /** Not stated. */
  UNDEFINED,
  /** A transactional database (its files are consistent once writes are held). */
  TRANSACTED_DB,
  /** A store without transactions (a cache, a plain file database). */
  NON_TRANSACTED_DB,
  /** Anything else: journals, plain files. The default. */
  OTHER
}
