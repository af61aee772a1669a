/**
 * The writer metadata model (VSS's Writer Metadata Document): immutable records that describe a
 * writer's components and files, filled at Identify and saved with every backup.
 */
package dev.quiesce.api.metadata;
