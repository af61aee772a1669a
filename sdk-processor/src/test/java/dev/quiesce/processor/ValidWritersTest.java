package dev.quiesce.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.quiesce.processor.testing.Compilations.compile;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.quiesce.api.WriterEvent;
import dev.quiesce.processor.model.EventSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Well-formed writers compile with no warning at all (every lint but the unclaimed-annotation one,
 * see {@link dev.quiesce.processor.testing.Compilations#LINT}), generated code included.
 */
class ValidWritersTest {
  /** Every parameter type a handler of {@code event} accepts, per DESIGN section 3. */
  private static List<String> acceptedTypes(WriterEvent event) {
    List<String> types = new ArrayList<>();
    types.add(EventSpec.of(event).contextType().getSimpleName());
    types.add("SessionId");
    types.add("Held");
    if (event.hasCurrentSnapshotSet()) {
      types.add("SnapshotSetId");
    }
    if (event.hasCapturedSnapshotSet()) {
      types.add("Optional<SnapshotSetId>");
    }
    if (event == WriterEvent.BACKUP_SHUTDOWN) {
      types.add("ShutdownCause");
    }
    return types;
  }

  private static JavaFileObject writerHandling(WriterEvent event, List<String> parameterTypes) {
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < parameterTypes.size(); i++) {
      parameters.add(parameterTypes.get(i) + " p" + i);
    }
    String thaw = event == WriterEvent.FREEZE ? "  @OnThaw void thaw() {}\n" : "";
    return JavaFileObjects.forSourceString(
        "test.W",
        """
        package test;
        import dev.quiesce.api.*;
        import java.util.Optional;
        @Writer(name = "w")
        final class W {
          @SessionState static final class Held {}
        %s  @%s void handle(%s) {}
        }
        """
            .formatted(
                thaw, EventSpec.of(event).annotationSimpleName(), String.join(", ", parameters)));
  }

  @ParameterizedTest
  @EnumSource(WriterEvent.class)
  void everyAcceptedParameter(WriterEvent event) {
    Compilation c = compile(writerHandling(event, acceptedTypes(event)));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.W_Dispatcher")
        .contentsAsUtf8String()
        .contains("writer.handle(");
  }

  @ParameterizedTest
  @EnumSource(WriterEvent.class)
  void everyAcceptedParameterInReverseOrder(WriterEvent event) {
    List<String> types = new ArrayList<>(acceptedTypes(event));
    Collections.reverse(types);
    assertThat(compile(writerHandling(event, types))).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @EnumSource(WriterEvent.class)
  void eachAcceptedParameterAlone(WriterEvent event) {
    for (String type : acceptedTypes(event)) {
      assertThat(compile(writerHandling(event, List.of(type)))).succeededWithoutWarnings();
    }
  }

  @ParameterizedTest
  @EnumSource(WriterEvent.class)
  void noParameters(WriterEvent event) {
    assertThat(compile(writerHandling(event, List.of()))).succeededWithoutWarnings();
  }

  @Test
  void writerWithoutHandlers() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {}
            """);
    Compilation c = compile(w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.W_Dispatcher")
        .contentsAsUtf8String()
        .contains("EnumSet.noneOf(WriterEvent.class)");
  }

  @Test
  void packagePrivateWriterWithAllAttributes() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            @Writer(
                name = "orders-db",
                id = "6F1F6A5E-6B1C-4C58-9A0E-2F4B9F0F3C11",
                instanceName = "eu-1",
                usage = UsageType.SYSTEM_SERVICE,
                source = SourceType.TRANSACTED_DB,
                level = ApplicationLevel.BACK_END,
                freezeTimeoutMillis = 20_000)
            class W {
              @OnIdentify protected void identify(IdentifyContext c) {}
              @OnPrepareBackup public void prepare() throws java.io.IOException {}
            }
            """);
    Compilation c = compile(w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.W_Dispatcher")
        .contentsAsUtf8String()
        .contains(
            """
                  W.class,
                  "orders-db",
                  UUID.fromString("6f1f6a5e-6b1c-4c58-9a0e-2f4b9f0f3c11"),
                  "eu-1",
                  ApplicationLevel.BACK_END,
                  UsageType.SYSTEM_SERVICE,
                  SourceType.TRANSACTED_DB,
                  20000L,
            """);
  }

  @Test
  void staticNestedWritersGetFlattenedNames() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.Outer",
            """
            package test;
            import dev.quiesce.api.*;
            public class Outer {
              @Writer(name = "inner")
              public static final class Inner {
                @Writer(name = "deeper")
                static class Deeper {
                  @OnAbort void abort(AbortContext c) {}
                }
                @OnAbort void abort() {}
              }
            }
            """);
    Compilation c = compile(w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.Outer_Inner_Dispatcher")
        .contentsAsUtf8String()
        .contains("implements WriterDispatcher<Outer.Inner>");
    assertThat(c)
        .generatedSourceFile("test.Outer_Inner_Deeper_Dispatcher")
        .contentsAsUtf8String()
        .contains("writer.abort((AbortContext) context);");
  }

  @Test
  void injectConstructorWithDependencies() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            import jakarta.inject.Inject;
            import java.nio.file.Path;
            @Writer(name = "w")
            public final class W {
              private final Path dataDir;
              private final WriterContext vss;
              W(String unused) { this(Path.of(unused), null); }
              @Inject
              W(Path dataDir, WriterContext vss) {
                this.dataDir = dataDir;
                this.vss = vss;
              }
              @OnFreeze void freeze(FreezeContext c) {}
              @OnThaw void thaw(ThawContext c) {}
              Path dataDir() { return dataDir; }
              WriterContext vss() { return vss; }
            }
            """);
    assertThat(compile(w)).succeededWithoutWarnings();
  }

  @Test
  void sessionStateWithInjectConstructorAndRecordWriter() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "test.W",
            """
            package test;
            import dev.quiesce.api.*;
            import jakarta.inject.Inject;
            @Writer(name = "w")
            record W() {
              @SessionState
              static final class Held {
                final String label;
                @Inject Held(String label) { this.label = label; }
              }
              @OnPrepareSnapshot void prepare(Held held, SnapshotSetId id) {}
            }
            """);
    assertThat(compile(w)).succeededWithoutWarnings();
  }

  @Test
  void writerInTheUnnamedPackage() {
    JavaFileObject w =
        JavaFileObjects.forSourceString(
            "W",
            """
            import dev.quiesce.api.*;
            @Writer(name = "w")
            class W {
              @OnIdentify void identify() {}
            }
            """);
    Compilation c = compile(w);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("W_Dispatcher").isNotNull();
  }
}
