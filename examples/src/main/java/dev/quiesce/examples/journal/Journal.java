package dev.quiesce.examples.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An append-only journal: one line per record, each record forced to disk before {@link #append}
 * returns. Optionally segmented: once the active file holds {@code recordsPerSegment} records it is
 * sealed, renamed {@code <file>.000001} (then {@code .000002}, ...) and never written again, and a
 * new active file is started; an incremental backup then has only the new segments to store. The
 * kind of store that is not a database but still needs a consistent backup: a copy taken while a
 * record is half written holds a torn last line.
 *
 * <p>{@link #holdAppends()} stops appends until the returned {@link Hold} is released. The hold is
 * a permit, not a lock, so it may be released from another thread than the one that took it, as a
 * writer's Thaw may run on another thread than its Freeze.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private final int recordsPerSegment;
  private final Semaphore appends = new Semaphore(1, true);
  private FileChannel channel;
  private volatile long records;
  private long activeRecords;

  /** Opens (or creates) a journal of one file, never sealed. */
  public Journal(Path file) throws IOException {
    this(file, 0);
  }

  /**
   * Opens (or creates) a segmented journal.
   *
   * @param file the active file; sealed segments are beside it, named {@code <file>.NNNNNN}
   * @param recordsPerSegment records per segment before it is sealed; 0 never seals
   */
  public Journal(Path file, int recordsPerSegment) throws IOException {
    if (recordsPerSegment < 0) {
      throw new IllegalArgumentException("recordsPerSegment is negative: " + recordsPerSegment);
    }
    this.file = file.toAbsolutePath();
    this.recordsPerSegment = recordsPerSegment;
    Files.createDirectories(this.file.getParent());
    open();
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    activeRecords = Files.exists(file) ? readRecords(file).size() : 0;
    records = readAllRecords(file).size();
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /** The directory holding the journal. */
  public Path directory() {
    return file.getParent();
  }

  /**
   * Appends one record and forces it to disk. Blocks while appends are held.
   *
   * @throws IllegalArgumentException if the record holds a line break
   */
  public void append(String record) throws IOException, InterruptedException {
    if (record.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a journal record is one line: " + record);
    }
    appends.acquire();
    try {
      ByteBuffer bytes = ByteBuffer.wrap((record + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
      records++;
      activeRecords++;
      if (recordsPerSegment > 0 && activeRecords >= recordsPerSegment) {
        seal();
      }
    } finally {
      appends.release();
    }
  }

  /**
   * Seals the active file as the next segment and starts a new one; under the append permit, and
   * under the monitor so that {@link #flush()} never forces a channel closed meanwhile.
   */
  private synchronized void seal() throws IOException {
    channel.force(true);
    channel.close();
    List<Path> sealed = segments(file);
    int next = sealed.isEmpty() ? 1 : number(sealed.get(sealed.size() - 1)) + 1;
    Files.move(file, segment(file, next), StandardCopyOption.ATOMIC_MOVE);
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    activeRecords = 0;
  }

  /** How many records the journal holds, sealed segments and active file together. */
  public long recordCount() {
    return records;
  }

  /** The file-name pattern of the sealed segments, for a writer's file set. */
  public String segmentPattern() {
    return file.getFileName() + ".*";
  }

  /** The sealed segments beside the active {@code file}, oldest first. */
  public static List<Path> segments(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    String prefix = file.getFileName().toString() + ".";
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(
              p ->
                  p.getFileName().toString().startsWith(prefix)
                      && p.getFileName().toString().substring(prefix.length()).matches("\\d{6}"))
          .sorted()
          .toList();
    }
  }

  private static Path segment(Path file, int number) {
    return file.resolveSibling(file.getFileName() + "." + String.format("%06d", number));
  }

  private static int number(Path segment) {
    String name = segment.getFileName().toString();
    return Integer.parseInt(name.substring(name.length() - 6));
  }

  /**
   * Every record of the journal whose active file is {@code file}: its sealed segments, then it.
   */
  public static List<String> readAllRecords(Path file) throws IOException {
    List<String> all = new ArrayList<>();
    for (Path segment : segments(file)) {
      all.addAll(readRecords(segment));
    }
    if (Files.exists(file)) {
      all.addAll(readRecords(file));
    }
    return all;
  }

  /** Forces everything appended so far to disk (sealed segments were forced when sealed). */
  public synchronized void flush() throws IOException {
    channel.force(true);
  }

  /**
   * Stops appends until the hold is released; waits for a running append to finish first.
   *
   * @throws IOException if appends could not be held within {@code timeoutMillis}
   */
  public Hold holdAppends(long timeoutMillis) throws IOException, InterruptedException {
    if (!appends.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IOException("could not hold journal appends within " + timeoutMillis + " ms");
    }
    return new Hold(appends);
  }

  /** Closes the file, for a restore that replaces it. Appends fail until {@link #reopen()}. */
  public synchronized void closeFile() throws IOException {
    channel.close();
  }

  /** Reopens the file after a restore, counting its records again. */
  public synchronized void reopen() throws IOException {
    if (!channel.isOpen()) {
      open();
    }
  }

  /** Reads every complete record of a journal file (a torn last line is not a record). */
  public static List<String> readRecords(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> records = new ArrayList<>();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      records.add(text.substring(start, end));
      start = end + 1;
    }
    return records;
  }

  /** Whether a journal file ends on a record boundary: no torn record at its end. */
  public static boolean isWhole(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return true;
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      in.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Appends held by {@link #holdAppends}; releasing twice is harmless. */
  public static final class Hold {
    private final Semaphore appends;
    private boolean released;

    private Hold(Semaphore appends) {
      this.appends = appends;
    }

    /** Lets appends go on. Idempotent. */
    public synchronized void release() {
      if (!released) {
        released = true;
        appends.release();
      }
    }
  }
}
