/**
 * The Quiesce runtime, as a requestor (backup application) and an application embedding writers use
 * it: the {@link dev.quiesce.runtime.Coordinator} that brokers backups and restores between
 * requestors, writers and snapshot providers (the role of the VSS service), the session handles,
 * the options and values, and the Guice modules.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new QuiesceModule(), WritersModule.of(OrdersWriter.class));
 * Coordinator coordinator = injector.getInstance(Coordinator.class);
 * try (BackupSession backup = coordinator.openBackup(BackupOptions.full())) {
 *   backup.gatherWriterMetadata();                     // Identify
 *   backup.prepareForBackup();                         // PrepareBackup
 *   try (SnapshotSet set = backup.doSnapshotSet(List.of(dataDir))) {
 *     copy(set.pathOf(dataDir), target);
 *   }
 *   backup.backupComplete();                           // BackupComplete
 * }                                                    // BackupShutdown, raised by the coordinator
 * }</pre>
 *
 * <p>Everything else lives in {@code dev.quiesce.runtime.internal} and is not API.
 */
package dev.quiesce.runtime;
