package dev.quiesce.runtime.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The mount a path lives on, as {@code findmnt} reports it.
 *
 * @param target the mount point
 * @param source what is mounted (a device such as {@code /dev/mapper/vg-data}, a ZFS dataset such
 *     as {@code tank/data}, or a btrfs device with its subvolume)
 * @param fsType the filesystem type ({@code btrfs}, {@code zfs}, {@code ext4}, ...)
 */
record Mount(Path target, String source, String fsType) {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Asks {@code findmnt} for the mount {@code path} is on.
   *
   * @throws IOException if {@code findmnt} is missing or cannot tell
   */
  static Mount of(CommandRunner runner, Path path) throws IOException {
    Tools.require(runner, "findmnt", "install util-linux");
    CommandResult result =
        runner
            .run(
                List.of("findmnt", "-n", "-r", "-o", "TARGET,SOURCE,FSTYPE", "-T", path.toString()),
                TIMEOUT)
            .requireSuccess("finding the mount of " + path);
    String[] fields = result.stdout().strip().split("\\s+");
    if (fields.length != 3) {
      throw new IOException(
          "cannot read findmnt's answer for "
              + path
              + ": expected TARGET SOURCE FSTYPE, got '"
              + result.stdout().strip()
              + "'");
    }
    return new Mount(Path.of(unescape(fields[0])), unescape(fields[1]), unescape(fields[2]));
  }

  /** Undoes {@code findmnt -r}'s {@code \xHH} escapes (spaces and other odd bytes in names). */
  static String unescape(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\\' && i + 3 < bytes.length && bytes[i + 1] == 'x') {
        String hex = new String(bytes, i + 2, 2, StandardCharsets.US_ASCII);
        out.write(Integer.parseInt(hex, 16));
        i += 3;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
