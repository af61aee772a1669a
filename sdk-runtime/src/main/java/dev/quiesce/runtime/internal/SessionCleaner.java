package dev.quiesce.runtime.internal;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of the runtime: ends sessions whose handles were garbage-collected unclosed
 * (VSS raises BackupShutdown when the backup object is released "by the requestor or by the
 * system"). The registered action references the session's internal state, never the handle, or the
 * handle would never become unreachable.
 */
final class SessionCleaner {
  private static final Cleaner CLEANER = Cleaner.create();

  private SessionCleaner() {}

  static Cleaner.Cleanable register(Object handle, Runnable action) {
    return CLEANER.register(handle, action);
  }
}
