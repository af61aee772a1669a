package dev.quiesce.runtime.archive;

import dev.quiesce.api.metadata.Component;
import dev.quiesce.api.metadata.RestoreMethod;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a whole restore before anything is written, so that a restore that starts writing can
 * finish, and one that cannot is refused first. Every problem is collected:
 *
 * <ul>
 *   <li>to original paths, an entry outside the file sets its writer declares now (its Identify in
 *       this restore), of a component it no longer declares, or of a writer that is not running:
 *       the manifest is checksummed, not signed, and may claim any root;
 *   <li>re-rooted, a target outside the target directory after normalization, or reached through a
 *       symbolic link inside it;
 *   <li>two entries for one target with different contents; an entry whose target is a directory on
 *       the way to another entry's target;
 *   <li>a target that is a directory or a special file, a non-directory on the way to one;
 *   <li>to original paths, a file of a writer restoring to its alternate locations that no mapping
 *       of its holds, or whose mapped place lies outside the mapping's destination or through a
 *       symbolic link ({@link AlternatePlacement});
 *   <li>a file system without the space for the files (each is written beside its target first).
 * </ul>
 */
final class RestorePlanner {
  private RestorePlanner() {}

  /**
   * One file to restore.
   *
   * @param onlyIfAbsent whether to leave the target alone if it exists when the file is put in
   *     place (the writer's {@link RestoreMethod#RESTORE_IF_NOT_THERE})
   */
  record Step(FileEntry entry, Path target, boolean onlyIfAbsent) {}

  /**
   * The steps to run, the targets left alone, every problem found, and the directory each
   * component's files were placed under by its writer's alternate location mappings, if any were
   * (by the archive's names for it).
   */
  record Plan(
      List<Step> steps,
      List<Path> skipped,
      List<String> problems,
      Map<ComponentRef, Path> alternates) {}

  static Plan plan(Manifest manifest, RestoreTarget where) throws IOException {
    Path base = where instanceof RestoreTarget.Under under ? under.directory() : null;
    List<String> problems = new ArrayList<>();
    Map<WriterEntry, WriterMetadata> live = new HashMap<>();
    List<WriterMetadata> allRunning =
        where instanceof RestoreTarget.OriginalPaths original ? original.live() : List.of();
    if (where instanceof RestoreTarget.OriginalPaths) {
      problems.addAll(liveProblems(manifest, allRunning, live));
    }
    List<Step> steps = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    Map<Path, FileEntry> byTarget = new LinkedHashMap<>();
    Map<ComponentRef, Path> alternates = new LinkedHashMap<>();
    // Many files share a directory: each directory on the way is examined once.
    Map<Path, Optional<String>> directories = new HashMap<>();
    for (FileEntry entry : manifest.files()) {
      WriterEntry writer = writerOf(manifest, entry);
      Path original = entry.originalPath();
      Path target =
          base == null
              ? original
              : base.resolve(original.getRoot().relativize(original).toString()).normalize();
      String name = "entry '" + entry.archivePath() + "'";
      if (base != null && (!target.startsWith(base) || target.equals(base))) {
        problems.add(name + " would be restored to " + target + ", outside " + base + ": refused");
        continue;
      }
      String problem = targetProblem(target, base, directories);
      // To original paths the running writer's method counts, as it is the one whose files these
      // are now; re-rooted, the method recorded in the archive.
      WriterMetadata running = live.get(writer);
      RestoreMethod method = Optional.ofNullable(running).orElse(writer.metadata()).restoreMethod();
      if (running != null
          && (method == RestoreMethod.RESTORE_TO_ALTERNATE_LOCATION
              || (method == RestoreMethod.RESTORE_IF_CAN_REPLACE
                  && !running.alternateLocationMappings().isEmpty()
                  && AlternatePlacement.cannotReplace(target, problem)))) {
        AlternatePlacement.Placed placed = AlternatePlacement.place(running, allRunning, entry);
        if (placed.problem() != null) {
          problems.add(name + ": " + (problem == null ? "" : problem + "; ") + placed.problem());
          continue;
        }
        target = placed.target();
        problem = targetProblem(target, null, directories);
        alternates.merge(
            new ComponentRef(writer.metadata().writerName(), entry.component()),
            placed.mapping().orElseThrow().destination(),
            AlternatePlacement::commonDirectory);
      }
      FileEntry same = byTarget.putIfAbsent(target, entry);
      if (same != null) {
        if (!same.sha256().equals(entry.sha256())) {
          problems.add(
              name
                  + " and entry '"
                  + same.archivePath()
                  + "' both restore to "
                  + target
                  + " with different contents: refused");
        }
        continue;
      }
      boolean onlyIfAbsent = method == RestoreMethod.RESTORE_IF_NOT_THERE;
      if (problem != null) {
        problems.add(name + ": " + problem);
      } else if (onlyIfAbsent && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        skipped.add(target);
      } else {
        steps.add(new Step(entry, target, onlyIfAbsent));
      }
    }
    problems.addAll(nestingProblems(byTarget));
    if (problems.isEmpty()) {
      problems.addAll(spaceProblems(steps));
    }
    return new Plan(steps, skipped, problems, Map.copyOf(alternates));
  }

  private static WriterEntry writerOf(Manifest manifest, FileEntry entry) {
    // ArchiveReader checked that every entry has its writer.
    return manifest.writers().stream().filter(w -> w.isFor(entry)).findFirst().orElseThrow();
  }

