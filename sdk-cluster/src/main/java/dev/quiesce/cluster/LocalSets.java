package dev.quiesce.cluster;

/** Opens a member's local part of each cluster snapshot set: on its coordinator, or in a test. */
interface LocalSets {
  /** Opens the local session of set {@code spec} for {@code member}. */
  LocalSet begin(SetSpec spec, String member);
}
