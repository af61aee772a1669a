package dev.quiesce.runtime.daemon;

import dev.quiesce.runtime.fixtures.Rig;
import java.nio.file.Path;

/**
 * A daemon in its own JVM, for tests that need its heap small: serves a {@link Rig} with one writer
 * at {@code args[0]}, says {@code listening} on its output, and closes when its input ends.
 */
public final class ChildDaemon {
  private ChildDaemon() {}

  public static void main(String[] args) throws Exception {
    try (Rig rig = Rig.builder().writer("orders").build();
        QuiesceDaemon daemon =
            QuiesceDaemon.start(rig.coordinator, DaemonOptions.at(Path.of(args[0])))) {
      System.out.println("listening at " + daemon.socket());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our input
      }
    }
  }
}
