package dev.quiesce.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.runtime.internal.InternalModule;
import dev.quiesce.runtime.internal.RuntimeConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Binds the {@link Coordinator}, the {@link dev.quiesce.api.WriterContext} writers may inject, and
 * the snapshot provider. Works with no configuration; {@link #builder()} sets options:
 *
 * <pre>{@code
 * Guice.createInjector(Stage.PRODUCTION,
 *     QuiesceModule.builder()
 *         .eventTimeout(WriterEvent.PREPARE_SNAPSHOT, Duration.ofMinutes(5))
 *         .snapshotProvider(BtrfsSnapshotProvider.class)
 *         .build(),
 *     WritersModule.of(OrdersWriter.class));
 * }</pre>
 *
 * <p>The default provider is {@link dev.quiesce.runtime.snapshot.CopySnapshotProvider}: it copies
 * the snapshot set's files into a shadow directory under the system's temporary directory while the
 * writers are frozen, cloning with reflinks where the filesystem can. The provider is an {@link
 * OptionalBinder}, so another module may also set it with {@code
 * OptionalBinder.newOptionalBinder(binder(), SnapshotProvider.class).setBinding()}.
 */
public final class QuiesceModule extends AbstractModule {
  private final RuntimeConfig config;
  private final SnapshotProvider provider;
  private final Class<? extends SnapshotProvider> providerClass;

  /** The runtime with every default. */
  public QuiesceModule() {
    this(RuntimeConfig.defaults(), null, null);
  }

  private QuiesceModule(
      RuntimeConfig config,
      SnapshotProvider provider,
      Class<? extends SnapshotProvider> providerClass) {
    this.config = config;
    this.provider = provider;
    this.providerClass = providerClass;
  }

  /** A builder for a configured runtime. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void configure() {
    install(new InternalModule(config));
    if (provider != null) {
      OptionalBinder.newOptionalBinder(binder(), SnapshotProvider.class)
          .setBinding()
          .toInstance(provider);
    } else if (providerClass != null) {
      OptionalBinder.newOptionalBinder(binder(), SnapshotProvider.class)
          .setBinding()
          .to(providerClass);
    }
  }

  /** Options of the runtime; every one has a default. */
  public static final class Builder {
    private final Map<WriterEvent, Duration> timeouts = new EnumMap<>(WriterEvent.class);
    private Duration freezeWindowWait = RuntimeConfig.defaults().freezeWindowWait();
    private Duration closeWait = RuntimeConfig.defaults().closeWait();
    private String threadNamePrefix = RuntimeConfig.defaults().threadNamePrefix();
    private SnapshotProvider provider;
    private Class<? extends SnapshotProvider> providerClass;
    private ThreadFactory threadFactory;

    private Builder() {}

    /**
     * How long the coordinator waits for {@code event}'s handler before marking the writer {@code
     * FAILED_AT_<event>} with TIMEOUT. Freeze is also bounded by each writer's own {@code
     * freezeTimeoutMillis}, whichever is shorter.
     */
    public Builder eventTimeout(WriterEvent event, Duration timeout) {
      timeouts.put(
          Objects.requireNonNull(event, "event"), Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /** The same timeout for every event. */
    public Builder eventTimeouts(Duration timeout) {
      for (WriterEvent e : WriterEvent.values()) {
        eventTimeout(e, timeout);
      }
      return this;
    }

    /** How long a doSnapshotSet waits for another session's freeze window (default 5 minutes). */
    public Builder freezeWindowWait(Duration wait) {
      this.freezeWindowWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** How long close() waits for the writers' BackupShutdown handlers (default 30 s). */
    public Builder closeWait(Duration wait) {
      this.closeWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** The prefix of the runtime's thread names (default {@code "quiesce-"}). */
    public Builder threadNamePrefix(String prefix) {
      this.threadNamePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Makes the runtime's threads (handler pool, provider pool, watchdog) instead of the default
     * daemon threads; for a context class loader, priorities or a thread-per-task factory. The
     * handler pool stays unbounded whatever the factory: a hung handler must never starve others.
     */
    public Builder threadFactory(ThreadFactory factory) {
      this.threadFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** The snapshot provider, as an instance. */
    public Builder snapshotProvider(SnapshotProvider snapshotProvider) {
      this.provider = Objects.requireNonNull(snapshotProvider, "snapshotProvider");
      this.providerClass = null;
      return this;
    }

    /** The snapshot provider, made by Guice (so it can have injected dependencies). */
    public Builder snapshotProvider(Class<? extends SnapshotProvider> type) {
      this.providerClass = Objects.requireNonNull(type, "type");
      this.provider = null;
      return this;
    }

    /**
     * The module.
     *
     * @throws IllegalArgumentException if a duration is not positive
     */
    public QuiesceModule build() {
      return new QuiesceModule(
          new RuntimeConfig(
              timeouts,
              freezeWindowWait,
              closeWait,
              threadNamePrefix,
              Optional.ofNullable(threadFactory)),
          provider,
          providerClass);
    }
  }
}
