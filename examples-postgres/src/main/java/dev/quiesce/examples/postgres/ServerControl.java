package dev.quiesce.examples.postgres;

import java.io.IOException;

/**
 * Stops and starts the PostgreSQL service for a restore in place: its files can only be replaced
 * while no server has them open, and the restored cluster recovers when it starts. Whatever runs
 * the service implements it (a systemd unit, {@code pg_ctl}, a test's private cluster); it also
 * holds the applications that use the database while it is down.
 */
public interface ServerControl {
  /** Stops the server cleanly; returns once it has exited. */
  void stop() throws IOException;

  /** Starts the server; returns once it accepts connections (possibly still recovering). */
  void start() throws IOException;

  /** For a writer that never restores in place: both calls fail, saying so. */
  static ServerControl none() {
    return new ServerControl() {
      @Override
      public void stop() throws IOException {
        throw new IOException(
            "this PostgreSQL writer was given no ServerControl, so it cannot stop the server for a"
                + " restore in place: restore under another directory instead");
      }

      @Override
      public void start() throws IOException {
        throw new IOException("this PostgreSQL writer was given no ServerControl");
      }
    };
  }
}
