package dev.quiesce.runtime.backup;

import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The selected components of a backup, grouped by writer, and the paths their snapshot needs. */
record Selection(List<Writer> writers) {
  /** One writer and its selected components. */
  record Writer(WriterMetadata metadata, List<String> components) {}

  static Selection of(List<WriterMetadata> metadata, Collection<ComponentRef> selected) {
    List<Writer> writers = new ArrayList<>();
    for (WriterMetadata writer : metadata) {
      List<String> components =
          writer.components().stream()
              .map(Component::name)
              .filter(c -> selected.contains(new ComponentRef(writer.writerName(), c)))
              .toList();
      if (!components.isEmpty()) {
        writers.add(new Writer(writer, components));
      }
    }
    return new Selection(List.copyOf(writers));
  }

  boolean isEmpty() {
    return writers.isEmpty();
  }

  List<ComponentRef> refs() {
    List<ComponentRef> refs = new ArrayList<>();
    for (Writer writer : writers) {
      writer
          .components()
          .forEach(c -> refs.add(new ComponentRef(writer.metadata().writerName(), c)));
    }
    return refs;
  }

  /**
   * The roots of the selected components' file sets, with any root inside another left out: the
   * paths the snapshot set must cover.
   */
  List<Path> roots() {
    TreeSet<Path> all = new TreeSet<>();
    for (Writer writer : writers) {
      for (String name : writer.components()) {
        writer.metadata().component(name).orElseThrow().fileSets().stream()
            .map(FileSet::root)
            .forEach(all::add);
      }
    }
    List<Path> roots = new ArrayList<>();
    for (Path path : all) {
      if (roots.stream().noneMatch(path::startsWith)) {
        roots.add(path);
      }
    }
    return roots;
  }
}
