/**
 * Backups driven from another process: {@link dev.quiesce.runtime.daemon.QuiesceDaemon} serves an
 * application's coordinator on a Unix domain socket, {@link
 * dev.quiesce.runtime.daemon.RemoteCoordinator} is a backup tool's end of it, with the same {@code
 * BackupSession} and {@code RestoreSession} API as in-process.
 *
 * <p>Why a Unix socket: it is local only, and the kernel names the peer's user ({@code
 * SO_PEERCRED}), so who may drive backups is an allowlist of OS users that no peer can lie its way
 * onto. Why sessions belong to a connection: when a backup tool dies, the kernel closes its socket
 * within milliseconds, and the daemon ends the tool's sessions as {@code REQUESTOR_LOST} at once —
 * frozen writers thawed, BackupShutdown sent — where VSS waits minutes for COM to notice. A tool
 * that hangs without dying is caught by its silence (the client pings; {@link
 * dev.quiesce.runtime.daemon.DaemonOptions#requestorTimeout()}).
 *
 * <p>The wire protocol (version 1) is length-prefixed JSON frames: readable with {@code socat}, no
 * code generation, unknown fields ignored for compatibility, parsed strictly and never with
 * polymorphic typing, since the bytes may come from another user.
 */
package dev.quiesce.runtime.daemon;
