package dev.quiesce.runtime.internal;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import java.lang.ref.Reference;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the requestor's backup and restore handles share: a thin front over the session's core. Only
 * the requestor holds a handle; when it becomes unreachable unclosed, the coordinator's {@link
 * SessionReaper} ends the core as a lost requestor. Every call runs {@linkplain #fenced fenced}:
 * the handle stays reachable until the call returns ({@link Reference#reachabilityFence}), so a
 * session in use is never cleaned from under its caller.
 */
abstract class SessionHandle<C extends AbstractSession> {
  final C core;
  private final SessionReaper.Watch cleanable;

  /**
   * @param collected what the reaper runs when the handle is collected; must not refer to it
   */
  SessionHandle(C core, Runnable collected) {
    this.core = core;
    this.cleanable = core.coordinator.reaper().register(this, collected);
  }

  public final SessionId id() {
    return core.id();
  }

  public final List<WriterMetadata> gatherWriterMetadata() {
    return fenced(() -> core.op("gatherWriterMetadata", core::gatherWriterMetadataNow));
  }

  final void selectComponent(ComponentRef component) {
    fenced(() -> core.op("select", () -> core.selectNow(component)));
  }

  /** Runs {@code body} with this handle kept reachable until it returns. */
  final <T> T fenced(Supplier<T> body) {
    try {
      return body.get();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  final void fenced(Runnable body) {
    fenced(
        () -> {
          body.run();
          return null;
        });
  }

  /** Ends the session with {@code ending}, then stops watching the handle. */
  final void closeWith(Runnable ending) {
    try {
      ending.run();
    } finally {
      cleanable.clean();
      Reference.reachabilityFence(this);
    }
  }
}
