package dev.quiesce.runtime.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.quiesce.api.WriterContext;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.snapshot.CopySnapshotProvider;
import java.util.Objects;

/**
 * Binds the runtime's parts; installed by {@code QuiesceModule}. Public only for that; not API. The
 * snapshot provider is an {@link OptionalBinder} with the copying provider as default, so an
 * application (or the copying provider's module) can set another with {@code setBinding()}.
 */
public final class InternalModule extends AbstractModule {
  /** The key of the writers' dispatchers, which {@code WritersModule} adds to. */
  public static final TypeLiteral<WriterDispatcher<?>> DISPATCHER = new TypeLiteral<>() {};

  private final RuntimeConfig config;

  public InternalModule(RuntimeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(RuntimeConfig.class).toInstance(config);
    bind(Coordinator.class).to(CoordinatorImpl.class);
    bind(WriterContext.class).to(ThreadWriterContext.class);
    OptionalBinder.newOptionalBinder(binder(), SnapshotProvider.class)
        .setDefault()
        .to(CopySnapshotProvider.class)
        .in(Singleton.class);
    Multibinder.newSetBinder(binder(), DISPATCHER).permitDuplicates();
  }
}
