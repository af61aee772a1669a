package dev.quiesce.api.spi;

import dev.quiesce.api.SnapshotSetId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A provider that passes every call on to another, for wrappers that add something to one or two of
 * them (time {@code take}, hold it in a test, count snapshots). Extending this rather than
 * implementing {@link SnapshotProvider} means a wrapper never hides a call added to the interface
 * later: an interface's default method would silently do nothing instead of reaching the wrapped
 * provider.
 */
public abstract class ForwardingSnapshotProvider implements SnapshotProvider {
  private final SnapshotProvider delegate;

  /** A wrapper of {@code delegate}. */
  protected ForwardingSnapshotProvider(SnapshotProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The provider this one wraps. */
  protected final SnapshotProvider delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void check(List<Path> paths) throws IOException {
    delegate.check(paths);
  }

  @Override
  public void beginPrepare(SnapshotSetId id, List<Path> paths) throws IOException {
    delegate.beginPrepare(id, paths);
  }

  @Override
  public SnapshotPreparation prepare(SnapshotSetId id, List<Path> paths) throws IOException {
    return delegate.prepare(id, paths);
  }

  @Override
  public Snapshot take(SnapshotSetId id, List<Path> paths) throws IOException {
    return delegate.take(id, paths);
  }
}
