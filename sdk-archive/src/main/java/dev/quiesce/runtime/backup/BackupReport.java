package dev.quiesce.runtime.backup;

import dev.quiesce.api.SessionId;
import dev.quiesce.runtime.archive.Manifest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a backup produced.
 *
 * @param session the backup session
 * @param manifest the archive's manifest: writers, files with their checksums, the snapshot set id,
 *     the quiesce outcome and timings
 * @param archive the archive directory
 * @param snapshot how long taking the snapshot set took (PrepareSnapshot to PostSnapshot)
 * @param total how long the whole backup took
 */
public record BackupReport(
    SessionId session, Manifest manifest, Path archive, Duration snapshot, Duration total) {}
