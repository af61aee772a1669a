package dev.quiesce.api;

import java.util.Objects;

/**
 * Who asked for a session: the backup application. Writers log it, and may refuse work for
 * requestors they do not expect.
 *
 * @param name the requestor's own name for itself (e.g. {@code "quiesce-backup"})
 * @param pid its operating-system process id; for an out-of-process requestor, read from the
 *     socket's peer credentials rather than taken on its word
 * @param user the operating-system user it runs as
 */
public record Requestor(String name, long pid, String user) {
  /** Checks the fields are present. */
  public Requestor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
  }

  /** A requestor running in this JVM, with this process's id and user. */
  public static Requestor inProcess(String name) {
    return new Requestor(name, ProcessHandle.current().pid(), System.getProperty("user.name", "?"));
  }
}
