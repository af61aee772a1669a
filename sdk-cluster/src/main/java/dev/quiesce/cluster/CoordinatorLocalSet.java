package dev.quiesce.cluster;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.FileSet;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.SnapshotSet;
import dev.quiesce.runtime.SnapshotSetSteps;
import dev.quiesce.runtime.WriterStatus;
import dev.quiesce.runtime.archive.ArchiveRequest;
import dev.quiesce.runtime.archive.ArchiveWriter;
import dev.quiesce.runtime.archive.ComponentFiles;
import dev.quiesce.runtime.archive.QuiesceOutcome;
import dev.quiesce.runtime.archive.WriterFiles;
import dev.quiesce.set.SetArchive;
import dev.quiesce.set.SetManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's part of one cluster snapshot set on its coordinator: a backup session walked with
 * {@link SnapshotSetSteps}, whose part of the archive is written with the ordinary archive code
 * into {@code <set directory>/parts/<member>}, the layout of {@code dev.quiesce.set}'s set archive.
 */
final class CoordinatorLocalSet implements LocalSet {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorLocalSet.class);

  private final Coordinator coordinator;
  private final BackupSession session;
  private final SetSpec spec;
  private final String member;
  private final Instant started = Instant.now();
  private volatile SnapshotSetSteps steps;
  private volatile SnapshotSet snapshot;
  private List<WriterMetadata> metadata = List.of();
  private List<ComponentRef> selected = List.of();

  CoordinatorLocalSet(Coordinator coordinator, BackupSession session, SetSpec spec, String member) {
    this.coordinator = coordinator;
    this.session = session;
    this.spec = spec;
    this.member = member;
  }

  @Override
  public void prepare() {
    metadata = session.gatherWriterMetadata();
    session.prepareForBackup();
    selected = session.selectedComponents();
    SnapshotSetSteps opened = session.beginSnapshotSet(spec.id(), roots(), spec.freezeWindow());
    steps = opened;
    opened.prepare();
  }

  @Override
  public Set<ApplicationLevel> levels() {
    EnumSet<ApplicationLevel> levels = EnumSet.noneOf(ApplicationLevel.class);
    metadata.forEach(writer -> levels.add(writer.level()));
    return levels;
  }

  /** The roots of the selected components' file sets, none inside another. */
  private List<Path> roots() {
    TreeSet<Path> all = new TreeSet<>();
    for (WriterMetadata writer : metadata) {
      for (Component component : writer.components()) {
        if (selected.contains(new ComponentRef(writer.writerName(), component.name()))) {
          component.fileSets().stream().map(FileSet::root).forEach(all::add);
        }
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

  @Override
  public void freeze(ApplicationLevel level) {
    steps.freeze(level);
  }

  @Override
  public void snapshot() {
    steps.snapshot();
  }

  @Override
  public void thaw(ApplicationLevel level) {
    steps.thaw(level);
  }

  @Override
  public PartSummary finish() {
    SnapshotSet set = steps.finish();
    snapshot = set;
    Path dir = SetArchive.partDir(spec.target(), member);
    try {
      List<WriterFiles> writers = new ArrayList<>();
      int files = 0;
      for (WriterMetadata writer : metadata) {
        List<ComponentFiles> components = new ArrayList<>();
        for (Component component : writer.components()) {
          if (selected.contains(new ComponentRef(writer.writerName(), component.name()))) {
            ComponentFiles scanned = ComponentFiles.scan(writer, component.name(), set::pathOf);
            files += scanned.files().size();
            components.add(scanned);
          }
        }
        if (!components.isEmpty()) {
          writers.add(new WriterFiles(writer, components));
        }
      }
      ArchiveRequest request =
          new ArchiveRequest(
              set.id(), set.provider(), outcome(set), started, set.frozenFor(), writers);
      new ArchiveWriter().write(dir, request, set);
      SetManifest.Part part = SetArchive.describePart(spec.target(), member, Hosts.localName());
      return new PartSummary(
          member, part.host(), part.path(), part.manifestSha256(), part.writers(), files);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "member " + member + " could not write its part into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static QuiesceOutcome outcome(SnapshotSet set) {
    if (set.quiesced()) {
      return QuiesceOutcome.quiesced();
    }
    return QuiesceOutcome.crashConsistent(
        "policy "
            + set.policy()
            + " went on without quiescing "
            + set.quiesceFailures().stream().map(WriterStatus::name).toList());
  }

  @Override
  public void complete() {
    for (ComponentRef component : selected) {
      session.setBackupSucceeded(component, true);
    }
    try {
      session.backupComplete();
    } catch (QuiesceException e) {
      // The set and this part are whole: the backup stands, as BackupApplication decides too.
      log.warn(
          "snapshot set {} is complete, but BackupComplete failed: {}", spec.id(), e.getMessage());
    }
  }

  @Override
  public Instant thawDeadline() {
    SnapshotSetSteps current = steps;
    return current == null ? Instant.MAX : current.thawDeadline();
  }

  @Override
  public void abort(String cause) {
    SnapshotSetSteps current = steps;
    if (current != null) {
      current.close();
    }
    try {
      session.abort();
    } catch (IllegalStateException e) {
      // The session ended or completed meanwhile: nothing is frozen, nothing is left to abort.
      log.debug("snapshot set {}: no abort needed ({})", spec.id(), e.getMessage());
    }
  }

  @Override
  public void requestorLost() {
    coordinator.requestorLost(session.id());
  }

  @Override
  public void close() {
    try {
      SnapshotSetSteps current = steps;
      if (current != null) {
        current.close();
      }
      SnapshotSet set = snapshot;
      if (set != null) {
        set.close();
      }
    } finally {
      session.close();
    }
  }
}
