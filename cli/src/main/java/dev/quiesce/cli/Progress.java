package dev.quiesce.cli;

import dev.quiesce.runtime.archive.ProgressListener;
import dev.quiesce.runtime.archive.TerminalProgress;
import java.io.PrintWriter;

/**
 * Where a command shows how far it has got: on an interactive terminal, one line redrawn in place;
 * otherwise (a pipe, a log file, cron) a line per step (Identify, the snapshot, the files, ...), so
 * that a log says what happened without a redraw in it.
 */
final class Progress {
  private Progress() {}

  /** Progress for {@code what} ("writing the archive"), on standard error. */
  static ProgressListener of(String what, PrintWriter err) {
    if (System.console() != null) {
      return TerminalProgress.on(System.err);
    }
    return new PhaseLines(what, err);
  }

  /** A line per step, one when the files start, with their size, and one when they end. */
  private static final class PhaseLines implements ProgressListener {
    private final String what;
    private final PrintWriter err;
    private boolean started;

    PhaseLines(String what, PrintWriter err) {
      this.what = what;
      this.err = err;
    }

    @Override
    public synchronized void progressed(dev.quiesce.runtime.archive.Progress p) {
      if (!started) {
        started = true;
        err.println(what + ": " + p.totalFiles() + " files, " + Text.bytes(p.totalBytes()));
        err.flush();
      }
    }

    @Override
    public synchronized void step(String description) {
      err.println(Text.safe(description));
      err.flush();
    }

    @Override
    public synchronized void finished(dev.quiesce.runtime.archive.Progress last, boolean ok) {
      err.println(
          what
              + (ok ? ": done, " : ": failed after ")
              + last.filesDone()
              + " files, "
              + Text.bytes(last.bytesDone()));
      err.flush();
    }
  }
}
