package dev.quiesce.api;

/** The PrepareSnapshot event's context: the heavy preparation before the freeze. */
public interface PrepareSnapshotContext extends SnapshotEventContext {}
