package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a shadow copy of a plan: stamps each file, hard-links the ones the {@link LastCopy} holds
 * unchanged, copies the others, then recreates the links and directory times.
 */
final class ShadowFill {
  private static final Logger log = LoggerFactory.getLogger(ShadowFill.class);

  /**
   * What the fill did.
   *
   * @param vanished files gone before their copy (they have none)
   * @param stamps the stamp of each file copied or linked, taken before
   * @param linked the files hard-linked from the last copy (shared with it: never to be written)
   */
  record Result(List<Path> vanished, ShadowStamps stamps, Set<Path> linked, int copied) {
    Result {
      vanished = List.copyOf(vanished);
      linked = Set.copyOf(linked);
    }

    /** The same, told as a pre-copy's update tells it. */
    PreCopyUpdate.Outcome asOutcome() {
      return new PreCopyUpdate.Outcome(0, linked, 0, 0, copied, vanished, stamps);
    }
  }

  private ShadowFill() {}

  /**
   * Fills {@code shadow} with {@code plan}.
   *
   * @param last the copy to link unchanged files from, or null
   */
  static Result fill(
      ShadowPlan plan, Path shadow, LastCopy last, Duration margin, FileCopier copier)
      throws IOException {
    ShadowTree.makeDirectories(plan, shadow);
    Instant from = Instant.now();
    Map<Path, FileStamp> stamps = new HashMap<>();
    Set<Path> linked = new HashSet<>();
    List<Path> toCopy = new ArrayList<>();
    for (Path file : plan.files()) {
      FileStamp now;
      try {
        now = FileStamp.of(file);
      } catch (NoSuchFileException e) {
        toCopy.add(file); // the copier says whether it is back
        continue;
      }
      stamps.put(file, now);
      Path kept = last == null ? null : last.linkable(file, now, margin);
      if (kept != null && link(kept, FileCopier.shadowOf(shadow, file))) {
        linked.add(file);
      } else {
        toCopy.add(file);
      }
    }
    List<Path> vanished = copier.copy(toCopy, shadow);
    vanished.forEach(stamps::remove);
    ShadowTree.finish(plan, shadow);
    return new Result(vanished, new ShadowStamps(stamps, from), linked, toCopy.size());
  }

  /**
   * Links {@code kept} as {@code copy}; false if it cannot be (gone meanwhile, too many links, no
   * hard links here), and then the file is copied instead.
   */
  private static boolean link(Path kept, Path copy) throws IOException {
    try {
      Files.createLink(copy, kept);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot link {} from the last copy ({}); copying it instead", copy, e.toString());
      return false;
    }
  }
}