  /**
   * What stops the entries going to their original paths, given what the running writers declare
   * now; fills {@code live} with the running writer of each writer of the manifest.
   */
  private static List<String> liveProblems(
      Manifest manifest, List<WriterMetadata> running, Map<WriterEntry, WriterMetadata> live) {
    List<String> problems = new ArrayList<>();
    for (WriterEntry writer : manifest.writers()) {
      WriterMetadata recorded = writer.metadata();
      Optional<WriterMetadata> now =
          running.stream()
              .filter(m -> m.writerId().equals(recorded.writerId()))
              .filter(m -> m.instanceName().equals(recorded.instanceName()))
              .findFirst();
      long files = manifest.files().stream().filter(writer::isFor).count();
      if (now.isEmpty()) {
        if (files > 0) {
          problems.add(
              "writer '"
                  + recorded.writerName()
                  + "' is not running (it did not answer Identify), so nothing says where its "
                  + files
                  + " files belong now: they are not restored to their original paths; start the"
                  + " writer and restore again, or restore under a directory (--to DIR) and move"
                  + " them yourself");
        }
        continue;
      }
      live.put(writer, now.get());
    }
    for (FileEntry entry : manifest.files()) {
      WriterEntry writer = writerOf(manifest, entry);
      WriterMetadata now = live.get(writer);
      if (now == null) {
        continue;
      }
      String name = "entry '" + entry.archivePath() + "'";
      Optional<Component> component = now.component(entry.component());
      if (component.isEmpty()) {
        problems.add(
            name
                + ": writer '"
                + now.writerName()
                + "' no longer declares component '"
                + entry.component()
                + "', so "
                + entry.originalPath()
                + " is not restored there; restore under a directory (--to DIR) instead");
      } else if (!FileSetScanner.covers(now, component.get(), entry.originalPath())) {
        problems.add(
            name
                + ": its original path "
                + entry.originalPath()
                + " is not in the files writer '"
                + now.writerName()
                + "' declares now for component '"
                + entry.component()
                + "' ("
                + component.get().fileSets().stream()
                    .map(s -> s.root() + "/" + s.filespec() + (s.recursive() ? " recursive" : ""))
                    .toList()
                + (now.excludedFiles().isEmpty() ? "" : ", less its excluded files")
                + "): refused");
      }
    }
    return problems;
  }

  /** Entries whose target is a directory on the way to another's: the restore could not finish. */
  private static List<String> nestingProblems(Map<Path, FileEntry> byTarget) {
    List<String> problems = new ArrayList<>();
    byTarget.forEach(
        (target, entry) -> {
          for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
            FileEntry file = byTarget.get(dir);
            if (file != null) {
              problems.add(
                  "entry '"
                      + file.archivePath()
                      + "' restores to "
                      + dir
                      + ", which entry '"
                      + entry.archivePath()
                      + "' needs as a directory (for "
                      + target
                      + "): both cannot be restored; refused");
            }
          }
        });
    return problems;
  }

  /**
   * File systems without room for the files: each is written whole beside its target before any is
   * put in place, so it needs its size free until then.
   */
  private static List<String> spaceProblems(List<Step> steps) throws IOException {
    Map<Path, FileStore> storeOfDir = new HashMap<>();
    // Finding a directory's FileStore reads the mount table: once per device.
    Map<Object, FileStore> storeOfDevice = new HashMap<>();
    Map<FileStore, Long> needed = new LinkedHashMap<>();
    for (Step step : steps) {
      Path dir = step.target().getParent();
      FileStore store = storeOfDir.get(dir);
      if (store == null) {
        Path existing = dir;
        while (!Files.exists(existing)) {
          existing = existing.getParent();
        }
        Object device = Device.of(existing);
        store = storeOfDevice.get(device);
        if (store == null) {
          store = Files.getFileStore(existing);
          storeOfDevice.put(device, store);
        }
        storeOfDir.put(dir, store);
      }
      needed.merge(store, step.entry().size(), Long::sum);
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<FileStore, Long> e : needed.entrySet()) {
      long usable = e.getKey().getUsableSpace();
      if (usable < e.getValue()) {
        problems.add(
            String.format(
                "the restore writes %,d bytes to file system %s, which has %,d usable: free some"
                    + " space first",
                e.getValue(), e.getKey(), usable));
      }
    }
    return problems;
  }

  /**
   * What stops writing {@code target}, or null; {@code directories} holds what is known of the
   * directories on the way.
   */
  private static String targetProblem(
      Path target, Path base, Map<Path, Optional<String>> directories) {
    // Inside a target directory, nothing on the way may be a link: it could lead outside.
    Path start = base == null ? target.getRoot() : base;
    String onTheWay = directoryProblem(target.getParent(), start, base, directories);
    if (onTheWay != null) {
      return onTheWay;
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return target + " is a directory: it cannot be replaced by a file; move it away first";
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
        && !Files.isSymbolicLink(target)) {
      return target + " is a special file (FIFO, socket or device): move it away first";
    }
    return null;
  }

  /**
   * What stops {@code dir} (and each directory above it, up to {@code start}) holding a file, the
   * nearest first, or null: a symbolic link inside {@code base}, or something that is not a
   * directory. Remembered in {@code known}.
   */
  private static String directoryProblem(
      Path dir, Path start, Path base, Map<Path, Optional<String>> known) {
    if (dir == null || dir.equals(start)) {
      return null;
    }
    Optional<String> seen = known.get(dir);
    if (seen != null) {
      return seen.orElse(null);
    }
    String problem = null;
    if (base != null && Files.isSymbolicLink(dir)) {
      problem =
          dir
              + " is a symbolic link inside the target directory "
              + base
              + "; restoring through it could write outside it: remove it or restore elsewhere";
    } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
      problem = dir + " exists and is not a directory: move it away first";
    }
    if (problem == null) {
      problem = directoryProblem(dir.getParent(), start, base, known);
    }
    known.put(dir, Optional.ofNullable(problem));
    return problem;
  }
}
