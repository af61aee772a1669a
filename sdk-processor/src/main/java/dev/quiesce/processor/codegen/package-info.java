/**
 * What the processor writes: one dispatcher per valid writer, generated with Palantir JavaPoet, and
 * the {@code META-INF/services} index the runtime finds the dispatchers by.
 */
package dev.quiesce.processor.codegen;
