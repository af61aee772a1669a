package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiesce.runtime.daemon.Wire.Failure;
import dev.quiesce.runtime.daemon.Wire.Hello;
import dev.quiesce.runtime.daemon.Wire.Request;
import dev.quiesce.runtime.daemon.Wire.Response;
import dev.quiesce.runtime.daemon.Wire.Welcome;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requestor's end of a daemon connection: numbered calls answered in any order (so {@code
 * abort} can overtake a running {@code doSnapshotSet}), a reader thread matching answers to calls,
 * and a ping at the interval the daemon asked for. If the daemon goes silent for five intervals, or
 * the socket closes, every call waiting fails and the connection is closed.
 */
final class ClientConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
  private static final int MAX_FRAME = 64 << 20;
  private static final int MISSED_PINGS = 5;

  /**
   * How long the daemon has to answer hello; pings, which catch a hung daemon later, start after.
   */
  private static final long HELLO_TIMEOUT_MILLIS = 30_000;

  /** The call could not be answered: the connection is gone. */
  static final class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The daemon answered with an error. */
  static final class CallFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Failure failure;

    CallFailedException(Failure failure) {
      super(failure.message());
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }
  }

  private final Path socket;
  private final SocketChannel channel;
  private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Object writeLock = new Object();
  private final ScheduledExecutorService pinger =
      Executors.newSingleThreadScheduledExecutor(Threads.named("quiesce-requestor-ping"));
  private final CountDownLatch readerDone = new CountDownLatch(1);
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile IOException lost;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private Welcome welcome;

  private ClientConnection(Path socket, SocketChannel channel) {
    this.socket = socket;
    this.channel = channel;
  }

  static ClientConnection open(Path socket, String name) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      channel.close();
      throw new IOException(
          "cannot connect to a Quiesce daemon at "
              + socket
              + ": "
              + e.getMessage()
              + " (is the application that runs it up, and may this user reach the socket?)",
          e);
    }
    ClientConnection c = new ClientConnection(socket, channel);
    Threads.named("quiesce-requestor-reader").newThread(c::readLoop).start();
    try {
      Hello hello = new Hello(Wire.PROTOCOL, name, ProcessHandle.current().pid());
      JsonNode result =
          c.call(id -> Request.of(id, Call.HELLO, null).withHello(hello), HELLO_TIMEOUT_MILLIS);
      c.welcome = Wire.convert(result, Welcome.class);
    } catch (CallFailedException e) {
      c.close();
      throw new IOException(
          "the Quiesce daemon at " + socket + " refused this requestor: " + e.getMessage(), e);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    long every = c.welcome.heartbeatMillis();
    c.pinger.scheduleAtFixedRate(c::ping, every, every, TimeUnit.MILLISECONDS);
    return c;
  }

  /** The daemon's welcome: who it runs as, and who it saw connecting. */
  Welcome welcome() {
    return welcome;
  }

  Path socket() {
    return socket;
  }

  /**
   * Sends a call and waits for its answer: as long as the daemon lives (its calls are bounded by
   * the writers' deadlines; a silent daemon fails the connection).
   */
  JsonNode call(LongFunction<Request> request) throws IOException, CallFailedException {
    return call(request, 0);
  }

  private JsonNode call(LongFunction<Request> request, long timeoutMillis)
      throws IOException, CallFailedException {
    long id = ids.incrementAndGet();
    CompletableFuture<Response> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      send(request.apply(id));
      Response response =
          timeoutMillis > 0 ? answer.get(timeoutMillis, TimeUnit.MILLISECONDS) : answer.get();
      if (response.error() != null) {
        throw new CallFailedException(response.error());
      }
      return response.result();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionLostException("interrupted while waiting for the daemon", e);
    } catch (TimeoutException e) {
      throw new ConnectionLostException(
          "the daemon at " + socket + " did not answer within " + timeoutMillis + " ms", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new ConnectionLostException(e.getCause().toString(), e.getCause());
    } finally {
      pending.remove(id);
    }
  }

  private void send(Request request) throws IOException {
    IOException gone = lost;
    if (gone != null) {
      throw new ConnectionLostException(gone.getMessage(), gone);
    }
    byte[] bytes = Wire.write(request);
    synchronized (writeLock) {
      try {
        Frames.write(channel, bytes);
      } catch (IOException e) {
        // The daemon may have said why it closed (a refusal) before the write failed: let the
        // reader read that first, for a while, so the error names the reason, not a broken pipe.
        awaitReader();
        fail(
            new ConnectionLostException(
                "connection to the daemon at " + socket + " failed: " + e, e));
        throw lost;
      }
    }
  }

  private void ping() {
    long silent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    if (silent > MISSED_PINGS * welcome.heartbeatMillis()) {
      fail(
          new ConnectionLostException(
              "the daemon at " + socket + " was silent for " + silent + " ms", null));
      return;
    }
    try {
      send(Request.of(0, Call.PING, null));
    } catch (IOException e) {
      log.debug("ping failed: {}", e.toString());
    }
  }

  private void awaitReader() {
    try {
      readerDone.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    try {
      read();
    } finally {
      readerDone.countDown();
    }
  }

  private void read() {
    try {
      while (true) {
        byte[] frame = Frames.read(channel, MAX_FRAME);
        if (frame == null) {
          fail(
              new ConnectionLostException(
                  "the daemon at " + socket + " closed the connection", null));
          return;
        }
        lastHeardNanos = System.nanoTime();
        Response response = Wire.read(frame, Response.class);
        if (response.id() == 0) {
          continue; // pong
        }
        if (response.id() < 0) {
          fail(new ConnectionLostException(ended(response), null));
          return;
        }
        CompletableFuture<Response> waiting = pending.get(response.id());
        if (waiting != null) {
          waiting.complete(response);
        }
      }
    } catch (IOException e) {
      fail(
          new ConnectionLostException(
              "connection to the daemon at " + socket + " failed: " + e, e));
    }
  }

  private String ended(Response r) {
    if (r.error() == null) {
      return "the daemon at " + socket + " ended the connection without a reason";
    }
    return "refused".equals(r.error().kind())
        ? "the Quiesce daemon at " + socket + " refused this requestor: " + r.error().message()
        : "the daemon at " + socket + " ended the connection: " + r.error().message();
  }

  private void fail(IOException why) {
    synchronized (this) {
      if (lost != null) {
        return;
      }
      lost = why;
    }
    pinger.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing: {}", e.toString());
    }
    pending.values().forEach(f -> f.completeExceptionally(why));
    ended.complete(null);
  }

  /** Completes when the connection ends, whoever ended it. */
  CompletableFuture<Void> ended() {
    return ended;
  }

  /** Whether the connection is still up. */
  boolean isOpen() {
    return lost == null;
  }

  @Override
  public void close() {
    fail(new ConnectionLostException("this requestor closed its connection to " + socket, null));
  }
}
