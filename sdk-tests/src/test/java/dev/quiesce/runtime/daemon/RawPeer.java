package dev.quiesce.runtime.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A peer that speaks raw frames to the daemon, as a broken or hostile one would. */
final class RawPeer implements AutoCloseable {
  private final SocketChannel channel;

  RawPeer(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  void sendJson(String json) throws IOException {
    Frames.write(channel, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a header announcing {@code length} bytes, and nothing else. */
  void sendHeader(int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).putInt(length).flip();
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  void hello(long pid) throws IOException {
    sendJson(
        "{\"id\":1,\"op\":\"hello\",\"hello\":{\"protocol\":1,\"name\":\"raw\",\"pid\":" + pid + "}}");
  }

  /** The next frame as JSON, or {@code null} once the daemon closed the connection. */
  JsonNode read() throws IOException {
    byte[] frame = Frames.read(channel, 1 << 20);
    return frame == null ? null : Wire.MAPPER.readTree(frame);
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
    channel.close();
  }
}
