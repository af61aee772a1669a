package dev.quiesce.runtime.internal;

import dev.quiesce.api.SessionId;
import dev.quiesce.api.metadata.WriterMetadata;
import dev.quiesce.runtime.ComponentRef;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.WriterStatus;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;

/** The requestor's handle on a restore; ended by the Cleaner if dropped unclosed. */
final class RestoreSessionHandle implements RestoreSession {
  private final RestoreSessionCore core;
  private final Cleaner.Cleanable cleanable;

  RestoreSessionHandle(RestoreSessionCore core) {
    this.core = core;
    this.cleanable = SessionCleaner.register(this, core::collected);
  }

  @Override
  public SessionId id() {
    return core.id();
  }

  @Override
  public List<WriterMetadata> gatherWriterMetadata() {
    try {
      return core.op("gatherWriterMetadata", core::gatherWriterMetadataNow);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public RestoreSession select(ComponentRef component) {
    try {
      core.op("select", () -> core.selectNow(component));
      return this;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void preRestore() {
    try {
      core.preRestore();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void postRestore() {
    try {
      core.postRestore();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public List<WriterStatus> gatherWriterStatus() {
    try {
      return core.statusNow();
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public void close() {
    try {
      core.end("closed");
    } finally {
      cleanable.clean();
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public String toString() {
    return "RestoreSession[" + core.id() + "]";
  }
}
