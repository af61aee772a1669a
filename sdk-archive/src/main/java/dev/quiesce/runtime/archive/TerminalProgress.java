package dev.quiesce.runtime.archive;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows progress on a terminal as one line redrawn in place with {@code \r}: files, bytes and
 * percent ({@code 120/4031 files 1.2 GiB/8.0 GiB 15%}). On anything but an interactive terminal
 * (output piped or redirected, {@code System.console() == null}) it writes nothing, so logs and
 * pipes stay clean. Redraws at most ten times a second, and always for the last update.
 */
public final class TerminalProgress implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier nanoTime;
  private long lastDraw;
  private boolean drawn;
  private int lastLength;

  private TerminalProgress(PrintStream out, boolean interactive, LongSupplier nanoTime) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
    this.nanoTime = nanoTime;
  }

  /**
   * Progress on {@code out}, drawn only when this process has an interactive console.
   *
   * @param out usually {@code System.err}, so that it does not mix with a command's output
   */
  public static TerminalProgress on(PrintStream out) {
    return new TerminalProgress(out, System.console() != null, System::nanoTime);
  }

  /** Tests: progress on {@code out}, drawn or not as told, with the given clock. */
  static TerminalProgress forTest(PrintStream out, boolean interactive, LongSupplier nanoTime) {
    return new TerminalProgress(out, interactive, nanoTime);
  }

  @Override
  public synchronized void progressed(Progress progress) {
    if (!interactive) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (drawn && !progress.isComplete() && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    String line = line(progress);
    // Pad with spaces to wipe what is left of a longer previous line.
    String padding = " ".repeat(Math.max(0, lastLength - line.length()));
    lastLength = line.length();
    out.print("\r" + line + padding);
    out.flush();
  }

  @Override
  public synchronized void finished(Progress last, boolean succeeded) {
    if (!interactive) {
      return;
    }
    drawn = false;
    progressed(last);
    out.println(succeeded ? "" : "  failed");
    out.flush();
  }

  static String line(Progress p) {
    int width = Long.toString(p.totalFiles()).length();
    return String.format(
        Locale.ROOT,
        "%" + width + "d/%d files  %s/%s  %3d%%",
        p.filesDone(),
        p.totalFiles(),
        bytes(p.bytesDone()),
        bytes(p.totalBytes()),
        p.percent());
  }

  /**
   * {@code bytes} in binary units, as progress shows sizes: {@code 512 B}, {@code 1.5 KiB}, {@code
   * 8.0 GiB}. Public so that a tool printing sizes beside the progress prints them the same way.
   */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
