package dev.quiesce.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.metadata.RestoreMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @TempDir Path tmp;

  /** Records every call. */
  private static final class Recorder implements ProgressListener {
    final List<Progress> updates = new ArrayList<>();
    final List<Boolean> finished = new ArrayList<>();

    @Override
    public void progressed(Progress progress) {
      updates.add(progress);
    }

    @Override
    public void finished(Progress last, boolean succeeded) {
      finished.add(succeeded);
    }
  }

  @Test
  void writingVerifyingAndRestoringReportMonotonicProgressEndingAtTheTotals() throws IOException {
    Fixture fixture = new Fixture(tmp.resolve("data")).make();
    Recorder writing = new Recorder();
    Manifest manifest =
        fixture.archive(tmp.resolve("backup"), writing, RestoreMethod.RESTORE_IF_CAN_REPLACE);
    assertMonotonicToTotals(writing, manifest.files().size(), manifest.totalBytes());
    assertTrue(
        writing.updates.size() > manifest.files().size() + 1,
        "the 3 MiB file reports progress while it is copied");

    Recorder verifying = new Recorder();
    ArchiveVerifier.verify(tmp.resolve("backup"), verifying);
    assertMonotonicToTotals(verifying, manifest.files().size(), manifest.totalBytes());

    Recorder restoring = new Recorder();
    new Restorer(restoring).restoreTo(tmp.resolve("backup"), tmp.resolve("restored"));
    assertMonotonicToTotals(restoring, manifest.files().size(), manifest.totalBytes());
  }

  private static void assertMonotonicToTotals(Recorder recorder, long files, long bytes) {
    Progress first = recorder.updates.get(0);
    assertEquals(new Progress(0, files, 0, bytes), first);
    Progress previous = first;
    for (Progress p : recorder.updates) {
      assertEquals(files, p.totalFiles());
      assertEquals(bytes, p.totalBytes());
      assertTrue(
          p.filesDone() >= previous.filesDone() && p.bytesDone() >= previous.bytesDone(),
          previous + " then " + p);
      previous = p;
    }
    assertEquals(new Progress(files, files, bytes, bytes), previous);
    assertEquals(List.of(true), recorder.finished);
  }

  @Test
  void terminalProgressRedrawsOneLineOnATerminal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicLong clock = new AtomicLong();
    TerminalProgress progress =
        TerminalProgress.forTest(
            new PrintStream(out, true, StandardCharsets.UTF_8), true, clock::get);
    progress.progressed(new Progress(0, 120, 0, 3L << 30));
    progress.progressed(new Progress(1, 120, 1L << 30, 3L << 30)); // too soon: not drawn
    clock.addAndGet(200_000_000L);
    progress.progressed(new Progress(60, 120, 3L << 29, 3L << 30));
    progress.finished(new Progress(120, 120, 3L << 30, 3L << 30), true);
    assertEquals(
        "\r  0/120 files  0 B/3.0 GiB    0%"
            + "\r 60/120 files  1.5 GiB/3.0 GiB   50%"
            + "\r120/120 files  3.0 GiB/3.0 GiB  100%"
            + System.lineSeparator(),
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void terminalProgressIsQuietWithoutATerminal() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TerminalProgress progress =
        TerminalProgress.forTest(
            new PrintStream(out, true, StandardCharsets.UTF_8), false, () -> 0);
    progress.progressed(new Progress(0, 1, 0, 10));
    progress.finished(new Progress(1, 1, 10, 10), true);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void bytesAreShownInBinaryUnits() {
    assertEquals("512 B", TerminalProgress.bytes(512));
    assertEquals("1.5 KiB", TerminalProgress.bytes(1536));
    assertEquals("8.0 GiB", TerminalProgress.bytes(8L << 30));
  }
}
