package dev.quiesce.set;

/**
 * How much of a set manifest this process agrees to read, as {@code ManifestLimits} bounds an
 * archive's manifest: a set manifest may come from anyone and is read whole before anything is
 * verified. A part takes about 250 bytes, so the defaults (1 MiB, 1,000 parts) hold far more
 * members than any set has, and are read in milliseconds.
 *
 * @param maxBytes the largest set manifest read, in bytes
 * @param maxParts the most parts it may list
 */
public record SetManifestLimits(int maxBytes, int maxParts) {
  /** The default limits. */
  public static final SetManifestLimits STANDARD = new SetManifestLimits(1 << 20, 1_000);

  /** Checks both limits are positive. */
  public SetManifestLimits {
    if (maxBytes <= 0 || maxParts <= 0) {
      throw new IllegalArgumentException(
          "set manifest limits must be positive: " + maxBytes + " bytes, " + maxParts + " parts");
    }
  }
}
