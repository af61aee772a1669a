package dev.quiesce.runtime.archive;

/**
 * How far a long archive operation (writing, restoring) has got. The totals are known up front and
 * do not change; the done counts only grow.
 *
 * @param filesDone files completed
 * @param totalFiles files in all
 * @param bytesDone bytes copied
 * @param totalBytes bytes in all
 */
public record Progress(long filesDone, long totalFiles, long bytesDone, long totalBytes) {
  /** The share of bytes done, 0 to 100 (100 when there is nothing to copy). */
  public int percent() {
    if (totalBytes == 0) {
      return totalFiles == 0 ? 100 : (int) (100 * filesDone / totalFiles);
    }
    return (int) Math.min(100, 100 * bytesDone / totalBytes);
  }

  /** Whether everything is done. */
  public boolean isComplete() {
    return filesDone == totalFiles && bytesDone == totalBytes;
  }
}
