package dev.quiesce.runtime.daemon;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.daemon.Wire.Failure;
import dev.quiesce.runtime.daemon.Wire.Hello;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Response;
import dev.quiesce.runtime.daemon.Wire.Status;
import dev.quiesce.runtime.daemon.Wire.Welcome;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One requestor's connection to the daemon. Its reader thread reads requests; each call runs on the
 * daemon's call pool (so {@code abort} is served while {@code doSnapshotSet} runs), and answers are
 * written one at a time.
 *
 * <p>The connection owns its sessions: when it ends — the peer's socket closed (a killed process
 * closes it within milliseconds), a protocol error, a silent peer past the requestor timeout, or the
 * daemon closing — every session still open is ended with {@link Coordinator#requestorLost}, which
 * thaws frozen writers and sends BackupShutdown with {@code REQUESTOR_LOST} at once.
 */
final class DaemonConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DaemonConnection.class);

  /** How long a new connection has to say hello: a cold JVM loads its classes first. */
  private static final long HELLO_TIMEOUT_MILLIS = 10_000;

  private final SocketChannel channel;
  private final String peerUser;
  private final DaemonOptions options;
  private final ExecutorService calls;
  private final Consumer<DaemonConnection> onEnd;
  private final RequestorCalls handler;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile Requestor requestor;

  DaemonConnection(
      SocketChannel channel,
      String peerUser,
      Coordinator coordinator,
      DaemonOptions options,
      ExecutorService calls,
      Consumer<DaemonConnection> onEnd) {
    this.channel = channel;
    this.peerUser = peerUser;
    this.options = options;
    this.calls = calls;
    this.onEnd = onEnd;
    this.handler = new RequestorCalls(coordinator);
  }

  /** The reader loop; runs on the connection's own thread until the connection ends. */
  @Override
  public void run() {
    try {
      while (!ended.get()) {
        byte[] frame = Frames.read(channel, options.maxFrameBytes());
        if (frame == null) {
          endSilently("it closed the connection");
          return;
        }
        lastHeardNanos = System.nanoTime();
        receive(Wire.read(frame, Request.class));
      }
    } catch (ProtocolException e) {
      end("protocol error: " + e.getMessage());
    } catch (IOException e) {
      endSilently("connection failed: " + e);
    } catch (RuntimeException e) {
      log.error("daemon connection of {} failed", who(), e);
      end("internal error: " + e);
    }
  }

  private void receive(Request r) throws ProtocolException {
    if (r.op() == null) {
      throw new ProtocolException("request " + r.id() + " has no op");
    }
    if (r.op().equals("ping")) {
      send(new Response(0, null, null));
      return;
    }
    if (requestor == null) {
      hello(r);
      return;
    }
    try {
      calls.execute(() -> answer(r));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      end("the daemon is closing");
    }
  }

  private void hello(Request r) throws ProtocolException {
    Hello hello = r.hello();
    if (!"hello".equals(r.op()) || hello == null) {
      throw new ProtocolException("the first request must be hello, was " + r.op());
    }
    Optional<String> refusal = refusal(hello);
    if (refusal.isPresent()) {
      send(new Response(r.id(), null, new Failure("refused", refusal.get(), null, null)));
      end("refused: " + refusal.get());
      return;
    }
    requestor = new Requestor(hello.name(), hello.pid(), peerUser);
    log.info("requestor connected: {}", requestor);
    long heartbeat = Math.max(20, options.requestorTimeout().toMillis() / 5);
    Welcome welcome =
        new Welcome(Wire.PROTOCOL, heartbeat, System.getProperty("user.name"), peerUser);
    send(new Response(r.id(), Wire.MAPPER.valueToTree(welcome), null));
  }

  /** Why a hello is refused, if it is: the protocol, the requestor's name and its claimed pid. */
  private Optional<String> refusal(Hello hello) {
    if (hello.protocol() != Wire.PROTOCOL) {
      return Optional.of(
          "protocol " + hello.protocol() + " is not spoken here; this daemon speaks " + Wire.PROTOCOL);
    }
    if (hello.name() == null || hello.name().isBlank() || hello.name().length() > 200) {
      return Optional.of("a requestor must name itself (1 to 200 characters)");
    }
    Optional<String> owner =
        ProcessHandle.of(hello.pid()).flatMap(p -> p.info().user());
    if (owner.isEmpty() || !owner.get().equals(peerUser)) {
      return Optional.of(
          "pid " + hello.pid() + " is not a live process of user '" + peerUser + "'");
    }
    return Optional.empty();
  }

  /**
   * Refuses a peer whose user may not drive backups, before any thread is spent on it: one frame
   * saying why and what to do, then the connection is closed.
   */
  static void refuseUser(SocketChannel channel, String user) {
    String why =
        "user '"
            + user
            + "' may not drive backups here; the daemon's owner allows it with"
            + " DaemonOptions.allowingUsers(...)";
    log.warn("refused a connection: {}", why);
    try (channel) {
      Frames.write(channel, Wire.write(new Response(-1, null, new Failure("refused", why, null, null))));
    } catch (IOException e) {
      log.debug("refusing user '{}': {}", user, e.toString());
    }
  }

  private void answer(Request r) {
    Response response;
    try {
      Object result = handler.call(r, requestor);
      response = new Response(r.id(), Wire.MAPPER.valueToTree(result), null);
    } catch (QuiesceException e) {
      response =
          new Response(
              r.id(),
              null,
              new Failure("quiesce", e.reason(), e.session(), Status.of(e.failedWriters())));
    } catch (IllegalArgumentException e) {
      response = new Response(r.id(), null, new Failure("illegal-argument", e.getMessage(), null, null));
    } catch (IllegalStateException e) {
      response = new Response(r.id(), null, new Failure("illegal-state", e.getMessage(), null, null));
    } catch (UnsupportedOperationException e) {
      response = new Response(r.id(), null, new Failure("unsupported", e.getMessage(), null, null));
    } catch (RuntimeException e) {
      log.error("call {} of {} failed", r.op(), who(), e);
      response = new Response(r.id(), null, new Failure("internal", e.toString(), null, null));
    }
    send(response);
  }

  private void send(Response response) {
    writeLock.lock();
    try {
      write(response);
    } finally {
      writeLock.unlock();
    }
  }

  /** Under the write lock. A peer that never reads can block this until the connection ends. */
  private void write(Response response) {
    if (!channel.isOpen()) {
      log.debug("not answering {}: the connection of {} is closed", response.id(), who());
      return;
    }
    try {
      Frames.write(channel, Wire.write(response));
    } catch (IOException e) {
      log.debug("could not answer {} to {}: {}", response.id(), who(), e.toString());
    }
  }

  /** Ends the connection if it has been silent longer than the requestor timeout. */
  void checkAlive(long nowNanos) {
    long silent = TimeUnit.NANOSECONDS.toMillis(nowNanos - lastHeardNanos);
    if (requestor == null) {
      if (silent > Math.max(HELLO_TIMEOUT_MILLIS, options.requestorTimeout().toMillis())) {
        end("it connected but did not say hello within " + silent + " ms");
      }
      return;
    }
    if (silent > options.requestorTimeout().toMillis()) {
      end(
          "it was silent for "
              + silent
              + " ms (requestor timeout "
              + options.requestorTimeout().toMillis()
              + " ms): hung, stopped or cut off");
    }
  }

  /**
   * Ends the connection: tells the peer why, closes it, and ends its open sessions as lost.
   * Idempotent.
   */
  void end(String why) {
    end(why, true);
  }

  /** Ends a connection the peer has closed or broken: nobody is left to tell why. */
  private void endSilently(String why) {
    end(why, false);
  }

  private void end(String why, boolean tellPeer) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    // the reason, if no write is stuck on a peer that does not read (closing unblocks that write)
    if (tellPeer && writeLock.tryLock()) {
      try {
        write(new Response(-1, null, new Failure("closed", "the daemon ends this connection: " + why, null, null)));
      } finally {
        writeLock.unlock();
      }
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the connection of {}: {}", who(), e.toString());
    }
    List<SessionId> lost = handler.endAll();
    if (lost.isEmpty()) {
      log.info("requestor {} disconnected: {}", who(), why);
    } else {
      log.warn("requestor {} lost ({}); ending its sessions {} as REQUESTOR_LOST", who(), why, lost);
    }
    onEnd.accept(this);
  }

  private String who() {
    Requestor r = requestor;
    return r != null ? r.toString() : "user '" + peerUser + "' (before hello)";
  }
}
