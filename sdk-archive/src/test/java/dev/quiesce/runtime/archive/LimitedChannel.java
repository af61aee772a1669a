package dev.quiesce.runtime.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that writes short, as a real one may: each write takes at most {@code perWrite}
 * bytes, and once {@code capacity} bytes are written every write takes none (a device that fills up
 * without saying so); optionally, every sync fails. Everything else goes to the real channel.
 */
final class LimitedChannel extends FileChannel {
  private final FileChannel real;
  private final int perWrite;
  private long capacity;

  private String syncFailure;

  LimitedChannel(FileChannel real, int perWrite, long capacity) {
    this.real = real;
    this.perWrite = perWrite;
    this.capacity = capacity;
  }

  /** Makes every {@link #force} fail with {@code reason}, as an fsync may (EIO, ENOSPC). */
  LimitedChannel failingSync(String reason) {
    this.syncFailure = reason;
    return this;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = (int) Math.min(Math.min(src.remaining(), perWrite), capacity);
    if (n == 0) {
      return 0;
    }
    ByteBuffer slice = src.slice(src.position(), n);
    int written = real.write(slice);
    src.position(src.position() + written);
    capacity -= written;
    return written;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      int n = write(srcs[i]);
      total += n;
      if (srcs[i].hasRemaining()) {
        break;
      }
    }
    return total;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new UnsupportedOperationException("positional writes are not used by the archive");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (syncFailure != null) {
      throw new IOException(syncFailure);
    }
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("transfers into the archive are not used");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return real.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
