package dev.quiesce.api;

/** The Freeze event's context. Hold writes and return quickly: the freeze window is running. */
public interface FreezeContext extends SnapshotEventContext {}
