package dev.quiesce.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiesce.api.WriterFailure;
import dev.quiesce.api.WriterState;
import java.util.List;
import java.util.Optional;

/** Status assertions shared by tests. */
final class WriterStatusAssert {
  private WriterStatusAssert() {}

  static WriterStatus failed(
      List<WriterStatus> statuses, String writer, WriterState state, WriterFailure kind) {
    WriterStatus s =
        statuses.stream().filter(x -> x.name().equals(writer)).findFirst().orElseThrow();
    assertEquals(state, s.state(), s.toString());
    assertEquals(Optional.of(kind), s.failure(), s.toString());
    return s;
  }
}
