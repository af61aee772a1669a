/**
 * Quiesce's value types in JSON, read strictly: what the archive's manifest and the daemon's wire
 * format share, so a path, an id or a time reads the same in both and a doubtful document is
 * refused rather than guessed at.
 */
package dev.quiesce.json;
