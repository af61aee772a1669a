/**
 * The backup archive: a directory holding the backed-up files and a {@code manifest.json} that
 * describes them, and the code that writes, verifies and restores it.
 *
 * <p>Layout:
 *
 * <pre>
 * ARCHIVE/
 *   manifest.json                                 written last, atomically
 *   data/WRITER[@INSTANCE]/COMPONENT/ORIGINAL/PATH  the original absolute path, re-rooted
 * </pre>
 *
 * Writer and component names are made file-name safe; {@code %} and {@code \} in original file
 * names are written {@code %25} and {@code %5C}. The manifest maps each archive path back to its
 * original path, so the layout is for people, not for the restorer.
 *
 * <p>A directory rather than a single file: each entry can be verified, restored or inspected on
 * its own with ordinary tools, nothing has to be rewritten to add the manifest last, and there is
 * no container format whose own paths could be used to escape the target. {@link
 * dev.quiesce.runtime.archive.ArchiveWriter} writes one, {@link
 * dev.quiesce.runtime.archive.ArchiveVerifier} checks every byte of it, and {@link
 * dev.quiesce.runtime.archive.Restorer} puts the files back, verifying first and refusing any entry
 * that would land outside its target.
 */
package dev.quiesce.runtime.archive;
