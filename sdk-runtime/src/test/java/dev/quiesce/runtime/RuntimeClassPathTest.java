package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a writer author's application gets on its class path with sdk-runtime: the coordinator and
 * its Guice modules, and nothing of the other jobs. This test's class path is sdk-runtime's own
 * dependencies plus JUnit and an SLF4J binding, so a class found here came with the runtime.
 */
class RuntimeClassPathTest {
  @ParameterizedTest(name = "{0} is not on the runtime''s class path")
  @ValueSource(
      strings = {
        "com.fasterxml.jackson.databind.ObjectMapper", // JSON: the archive's and the daemon's
        "com.fasterxml.jackson.core.JsonParser",
        "dev.quiesce.runtime.testing.WriterHarness", // the test kit: sdk-testing
        "dev.quiesce.runtime.testing.FaultInjector",
        "dev.quiesce.runtime.archive.Manifest", // the archive: sdk-archive
        "dev.quiesce.runtime.daemon.QuiesceDaemon", // the daemon: sdk-daemon
        "dev.quiesce.cli.Main", // the command line: cli
        "picocli.CommandLine"
      })
  void theRuntimeBringsNoOtherJob(String className) {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName(className, false, RuntimeClassPathTest.class.getClassLoader()));
  }
}
