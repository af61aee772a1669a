package dev.quiesce.runtime.internal;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Scopes;
import dev.quiesce.api.SessionId;
import dev.quiesce.api.spi.SnapshotProvider;
import dev.quiesce.api.spi.WriterDispatcher;
import dev.quiesce.runtime.BackupOptions;
import dev.quiesce.runtime.BackupSession;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.RestoreOptions;
import dev.quiesce.runtime.RestoreSession;
import dev.quiesce.runtime.WriterStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: the subscribed writers, the open sessions (and nothing of ended ones), the
 * freeze window lock. Sessions do the work; this only creates, finds and forgets them.
 */
@Singleton
final class CoordinatorImpl implements Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorImpl.class);

  private final RuntimeConfig config;
  private final RuntimeThreads threads;
  private final SnapshotProvider provider;
  private final Injector injector;
  private final FreezeWindowLock freezeLock = new FreezeWindowLock();
  private final List<WriterRegistration> writers = new CopyOnWriteArrayList<>();
  private final Map<SessionId, AbstractSession> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Deque<AutoCloseable> dependents = new ArrayDeque<>(); // guarded by this
  private boolean closed; // guarded by this

  @Inject
  CoordinatorImpl(
      RuntimeConfig config,
      RuntimeThreads threads,
      SnapshotProvider provider,
      Injector injector,
      Set<WriterDispatcher<?>> dispatchers) {
    this.config = config;
    this.threads = threads;
    this.provider = provider;
    this.injector = injector;
    Set<Class<?>> seen = new HashSet<>();
    for (WriterDispatcher<?> d : dispatchers) {
      Class<?> type = d.descriptor().writerType();
      if (seen.add(type)) {
        subscribeRaw(d, injector.getInstance(type));
      }
    }
    LOG.info(
        "coordinator ready: provider '{}', writers {}",
        provider.name(),
        writers.stream().map(WriterRegistration::name).toList());
  }

  RuntimeConfig config() {
    return config;
  }

  RuntimeThreads threads() {
    return threads;
  }

  SnapshotProvider provider() {
    return provider;
  }

  SessionReaper reaper() {
    return threads.reaper();
  }

  FreezeWindowLock freezeLock() {
    return freezeLock;
  }

  List<WriterRegistration> registrations() {
    return List.copyOf(writers);
  }

  @Override
  public <W> void subscribe(WriterDispatcher<W> dispatcher, W writer) {
    subscribeRaw(dispatcher, writer);
  }

  private synchronized void subscribeRaw(WriterDispatcher<?> dispatcher, Object writer) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    Objects.requireNonNull(writer, "writer");
    Class<?> type = dispatcher.descriptor().writerType();
    if (!type.isInstance(writer)) {
      throw new IllegalArgumentException(
          "dispatcher for "
              + type.getName()
              + " cannot dispatch to a "
              + writer.getClass().getName());
    }
    if (writers.stream().anyMatch(r -> r.writer() == writer)) {
      throw new IllegalStateException(
          "writer '" + dispatcher.descriptor().name() + "' is subscribed already");
    }
    writers.add(new WriterRegistration(dispatcher, writer));
    LOG.info("writer '{}' subscribed", dispatcher.descriptor().name());
  }

  @Override
  public synchronized boolean unsubscribe(Object writer) {
    boolean removed = writers.removeIf(r -> r.writer() == writer);
    if (removed) {
      LOG.info("writer {} unsubscribed", writer.getClass().getName());
    }
    return removed;
  }

  @Override
  public BackupSession openBackup(BackupOptions options) {
    Objects.requireNonNull(options, "options");
    BackupSessionCore core = new BackupSessionCore(this, sequence.incrementAndGet(), options);
    admit(core);
    core.log.info("backup opened by {} ({})", options.requestor(), options.backupType());
    return new BackupSessionHandle(core);
  }

  @Override
  public RestoreSession openRestore(RestoreOptions options) {
    Objects.requireNonNull(options, "options");
    RestoreSessionCore core = new RestoreSessionCore(this, sequence.incrementAndGet(), options);
    admit(core);
    core.log.info("restore opened by {} ({})", options.requestor(), options.restoreType());
    return new RestoreSessionHandle(core);
  }

  @Override
  public List<WriterStatus> writers() {
    return writers.stream().map(WriterRegistration::status).toList();
  }

  @Override
  public List<SessionId> activeSessions() {
    return List.copyOf(sessions.keySet());
  }

  @Override
  public boolean requestorLost(SessionId session) {
    AbstractSession s = sessions.get(session);
    if (s instanceof BackupSessionCore backup) {
      backup.log.warn("requestor lost");
      backup.requestorLost();
      return true;
    }
    if (s instanceof RestoreSessionCore restore) {
      restore.end("requestor lost");
      return true;
    }
    return false;
  }

  /** Adds a new session, unless the coordinator is closed: then the session never existed. */
  private synchronized void admit(AbstractSession session) {
    if (closed) {
      throw new IllegalStateException(
          "the coordinator is closed; it opens no session (make a new one to back up again)");
    }
    sessions.put(session.id(), session);
  }

  @Override
  public synchronized void closeFirst(AutoCloseable dependent) {
    Objects.requireNonNull(dependent, "dependent");
    if (closed) {
      throw new IllegalStateException("the coordinator is closed");
    }
    dependents.push(dependent);
  }

  @Override
  public void close() {
    List<AutoCloseable> first;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      first = List.copyOf(dependents); // newest first: reverse order of registration
      dependents.clear();
    }
    LOG.info("coordinator closing: {} open sessions", sessions.size());
    for (AutoCloseable dependent : first) {
      try {
        dependent.close();
      } catch (Exception e) {
        LOG.error("closing {} before the coordinator failed: {}", dependent, e.toString(), e);
      }
    }
    List<CompletableFuture<Void>> ending = new ArrayList<>();
    for (AbstractSession session : List.copyOf(sessions.values())) {
      if (session instanceof BackupSessionCore backup) {
        ending.add(backup.coordinatorClosed());
      } else if (session instanceof RestoreSessionCore restore) {
        restore.end("coordinator closed");
      }
    }
    try {
      try {
        CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new))
            .get(config.closeWait().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn(
            "writers still in BackupShutdown after {} ms; stopping the coordinator's threads anyway",
            config.closeWait().toMillis());
      } catch (ExecutionException e) {
        LOG.error("BackupShutdown failed while closing: {}", e.getCause().toString(), e.getCause());
      }
      List<String> stuck = threads.close(config.closeWait());
      if (!stuck.isEmpty()) {
        LOG.warn("threads of the {} pools ignored interrupts and are still running", stuck);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while closing; the coordinator's threads may outlive it");
      return;
    }
    LOG.info("coordinator closed");
  }

  void sessionEnded(AbstractSession session) {
    sessions.remove(session.id());
  }

  /** A new {@code @SessionState} instance from Guice; refuses singletons, which would be shared. */
  Object newSessionState(Class<?> type) {
    Binding<?> binding = injector.getBinding(type);
    if (Scopes.isSingleton(binding)) {
      throw new IllegalStateException(
          "@SessionState class "
              + type.getName()
              + " is bound as a singleton; session state must be a new instance per session");
    }
    return binding.getProvider().get();
  }
}
