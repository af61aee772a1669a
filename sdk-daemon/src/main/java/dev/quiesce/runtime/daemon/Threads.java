package dev.quiesce.runtime.daemon;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ThreadFactory;

/**
 * The threads of the daemon and of its client, made by Guava's {@link ThreadFactoryBuilder}: daemon
 * threads, since neither end may keep an application's JVM from exiting, and named, so that a
 * thread dump says whose they are. A {@code %} in a name is escaped: it is a name, not a format.
 */
final class Threads {
  private Threads() {}

  /** Threads named {@code prefix} and a number counting from 0: for a pool. */
  static ThreadFactory numbered(String prefix) {
    return daemon(escape(prefix) + "%d");
  }

  /** Threads all named {@code name}: for the one thread of an executor or task. */
  static ThreadFactory named(String name) {
    return daemon(escape(name));
  }

  private static ThreadFactory daemon(String nameFormat) {
    return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true).build();
  }

  private static String escape(String name) {
    return name.replace("%", "%%");
  }
}
