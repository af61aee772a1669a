package dev.quiesce.runtime.archive;

/**
 * Counts files and bytes done and tells a {@link ProgressListener}: once at the start, after each
 * file, and every mebibyte within large files.
 */
final class ProgressCounter {
  private static final long REPORT_EVERY_BYTES = 1024 * 1024;

  private final ProgressListener listener;
  private final long totalFiles;
  private final long totalBytes;
  private long files;
  private long bytes;
  private long bytesAtLastReport;

  ProgressCounter(ProgressListener listener, long totalFiles, long totalBytes) {
    this.listener = listener;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
    listener.progressed(progress());
  }

  Progress progress() {
    return new Progress(files, totalFiles, bytes, totalBytes);
  }

  long bytes() {
    return bytes;
  }

  void addBytes(long n) {
    bytes += n;
    if (bytes - bytesAtLastReport >= REPORT_EVERY_BYTES) {
      bytesAtLastReport = bytes;
      listener.progressed(progress());
    }
  }

  void fileDone() {
    files++;
    bytesAtLastReport = bytes;
    listener.progressed(progress());
  }
}
