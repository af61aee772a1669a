package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A peer that speaks raw frames to the daemon, as a broken or hostile one would. */
final class RawPeer implements AutoCloseable {
  /** How long {@link #read()} waits for a frame: a test fails rather than hangs. */
  private static final long READ_TIMEOUT_SECONDS = 20;

  private final SocketChannel channel;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(Threads.named("raw-peer-reader"));

  RawPeer(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  void sendJson(String json) throws IOException {
    Frames.write(channel, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a header announcing {@code length} bytes, and nothing else. */
  void sendHeader(int length) throws IOException {
    sendBytes(ByteBuffer.allocate(4).putInt(length).array());
  }

  /** Writes bytes as they are: a part of a frame, say. */
  void sendBytes(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  void hello(long pid) throws IOException {
    hello("raw", pid);
  }

  void hello(String name, long pid) throws IOException {
    sendJson(
        "{\"id\":1,\"op\":\"hello\",\"hello\":{\"protocol\":1,\"name\":"
            + Wire.MAPPER.writeValueAsString(name)
            + ",\"pid\":"
            + pid
            + "}}");
  }

  /**
   * The next frame as JSON, or {@code null} once the daemon closed the connection.
   *
   * @throws AssertionError if no frame comes within {@value #READ_TIMEOUT_SECONDS} seconds
   */
  JsonNode read() throws IOException {
    Future<byte[]> frame = reader.submit(() -> Frames.read(channel, 1 << 20));
    try {
      byte[] bytes = frame.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return bytes == null ? null : Wire.MAPPER.readTree(bytes);
    } catch (TimeoutException e) {
      throw new AssertionError("the daemon sent nothing within " + READ_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Reads until the daemon closes the connection; returns the last frame before that. */
  JsonNode readUntilClosed() throws IOException {
    JsonNode last = null;
    for (JsonNode n = read(); n != null; n = read()) {
      last = n;
    }
    return last;
  }

  @Override
  public void close() throws IOException {
    reader.shutdownNow();
    channel.close();
  }
}
