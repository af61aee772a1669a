package dev.quiesce.examples.bank;

import java.nio.file.Path;

/** The Derby system properties the demo runs with. */
final class DerbySettings {
  private DerbySettings() {}

  /**
   * Sets Derby's properties before its first use in this JVM.
   *
   * <ul>
   *   <li>{@code derby.stream.error.file}: Derby's log goes to the work directory, not the current
   *       one.
   *   <li>{@code derby.storage.pageCacheSize=40}: a page cache far smaller than the data, so this
   *       small database writes pages out continuously, as a large one under memory pressure does,
   *       instead of only at checkpoints. That is what makes an unfrozen copy tear.
   *   <li>{@code derby.storage.checkpointInterval}: checkpoints every 100 KB of log, for the same
   *       reason.
   *   <li>{@code derby.storage.useDefaultFilePermissions=false}: the database's files are readable
   *       by their owner only, as a bank's should be (embedded Derby otherwise leaves them readable
   *       by all).
   * </ul>
   */
  static void apply(Path work) {
    System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
    System.setProperty("derby.storage.pageCacheSize", "40");
    System.setProperty("derby.storage.checkpointInterval", "100000");
    System.setProperty("derby.storage.useDefaultFilePermissions", "false");
  }
}
