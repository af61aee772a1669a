package dev.quiesce.runtime.archive;

/**
 * How much of a manifest this process agrees to read: its size in bytes and its number of file
 * entries. An archive may come from anyone, and a manifest is read whole before anything is
 * verified, so an unbounded one could exhaust the heap (a 356 MB manifest of a million entries once
 * took 3.9 GB); above either limit it is refused, before it is parsed, naming the limit.
 *
 * <p>The defaults, 64 MiB and 250,000 entries, hold ten times the files of any data set a writer of
 * a Java service is likely to declare (an entry takes about 400 bytes of manifest, so 250,000
 * entries fit in about 100 MB of JSON and the byte limit is the one usually met first), while the
 * largest manifest they admit is read in well under a second and a few hundred MB of heap, so the
 * command line stays within {@code -Xmx1g}. Raise them with the system properties {@value
 * #MAX_BYTES_PROPERTY} and {@value #MAX_ENTRIES_PROPERTY} ({@code java
 * -Dquiesce.manifest.maxBytes=268435456 -jar quiesce.jar ...}), or pass limits to {@link
 * ArchiveReader#readManifest(java.nio.file.Path, ManifestLimits)}.
 *
 * @param maxBytes the largest manifest read, in bytes
 * @param maxEntries the most file entries a manifest may list
 */
public record ManifestLimits(long maxBytes, int maxEntries) {
  /** The system property that sets {@link #maxBytes()}. */
  public static final String MAX_BYTES_PROPERTY = "quiesce.manifest.maxBytes";

  /** The system property that sets {@link #maxEntries()}. */
  public static final String MAX_ENTRIES_PROPERTY = "quiesce.manifest.maxEntries";

  /** The default {@link #maxBytes()}: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** The default {@link #maxEntries()}. */
  public static final int DEFAULT_MAX_ENTRIES = 250_000;

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException if a limit is not positive, or the byte limit exceeds what one
   *     array can hold
   */
  public ManifestLimits {
    if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "the manifest byte limit must be between 1 and "
              + (Integer.MAX_VALUE - 8)
              + ": "
              + maxBytes);
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException(
          "the manifest entry limit must be positive: " + maxEntries);
    }
  }

  /**
   * The limits of this process: the defaults, or the values of the system properties {@value
   * #MAX_BYTES_PROPERTY} and {@value #MAX_ENTRIES_PROPERTY} where set.
   *
   * @throws IllegalArgumentException if a property is set to something other than a positive number
   */
  public static ManifestLimits standard() {
    return new ManifestLimits(
        property(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES),
        Math.toIntExact(property(MAX_ENTRIES_PROPERTY, DEFAULT_MAX_ENTRIES)));
  }

  private static long property(String name, long otherwise) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Long.parseLong(value.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property " + name + " must be a number, not '" + value + "'", e);
    }
  }

  /** What to tell the user about raising the byte limit. */
  String raiseBytes() {
    return "raise the limit with -D" + MAX_BYTES_PROPERTY + "=N if you trust this archive";
  }

  /** What to tell the user about raising the entry limit. */
  String raiseEntries() {
    return "raise the limit with -D" + MAX_ENTRIES_PROPERTY + "=N if you trust this archive";
  }
}
