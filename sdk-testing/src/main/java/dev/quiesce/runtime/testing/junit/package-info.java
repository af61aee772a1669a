/**
 * JUnit 5 support for the writer test kit: {@link
 * dev.quiesce.runtime.testing.junit.WriterHarnessExtension} gives each test a fresh harness and
 * checks, after it, that every session ended as the runtime guarantees.
 */
package dev.quiesce.runtime.testing.junit;
