package dev.quiesce.api.metadata;

/** The two kinds of component VSS knows ({@code VSS_COMPONENT_TYPE}). */
public enum ComponentType {
  /** A database: data files and logs that are backed up and restored together. */
  DATABASE,
  /** A group of plain files. The default. */
  FILE_GROUP
}
