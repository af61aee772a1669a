package dev.quiesce.runtime;

import dev.quiesce.api.metadata.Component;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which components a session selects: everything, or the named writers (all their components) and
 * the named components. A writer with no selected component gets no further event of the session
 * after Identify (VSS's component-mode rule), except the coordinator's BackupShutdown.
 *
 * <p>Non-selectable components (VSS's mandatory components) come along whenever any other component
 * of their writer is selected.
 *
 * @param everything whether every component of every writer is selected
 * @param writers writers whose every component is selected
 * @param components single components that are selected
 */
public record ComponentSelection(
    boolean everything, Set<String> writers, Set<ComponentRef> components) {

  /** Copies the sets. */
  public ComponentSelection {
    writers = Set.copyOf(writers);
    components = Set.copyOf(components);
  }

  /** Every component of every writer. */
  public static ComponentSelection all() {
    return new ComponentSelection(true, Set.of(), Set.of());
  }

  /** Nothing yet: components are then chosen with {@code select(...)} on the session. */
  public static ComponentSelection none() {
    return new ComponentSelection(false, Set.of(), Set.of());
  }

  /** This selection narrowed to (if it was everything) or extended with whole writers. */
  public ComponentSelection withWriters(String... names) {
    Set<String> w = everything ? new HashSet<>() : new HashSet<>(writers);
    w.addAll(List.of(names));
    return new ComponentSelection(false, w, everything ? Set.of() : components);
  }

  /** This selection narrowed to (if it was everything) or extended with single components. */
  public ComponentSelection withComponents(ComponentRef... refs) {
    Set<ComponentRef> c = everything ? new HashSet<>() : new HashSet<>(components);
    c.addAll(List.of(refs));
    return new ComponentSelection(false, everything ? Set.of() : writers, c);
  }

  /** Whether {@code component} of {@code writer} is selected explicitly or by a wider choice. */
  public boolean selects(String writer, Component component) {
    return everything
        || writers.contains(writer)
        || components.contains(new ComponentRef(writer, component.name()));
  }

  /**
   * Whether any component of {@code writer} may be selected: used before the writer's components
   * are known, for instance when it failed to describe them.
   */
  public boolean mayInclude(String writer) {
    return everything
        || writers.contains(writer)
        || components.stream().anyMatch(c -> c.writer().equals(writer));
  }
}
