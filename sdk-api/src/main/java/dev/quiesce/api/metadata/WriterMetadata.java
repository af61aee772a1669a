package dev.quiesce.api.metadata;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.BackupType;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a writer says about itself at Identify (VSS's Writer Metadata Document): its identity, its
 * components and their files, the files to exclude, and how to restore. Immutable. A requestor
 * saves it with the backup, and restores by it.
 *
 * @param writerName the writer's name
 * @param writerId the writer class id
 * @param instanceName the instance name; empty for a single instance
 * @param usage what kind of data it owns
 * @param source how that data is stored
 * @param level its freeze order
 * @param components its components, in the order it added them
 * @param excludedFiles files never to back up, whatever a component lists
 * @param restoreMethod how its data is restored
 * @param backupSchema the backup types the writer supports besides {@link BackupType#FULL} (VSS's
 *     {@code SetBackupSchema}); empty when it declared none, and then every type is done by
 *     comparing files with the base
 * @param dependencies components of other writers its components must be backed up with
 * @param alternateLocationMappings where file sets may be restored instead of their original place
 */
public record WriterMetadata(
    String writerName,
    UUID writerId,
    String instanceName,
    UsageType usage,
    SourceType source,
    ApplicationLevel level,
    List<Component> components,
    List<FileSet> excludedFiles,
    RestoreMethod restoreMethod,
    Set<BackupType> backupSchema,
    List<ComponentDependency> dependencies,
    List<AlternateLocationMapping> alternateLocationMappings) {

  /**
   * Checks the fields and copies the lists.
   *
   * @throws IllegalArgumentException if two components share a name
   */
  public WriterMetadata {
    Objects.requireNonNull(writerName, "writerName");
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(restoreMethod, "restoreMethod");
    components = List.copyOf(components);
    excludedFiles = List.copyOf(excludedFiles);
    backupSchema = Set.copyOf(backupSchema);
    dependencies = List.copyOf(dependencies);
    alternateLocationMappings = List.copyOf(alternateLocationMappings);
    long distinct = components.stream().map(Component::name).distinct().count();
    if (distinct != components.size()) {
      throw new IllegalArgumentException(
          "writer '" + writerName + "' names two components alike: names must be unique");
    }
  }

  /**
   * Metadata without a backup schema, dependencies or alternate location mappings (what a writer
   * that declares none has).
   */
  public WriterMetadata(
      String writerName,
      UUID writerId,
      String instanceName,
      UsageType usage,
      SourceType source,
      ApplicationLevel level,
      List<Component> components,
      List<FileSet> excludedFiles,
      RestoreMethod restoreMethod) {
    this(
        writerName,
        writerId,
        instanceName,
        usage,
        source,
        level,
        components,
        excludedFiles,
        restoreMethod,
        Set.of(),
        List.of(),
        List.of());
  }

  /**
   * The type this writer's backup is done as when {@code requested} is asked for: {@code requested}
   * if the writer declared no schema or its schema holds it, else {@link BackupType#FULL}, as VSS
   * does for a type a writer does not support.
   */
  public BackupType effectiveBackupType(BackupType requested) {
    return backupSchema.isEmpty() || backupSchema.contains(requested) ? requested : BackupType.FULL;
  }

  /** Starts the metadata of a writer with the given identity; the runtime fills it at Identify. */
  public static Builder builder(
      String writerName,
      UUID writerId,
      String instanceName,
      UsageType usage,
      SourceType source,
      ApplicationLevel level) {
    return new Builder(writerName, writerId, instanceName, usage, source, level);
  }

  /** The component named {@code name}, if there is one. */
  public Optional<Component> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * Whether {@code file} is excluded from every backup of this writer.
   *
   * @see FileSet#matches(Path)
   */
  public boolean isExcluded(Path file) {
    return excludedFiles.stream().anyMatch(set -> set.matches(file));
  }

  /** Builds a {@link WriterMetadata}. Not thread-safe; filled by one Identify handler. */
  public static final class Builder {
    private final String writerName;
    private final UUID writerId;
    private final String instanceName;
    private final UsageType usage;
    private final SourceType source;
    private final ApplicationLevel level;
    private final Map<String, Component.Builder> components = new LinkedHashMap<>();
    private final List<FileSet> excluded = new ArrayList<>();
    private RestoreMethod restoreMethod = RestoreMethod.RESTORE_IF_CAN_REPLACE;
    private final Set<BackupType> backupSchema = EnumSet.noneOf(BackupType.class);
    private final List<ComponentDependency> dependencies = new ArrayList<>();
    private final List<AlternateLocationMapping> mappings = new ArrayList<>();

    private Builder(
        String writerName,
        UUID writerId,
        String instanceName,
        UsageType usage,
        SourceType source,
        ApplicationLevel level) {
      this.writerName = writerName;
      this.writerId = writerId;
      this.instanceName = instanceName;
      this.usage = usage;
      this.source = source;
      this.level = level;
    }

    /**
     * Adds a component.
     *
     * @throws IllegalArgumentException if a component of that name was already added
     */
    public Component.Builder component(String name) {
      Objects.requireNonNull(name, "name");
      if (components.containsKey(name)) {
        throw new IllegalArgumentException(
            "writer '"
                + writerName
                + "' already has a component named '"
                + name
                + "': component names must be unique within a writer");
      }
      Component.Builder builder = Component.builder(name);
      components.put(name, builder);
      return builder;
    }

    /** Excludes files from every backup of this writer. */
    public Builder excludeFiles(Path root, String filespec, boolean recursive) {
      excluded.add(new FileSet(root, filespec, recursive));
      return this;
    }

    /** Sets how the writer's data is restored. */
    public Builder restoreMethod(RestoreMethod method) {
      this.restoreMethod = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Declares the backup types the writer supports (VSS's {@code SetBackupSchema}); {@link
     * BackupType#FULL} is always supported. A type left out is done as full for this writer.
     */
    public Builder backupSchema(Set<BackupType> supported) {
      backupSchema.add(BackupType.FULL);
      backupSchema.addAll(supported);
      return this;
    }

    /**
     * Declares that {@code component} must be backed up and restored with {@code onComponent} of
     * writer {@code onWriter} (VSS's {@code AddComponentDependency}).
     *
     * @throws IllegalArgumentException if {@code onWriter} is this writer: VSS forbids dependencies
     *     inside a writer
     */
    public Builder componentDependency(String component, String onWriter, String onComponent) {
      if (onWriter.equals(writerName)) {
        throw new IllegalArgumentException(
            "writer '"
                + writerName
                + "' declares a dependency of its component '"
                + component
                + "' on its own component '"
                + onComponent
                + "': dependencies are between components of different writers; make the other"
                + " component non-selectable instead");
      }
      dependencies.add(new ComponentDependency(component, onWriter, onComponent));
      return this;
    }

    /** Adds where a file set may be restored instead of its original place. */
    public Builder alternateLocationMapping(
        Path root, String filespec, boolean recursive, Path destination) {
      mappings.add(
          new AlternateLocationMapping(new FileSet(root, filespec, recursive), destination));
      return this;
    }

    /** The immutable metadata. */
    public WriterMetadata build() {
      return new WriterMetadata(
          writerName,
          writerId,
          instanceName,
          usage,
          source,
          level,
          components.values().stream().map(Component.Builder::build).toList(),
          excluded,
          restoreMethod,
          backupSchema,
          dependencies,
          mappings);
    }
  }
}
