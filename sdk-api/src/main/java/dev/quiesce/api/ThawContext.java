package dev.quiesce.api;

/** The Thaw event's context. Resume writes. */
public interface ThawContext extends SnapshotEventContext {}
