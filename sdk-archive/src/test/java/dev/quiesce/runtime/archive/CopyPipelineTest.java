package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline copies every byte in order and hashes exactly those bytes, through files larger than
 * all its buffers together, one after another; a failed read or write surfaces as the failure and
 * leaves no thread behind.
 */
class CopyPipelineTest {
  @TempDir Path tmp;

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Hashing.sha256().digest(bytes));
  }

  @Test
  void copiesAndHashesFilesOfEverySizeOneAfterAnother() throws IOException {
    int all = CopyPipeline.BUFFERS * CopyPipeline.BUFFER_SIZE;
    int[] sizes = {0, 1, CopyPipeline.BUFFER_SIZE, CopyPipeline.BUFFER_SIZE + 1, all * 2 + 12345};
    try (CopyPipeline pipeline = new CopyPipeline()) {
      for (int i = 0; i < sizes.length; i++) {
        byte[] bytes = random(sizes[i], i);
        Path out = tmp.resolve("file-" + i);
        AtomicLong reported = new AtomicLong();
        Hashing.Result result;
        try (FileChannel channel = Permissions.createPrivate(out)) {
          result = pipeline.copy(new ByteArrayInputStream(bytes), channel, reported::addAndGet);
        }
        assertEquals(new Hashing.Result(sizes[i], sha256(bytes)), result, "size " + sizes[i]);
        assertEquals(sizes[i], reported.get());
        assertTrue(MessageDigest.isEqual(bytes, Files.readAllBytes(out)), "size " + sizes[i]);
      }
    }
  }

  @Test
  void aFailedReadIsTheCopysFailureAndThePipelineGoesOn() throws IOException {
    InputStream failing =
        new InputStream() {
          private int left = CopyPipeline.BUFFER_SIZE * 2 + 7;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
              throw new IOException("Input/output error (test)");
            }
            int n = Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
          }

          @Override
          public int read() {
            throw new UnsupportedOperationException("the pipeline reads into buffers");
          }
        };
    try (CopyPipeline pipeline = new CopyPipeline();
        FileChannel out = Permissions.createPrivate(tmp.resolve("out"))) {
      IOException e = assertThrows(IOException.class, () -> pipeline.copy(failing, out, n -> {}));
      assertEquals("Input/output error (test)", e.getMessage());

      byte[] next = random(3 * CopyPipeline.BUFFER_SIZE, 7);
      try (FileChannel second = Permissions.createPrivate(tmp.resolve("second"))) {
        assertEquals(
            sha256(next),
            pipeline.copy(new ByteArrayInputStream(next), second, n -> {}).sha256(),
            "every buffer came back");
      }
    }
  }

  @Test
  void aWriteThatTakesNothingFailsTheCopyAndStopsTheReader() throws IOException {
    byte[] bytes = random(CopyPipeline.BUFFERS * CopyPipeline.BUFFER_SIZE * 3, 3);
    CopyPipeline pipeline = new CopyPipeline();
    try (FileChannel out =
        new LimitedChannel(Permissions.createPrivate(tmp.resolve("out")), 65536, 100_000)) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> pipeline.copy(new ByteArrayInputStream(bytes), out, n -> {}));
      assertTrue(DurableWrites.isDiskFull(e), e.getMessage());
    }
    pipeline.close(); // returns: the reader, blocked for a free buffer, was stopped
    assertThrows(
        IllegalStateException.class,
        () -> pipeline.copy(new ByteArrayInputStream(bytes), null, n -> {}),
        "an aborted pipeline copies nothing more");
  }
}
