package dev.quiesce.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks on what names a cluster's znodes and paths, and the secret kept out of messages. */
class ClusterAccessTest {
  @Test
  void namesThatWouldEscapeTheClusterOrThePartsDirectoryAreRefused() {
    for (String name : List.of("", ".", "..", "a/b", "a:b", "x".repeat(65))) {
      assertThrows(IllegalArgumentException.class, () -> new ClusterAccess(name, "s".repeat(16)));
    }
    for (String name : List.of("", ".", "..", ".hidden", "-x", "a/b", "x".repeat(65))) {
      assertThrows(IllegalArgumentException.class, () -> Hosts.checkMemberName(name));
    }
    assertEquals("orders-1.eu_west", Hosts.checkMemberName("orders-1.eu_west"));
  }

  @Test
  void aShortSecretIsRefusedAndNoMessageShowsTheSecret() {
    IllegalArgumentException shortSecret =
        assertThrows(IllegalArgumentException.class, () -> new ClusterAccess("shop", "short"));
    assertTrue(shortSecret.getMessage().contains("at least 16"), shortSecret.getMessage());
    ClusterAccess access = new ClusterAccess("shop", "a-secret-of-at-least-16");
    assertFalse(access.toString().contains("a-secret"), access.toString());
  }

  @Test
  void theSetOptionsMustBePositive() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterSetOptions.defaults().withFreezeWindow(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterSetOptions.defaults().withTimeout(Duration.ofSeconds(-1)));
  }

  @Test
  void thePhasesFreezeLevelByLevelThenThawInReverse() {
    assertEquals(
        List.of(
            "prepare",
            "freeze-front-end",
            "freeze-back-end",
            "freeze-system",
            "snapshot",
            "thaw-system",
            "thaw-back-end",
            "thaw-front-end",
            "finish",
            "complete"),
        java.util.Arrays.stream(Phase.values()).map(Phase::znode).toList());
    assertFalse(Phase.FREEZE_FRONT_END.awaitedFrozen(), "nothing is frozen before FRONT_END");
    assertTrue(Phase.THAW_FRONT_END.awaitedFrozen(), "FRONT_END is frozen until its thaw");
    assertFalse(Phase.FINISH.awaitedFrozen(), "everything is thawed before finish");
  }
}
