package dev.quiesce.api.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * Files a writer says changed only after a given time (VSS's {@code
 * AddDifferencedFilesByLastModifyTime}): in an incremental or differential backup, files of {@link
 * #files()} last modified at or before {@link #since()} are kept from the base without being read.
 * It saves reading what the writer knows is unchanged (the sealed segments of a journal).
 *
 * @param files the files the claim covers
 * @param since files of the set not modified after this instant are unchanged since the base
 */
public record DifferencedFiles(FileSet files, Instant since) {
  /** Checks the fields. */
  public DifferencedFiles {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(since, "since");
  }
}
