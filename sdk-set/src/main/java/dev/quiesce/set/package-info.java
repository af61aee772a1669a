/**
 * One snapshot set across several coordinators: a requestor ({@link dev.quiesce.set.SetBackup})
 * that drives every member through one global freeze window, and the set archive it writes (a
 * {@link dev.quiesce.set.SetManifest} over one ordinary Quiesce archive per member), with its
 * reader and writer ({@link dev.quiesce.set.SetArchive}) and verifier ({@link
 * dev.quiesce.set.SetVerifier}). The layout and the manifest are shared by every way of driving a
 * set (one host, or ZooKeeper).
 */
package dev.quiesce.set;
