package dev.quiesce.api.metadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A unit of a writer's data that a requestor can select for backup and restore: a database, a group
 * of files. Immutable; built during Identify through {@link
 * dev.quiesce.api.IdentifyContext#component(String)}.
 *
 * @param name unique within the writer
 * @param logicalPath groups components into a tree (VSS's logical path); empty for top level
 * @param type database or file group
 * @param caption a human-readable description; empty if none
 * @param selectable whether a requestor may select or leave out this component on its own; a
 *     non-selectable component is always backed up with its writer
 * @param fileSets the files that make up the component
 */
public record Component(
    String name,
    String logicalPath,
    ComponentType type,
    String caption,
    boolean selectable,
    List<FileSet> fileSets) {

  /**
   * Checks the fields and copies the list.
   *
   * @throws IllegalArgumentException if the name is blank or holds a path separator
   */
  public Component {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException(
          "component name '" + name + "' must be non-blank and hold no '/' or '\\'");
    }
    Objects.requireNonNull(logicalPath, "logicalPath");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(caption, "caption");
    fileSets = List.copyOf(fileSets);
  }

  /** Starts a component named {@code name}: a selectable file group with no files yet. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Whether {@code file} belongs to one of this component's file sets.
   *
   * @see FileSet#matches(Path)
   */
  public boolean contains(Path file) {
    return fileSets.stream().anyMatch(set -> set.matches(file));
  }

  /** Builds a {@link Component}. Not thread-safe; used inside one Identify handler. */
  public static final class Builder {
    private final String name;
    private String logicalPath = "";
    private ComponentType type = ComponentType.FILE_GROUP;
    private String caption = "";
    private boolean selectable = true;
    private final List<FileSet> fileSets = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The component's name. */
    public String name() {
      return name;
    }

    /** Makes it a {@link ComponentType#DATABASE}. */
    public Builder database() {
      this.type = ComponentType.DATABASE;
      return this;
    }

    /** Makes it a {@link ComponentType#FILE_GROUP} (the default). */
    public Builder fileGroup() {
      this.type = ComponentType.FILE_GROUP;
      return this;
    }

    /** Sets the logical path that places it in the writer's component tree. */
    public Builder logicalPath(String logicalPath) {
      this.logicalPath = Objects.requireNonNull(logicalPath, "logicalPath");
      return this;
    }

    /** Sets a human-readable description. */
    public Builder caption(String caption) {
      this.caption = Objects.requireNonNull(caption, "caption");
      return this;
    }

    /** Sets whether a requestor may select it on its own (default {@code true}). */
    public Builder selectable(boolean selectable) {
      this.selectable = selectable;
      return this;
    }

    /**
     * Adds the files under {@code root} whose names match {@code filespec}.
     *
     * @see FileSet
     */
    public Builder files(Path root, String filespec, boolean recursive) {
      fileSets.add(new FileSet(root, filespec, recursive));
      return this;
    }

    /** The immutable component. */
    public Component build() {
      return new Component(name, logicalPath, type, caption, selectable, fileSets);
    }
  }
}
