package dev.quiesce.runtime.daemon;

import dev.quiesce.api.Requestor;
import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.Coordinator;
import dev.quiesce.runtime.QuiesceException;
import dev.quiesce.runtime.daemon.Wire.Failure;
import dev.quiesce.runtime.daemon.Wire.Hello;
import dev.quiesce.runtime.daemon.Wire.InvalidRequestException;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Response;
import dev.quiesce.runtime.daemon.Wire.Status;
import dev.quiesce.runtime.daemon.Wire.Welcome;
import dev.quiesce.runtime.text.PeerText;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
 * <p>What one peer can cost is bounded: at most {@link DaemonOptions#maxCallsInFlight()} of its
 * calls run at once, on as many threads of its own that end with it, and the reader takes the next
 * call off the socket only when one of them has been answered (back-pressure: a peer that sends
 * faster than it reads fills its own socket); an answer the peer does not read for {@link
 * DaemonOptions#requestorTimeout()} drops the connection; a frame costs the bytes that arrived, and
 * before hello only what hello needs; and anything thrown while serving the connection, an {@link
 * Error} included, ends this connection only.
 *
 * <p>The connection owns its sessions: when it ends — the peer's socket closed (a killed process
 * closes it within milliseconds), a protocol error, a silent peer past the requestor timeout, or
 * the daemon closing — every session still open is ended with {@link Coordinator#requestorLost},
 * which thaws frozen writers and sends BackupShutdown with {@code REQUESTOR_LOST} at once.
 */
final class DaemonConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DaemonConnection.class);

  /**
   * How long the farewell waits for an answer being written; a peer that does not read, forever.
   */
  private static final long FAREWELL_WAIT_MILLIS = 100;

  /** A call thread idle this long ends: a busy requestor reuses them, a quiet one holds none. */
  private static final long CALL_THREAD_IDLE_MILLIS = 1_000;

  private final SocketChannel channel;
  private final String peerUser;
  private final DaemonOptions options;

  /**
   * This connection's calls: at most {@code maxCallsInFlight} threads, idle ones ending after a
   * second, all of them as soon as the connection ends.
   */
  private final ThreadPoolExecutor calls;

  private final Consumer<DaemonConnection> onEnd;
  private final RequestorCalls handler;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Semaphore inFlight;
  private final long connectedNanos = System.nanoTime();
  private volatile long lastHeardNanos = connectedNanos;

  /** When the write under way started; meaningful while {@link #writing}. */
  private volatile long writingSinceNanos;

  private volatile boolean writing;

  /** The reader waits for a call to finish: the daemon is not listening, so silence is no sign. */
  private volatile boolean awaitingCallSlot;

  private volatile Thread reader;
  private volatile Requestor requestor;

  DaemonConnection(
      SocketChannel channel,
      String peerUser,
      Coordinator coordinator,
      DaemonOptions options,
      ThreadFactory callThreads,
      Consumer<DaemonConnection> onEnd) {
    this.channel = channel;
    this.peerUser = peerUser;
    this.options = options;
    this.calls =
        new ThreadPoolExecutor(
            options.maxCallsInFlight(),
            options.maxCallsInFlight(),
            CALL_THREAD_IDLE_MILLIS,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), // holds no more than the free call slots allow
            callThreads);
    calls.allowCoreThreadTimeOut(true);
    this.onEnd = onEnd;
    this.handler = new RequestorCalls(coordinator);
    this.inFlight = new Semaphore(options.maxCallsInFlight());
  }

  /** The reader loop; runs on the connection's own thread until the connection ends. */
  @Override
  public void run() {
    reader = Thread.currentThread();
    try {
      serve();
    } catch (Throwable t) { // whatever happens here ends this connection, not the daemon
      contain(t, "reading");
    }
  }

  private void serve() {
    try {
      while (!ended.get()) {
        byte[] frame =
            requestor == null
                ? Frames.read(
                    channel,
                    Math.min(DaemonOptions.HELLO_MAX_BYTES, options.maxFrameBytes()),
                    "before hello, frames are at most "
                        + Math.min(DaemonOptions.HELLO_MAX_BYTES, options.maxFrameBytes())
                        + " bytes")
                : Frames.read(channel, options.maxFrameBytes());
        if (frame == null) {
          endSilently("it closed the connection");
          return;
        }
        lastHeardNanos = System.nanoTime();
        receive(frame);
      }
    } catch (ProtocolException e) {
      end("protocol error: " + e.getMessage());
    } catch (IOException e) {
      endSilently("connection failed: " + e);
    } catch (InterruptedException e) {
      // end() interrupts a reader waiting for a call slot: the connection is over already
      endSilently("interrupted while waiting for a call to finish");
    }
  }

  private void receive(byte[] frame) throws ProtocolException, InterruptedException {
    Request r;
    try {
      r = Wire.readRequest(frame);
    } catch (InvalidRequestException e) {
      invalid(e);
      return;
    }
    if (requestor == null) {
      hello(r); // before hello, only hello: not even a ping
      return;
    }
    if (Call.named(r.op()).orElse(null) == Call.PING) {
      send(new Response(0, null, null));
      return;
    }
    awaitingCallSlot = true;
    try {
      inFlight.acquire();
    } finally {
      awaitingCallSlot = false;
      lastHeardNanos = System.nanoTime(); // the time the daemon did not read is not the peer's
    }
    try {
      calls.execute(() -> call(r));
    } catch (RejectedExecutionException e) {
      inFlight.release();
      end("the daemon is closing");
    }
  }

  /** A frame that is no valid request: answered if it named its call, else the connection ends. */
  private void invalid(InvalidRequestException e) {
    log.warn("{} sent an invalid request: {}", who(), PeerText.escape(e.getMessage()));
    if (requestor == null || e.id().isEmpty()) {
      end("illegal-argument", e.getMessage() + (requestor == null ? " (before hello)" : ""), true);
      return;
    }
    send(
        new Response(
            e.id().getAsLong(), null, new Failure("illegal-argument", e.getMessage(), null, null)));
  }

  private void hello(Request r) throws ProtocolException {
    Hello hello = r.hello();
    if (Call.named(r.op()).orElse(null) != Call.HELLO || hello == null) {
      throw new ProtocolException(
          "the first request must be hello, was " + r.op() + " (before hello, only hello)");
    }
    Optional<String> refusal = refusal(hello);
    if (refusal.isPresent()) {
      log.warn(
          "refused requestor '{}' of user '{}': {}",
          PeerText.escape(hello.name()),
          PeerText.escape(peerUser),
          refusal.get());
      send(new Response(r.id(), null, new Failure("refused", refusal.get(), null, null)));
      end("refused: " + refusal.get());
      return;
    }
    requestor = new Requestor(hello.name(), hello.pid(), peerUser);
    log.info("requestor connected: {}", who());
    long heartbeat = Math.max(20, options.requestorTimeout().toMillis() / 5);
    Welcome welcome =
        new Welcome(Wire.PROTOCOL, heartbeat, System.getProperty("user.name"), peerUser);
    send(new Response(r.id(), Wire.MAPPER.valueToTree(welcome), null));
  }

  /** Why a hello is refused, if it is: the protocol, the requestor's name and its claimed pid. */
  private Optional<String> refusal(Hello hello) {
    if (hello.protocol() != Wire.PROTOCOL) {
      return Optional.of(
          "protocol "
              + hello.protocol()
              + " is not spoken here; this daemon speaks "
              + Wire.PROTOCOL);
    }
    if (hello.name() == null || hello.name().isBlank() || hello.name().length() > 200) {
      return Optional.of("a requestor must name itself (1 to 200 characters)");
    }
    if (!PeerText.escape(hello.name()).equals(hello.name())) {
      // the name reaches the writers and every log line about its backups
      return Optional.of(
          "a requestor's name must be printable: no line breaks, control or format characters");
    }
    Optional<String> owner = ProcessHandle.of(hello.pid()).flatMap(p -> p.info().user());
    if (owner.isEmpty() || !owner.get().equals(peerUser)) {
      return Optional.of(
          "pid " + hello.pid() + " is not a live process of user '" + peerUser + "'");
    }
    return Optional.empty();
  }

  /**
   * Refuses a peer before any thread is spent on it: one frame saying why and what to do, then the
   * connection is closed.
   */
  static void refuse(SocketChannel channel, String why) {
    log.warn("refused a connection: {}", PeerText.escape(why));
    try (channel) {
      Frames.write(
          channel, Wire.write(new Response(-1, null, new Failure("refused", why, null, null))));
    } catch (IOException e) {
      log.debug("refusing a connection: {}", e.toString());
    }
  }

  /** Runs a call on the call pool and answers it; frees its slot once the answer is written. */
  private void call(Request r) {
    try {
      send(answer(r));
    } catch (Throwable t) { // an Error in one call ends this connection, not the daemon
      contain(t, "call " + PeerText.escape(r.op()));
    } finally {
      inFlight.release();
    }
  }

  private Response answer(Request r) {
    try {
      Object result = handler.call(r, requestor);
      return new Response(r.id(), Wire.MAPPER.valueToTree(result), null);
    } catch (QuiesceException e) {
      return new Response(
          r.id(),
          null,
          new Failure("quiesce", e.reason(), e.session(), Status.of(e.failedWriters())));
    } catch (IllegalArgumentException e) {
      return new Response(
          r.id(), null, new Failure("illegal-argument", e.getMessage(), null, null));
    } catch (IllegalStateException e) {
      return new Response(r.id(), null, new Failure("illegal-state", e.getMessage(), null, null));
    } catch (UnsupportedOperationException e) {
      return new Response(r.id(), null, new Failure("unsupported", e.getMessage(), null, null));
    } catch (RuntimeException e) {
      log.error("call {} of {} failed", PeerText.escape(r.op()), who(), e);
      return new Response(r.id(), null, new Failure("internal", e.toString(), null, null));
    }
  }

  /**
   * Something this connection's code did not expect — an {@link OutOfMemoryError}, a bug — ends
   * this connection and no other: logged once, and its sessions ended as lost.
   */
  private void contain(Throwable t, String where) {
    try {
      log.error("{} of {} failed; ending its connection", where, who(), t);
    } finally {
      end("internal error: " + t);
    }
  }

  private void send(Response response) {
    IOException failed;
    writeLock.lock();
    try {
      failed = write(response);
    } finally {
      writeLock.unlock();
    }
    if (failed != null) {
      // the peer is gone or broke the connection: end it now, not when a call slot frees
      endSilently("connection failed while answering: " + failed);
    }
  }

  /**
   * Under the write lock. A peer that does not read blocks this; {@link #checkAlive} drops the
   * connection when a write has waited longer than the requestor timeout, which ends the write.
   *
   * @return why the write failed, or {@code null} if it did not fail (or the connection is closed)
   */
  private IOException write(Response response) {
    if (!channel.isOpen()) {
      log.debug("not answering {}: the connection of {} is closed", response.id(), who());
      return null;
    }
    byte[] bytes = Wire.write(response);
    writingSinceNanos = System.nanoTime();
    writing = true;
    try {
      Frames.write(channel, bytes);
      return null;
    } catch (IOException e) {
      log.debug("could not answer {} to {}: {}", response.id(), who(), e.toString());
      return e;
    } finally {
      writing = false;
    }
  }

  /**
   * Ends the connection if it did not say hello in time, has been silent longer than the requestor
   * timeout, or has not read an answer for that long.
   */
  void checkAlive(long nowNanos) {
    long timeout = options.requestorTimeout().toMillis();
    if (writing) {
      long stuck = TimeUnit.NANOSECONDS.toMillis(nowNanos - writingSinceNanos);
      if (stuck > timeout) {
        end(
            "it did not read its answers for "
                + stuck
                + " ms (requestor timeout "
                + timeout
                + " ms)");
        return;
      }
    }
    if (requestor == null) {
      long connected = TimeUnit.NANOSECONDS.toMillis(nowNanos - connectedNanos);
      if (connected > options.helloTimeout().toMillis()) {
        end(
            "it did not say hello within "
                + options.helloTimeout().toMillis()
                + " ms of connecting");
      }
      return;
    }
    if (awaitingCallSlot) {
      return;
    }
    long silent = TimeUnit.NANOSECONDS.toMillis(nowNanos - lastHeardNanos);
    if (silent > timeout) {
      end(
          "it was silent for "
              + silent
              + " ms (requestor timeout "
              + timeout
              + " ms): hung, stopped or cut off");
    }
  }

  /**
   * Ends the connection: tells the peer why, closes it, and ends its open sessions as lost.
   * Idempotent.
   */
  void end(String why) {
    end("closed", why, true);
  }

  /** Ends a connection the peer has closed or broken: nobody is left to tell why. */
  private void endSilently(String why) {
    end("closed", why, false);
  }

  private void end(String kind, String why, boolean tellPeer) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      // the reason, if no write is stuck on a peer that does not read (closing unblocks that write)
      if (tellPeer && tryWriteLock()) {
        try {
          write(
              new Response(
                  -1,
                  null,
                  new Failure(kind, "the daemon ends this connection: " + why, null, null)));
        } finally {
          writeLock.unlock();
        }
      }
    } finally {
      close(why);
    }
  }

  /** The write lock, unless a write holds it longer than an answer takes: one stuck on the peer. */
  private boolean tryWriteLock() {
    try {
      return writeLock.tryLock(FAREWELL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void close(String why) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the connection of {}: {}", who(), e.toString());
    }
    calls.shutdown(); // idle call threads end now, busy ones when their call returns
    Thread r = reader;
    if (r != null && r != Thread.currentThread() && awaitingCallSlot) {
      r.interrupt(); // it waits for a call slot, and nothing will come of it now
    }
    try {
      List<SessionId> lost = handler.endAll();
      if (lost.isEmpty()) {
        log.info("requestor {} disconnected: {}", who(), PeerText.escape(why));
      } else {
        log.warn(
            "requestor {} lost ({}); ending its sessions {} as REQUESTOR_LOST",
            who(),
            PeerText.escape(why),
            lost);
      }
    } finally {
      onEnd.accept(this);
    }
  }

  private String who() {
    Requestor r = requestor;
    return r != null
        ? PeerText.escape(r.toString())
        : "user '" + PeerText.escape(peerUser) + "' (before hello)";
  }
}
