package dev.quiesce.runtime.snapshot;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds out, once per filesystem, whether files on it can be cloned: clones a probe file with
 * {@code cp --reflink=always}, which fails where the filesystem cannot. The copy itself uses {@code
 * --reflink=auto} either way; the answer decides how much free space {@code check} demands and what
 * the log says.
 */
final class ReflinkProbe {
  private final CommandRunner runner;
  private final Map<FileStore, Boolean> answers = new ConcurrentHashMap<>();

  ReflinkProbe(CommandRunner runner) {
    this.runner = runner;
  }

  /** Whether files in directory {@code dir} can be cloned to another name in {@code dir}. */
  boolean canClone(Path dir) throws IOException {
    FileStore store = Files.getFileStore(dir);
    Boolean known = answers.get(store);
    if (known != null) {
      return known;
    }
    Path probe = Files.createTempFile(dir, ".quiesce-reflink-probe-", "");
    Path clone = probe.resolveSibling(probe.getFileName() + ".clone");
    try {
      Files.write(probe, new byte[] {1});
      CommandResult result =
          runner.run(
              List.of("cp", "--reflink=always", "--", probe.toString(), clone.toString()),
              Duration.ofSeconds(10));
      boolean answer = result.succeeded();
      answers.put(store, answer);
      return answer;
    } finally {
      Files.deleteIfExists(clone);
      Files.deleteIfExists(probe);
    }
  }
}
