package dev.quiesce.api.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiesce.api.ApplicationLevel;
import dev.quiesce.api.SourceType;
import dev.quiesce.api.UsageType;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataTest {
  private static final Path DATA = Path.of("/var/db/orders");

  private static WriterMetadata.Builder builder() {
    return WriterMetadata.builder(
        "orders-db",
        UUID.nameUUIDFromBytes("orders-db".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "",
        UsageType.USER_DATA,
        SourceType.TRANSACTED_DB,
        ApplicationLevel.BACK_END);
  }

  @Test
  void fileSetsMatchByNameDirectlyOrRecursively() {
    FileSet logs = new FileSet(DATA, "*.log", false);
    assertTrue(logs.matches(DATA.resolve("a.log")));
    assertFalse(logs.matches(DATA.resolve("sub/a.log")));
    assertFalse(logs.matches(DATA.resolve("a.dat")));
    assertFalse(logs.matches(Path.of("/var/db/other/a.log")));
    assertFalse(logs.matches(DATA));
    FileSet all = new FileSet(DATA, "*", true);
    assertTrue(all.matches(DATA.resolve("sub/deeper/a.dat")));
    assertFalse(all.matches(Path.of("/var/db/orders-old/a.dat")));
  }

  @Test
  void fileSetRootsAreAbsoluteAndNormalizedAndFilespecsHaveNoDirectory() {
    FileSet set = new FileSet(Path.of("rel/../data"), "*", true);
    assertEquals(Path.of("data").toAbsolutePath(), set.root());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FileSet(DATA, "sub/*.log", false));
    assertTrue(e.getMessage().contains("put the directory in root"), e.getMessage());
  }

  @Test
  void builtMetadataIsImmutableAndKeepsTheOrderOfComponents() {
    WriterMetadata.Builder b = builder();
    b.component("orders").database().files(DATA, "*", true);
    b.component("audit").caption("audit trail").selectable(false).files(DATA, "audit.*", false);
    b.excludeFiles(DATA, "*.lck", true).restoreMethod(RestoreMethod.STOP_RESTORE_START);
    WriterMetadata m = b.build();

    assertEquals(List.of("orders", "audit"), m.components().stream().map(Component::name).toList());
    assertEquals(ComponentType.DATABASE, m.component("orders").orElseThrow().type());
    assertFalse(m.component("audit").orElseThrow().selectable());
    assertTrue(m.component("orders").orElseThrow().contains(DATA.resolve("seg0/c10.dat")));
    assertTrue(m.isExcluded(DATA.resolve("db.lck")));
    assertEquals(RestoreMethod.STOP_RESTORE_START, m.restoreMethod());
    assertThrows(UnsupportedOperationException.class, () -> m.components().clear());
  }

  @Test
  void componentNamesAreUniqueAndHoldNoSeparator() {
    WriterMetadata.Builder b = builder();
    b.component("orders");
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> b.component("orders"));
    assertTrue(twice.getMessage().contains("already has a component named 'orders'"));
    assertThrows(IllegalArgumentException.class, () -> Component.builder("a/b").build());
    assertThrows(IllegalArgumentException.class, () -> Component.builder(" ").build());
  }
}
