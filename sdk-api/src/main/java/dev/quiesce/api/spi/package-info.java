/**
 * The service provider interfaces of Quiesce: the contract between generated dispatchers and the
 * runtime ({@link dev.quiesce.api.spi.WriterDispatcher}), and the snapshot providers that make
 * point-in-time copies ({@link dev.quiesce.api.spi.SnapshotProvider}).
 */
package dev.quiesce.api.spi;
