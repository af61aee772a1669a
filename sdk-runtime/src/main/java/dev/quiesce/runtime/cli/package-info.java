/**
 * {@code quiesce}, the command-line requestor: backs up, restores and verifies archives of an
 * application that runs a {@link dev.quiesce.runtime.daemon.QuiesceDaemon}. The {@code cli} module
 * packages it as {@code cli/target/quiesce.jar}.
 */
package dev.quiesce.runtime.cli;
