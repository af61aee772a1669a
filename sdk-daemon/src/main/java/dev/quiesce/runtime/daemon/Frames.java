package dev.quiesce.runtime.daemon;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The daemon protocol's framing: a 4-byte big-endian length, then that many bytes of JSON. A length
 * outside {@code 1..max} is a protocol error, so a hostile or broken peer cannot make the other
 * side allocate more than {@code max} bytes; and the body's buffer grows as its bytes arrive, so a
 * peer that announces a large frame and sends nothing costs what it sent, not what it announced.
 */
final class Frames {
  /** The body's first buffer: most frames fit, and a stalled peer costs no more. */
  static final int FIRST_CHUNK_BYTES = 8 << 10;

  private Frames() {}

  /**
   * Reads one frame of at most {@code max} bytes.
   *
   * @return the frame's bytes, or {@code null} if the peer closed the connection between frames
   * @throws ProtocolException if the length is out of bounds
   * @throws EOFException if the peer closed the connection inside a frame
   */
  static byte[] read(ReadableByteChannel in, int max) throws IOException {
    return read(in, max, "frames are 1.." + max + " bytes");
  }

  /**
   * Reads one frame of at most {@code max} bytes; {@code rule} says the limit in the protocol error
   * a longer frame gets.
   */
  static byte[] read(ReadableByteChannel in, int max, String rule) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
    if (!fill(in, header, true)) {
      return null;
    }
    int length = header.flip().getInt();
    if (length <= 0 || length > max) {
      throw new ProtocolException("frame of " + length + " bytes announced; " + rule);
    }
    ByteBuffer body = ByteBuffer.allocate(Math.min(length, FIRST_CHUNK_BYTES));
    while (true) {
      fill(in, body, false);
      if (body.capacity() == length) {
        return body.array();
      }
      // full, and more is coming: double, at most to the announced length
      ByteBuffer larger = ByteBuffer.allocate((int) Math.min(length, 2L * body.capacity()));
      body = larger.put(body.flip());
    }
  }

  /** Writes one frame; callers serialize writes to the same channel. */
  static void write(WritableByteChannel out, byte[] body) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(Integer.BYTES + body.length);
    frame.putInt(body.length).put(body).flip();
    while (frame.hasRemaining()) {
      out.write(frame);
    }
  }

  private static boolean fill(ReadableByteChannel in, ByteBuffer buffer, boolean endAllowed)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        if (endAllowed && buffer.position() == 0) {
          return false;
        }
        throw new EOFException("connection closed inside a frame");
      }
    }
    return true;
  }
}
