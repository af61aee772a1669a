package dev.quiesce.benchmarks.support;

import dev.quiesce.api.EventContext;
import dev.quiesce.api.spi.SessionRecord;
import dev.quiesce.api.spi.WriterDescriptor;
import dev.quiesce.api.spi.WriterDispatcher;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A generated dispatcher under another writer name and id, so that one compiled writer class can be
 * subscribed N times as N distinct writers. Dispatch is the generated code, unchanged: only the
 * descriptor differs, which is what a coordinator with N different writer classes would see.
 *
 * @param <W> the writer class
 */
public final class Renamed<W> implements WriterDispatcher<W> {
  private final WriterDispatcher<W> generated;
  private final WriterDescriptor descriptor;

  public Renamed(WriterDispatcher<W> generated, String name) {
    this.generated = generated;
    WriterDescriptor d = generated.descriptor();
    this.descriptor =
        new WriterDescriptor(
            d.writerType(),
            name,
            UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)),
            d.instanceName(),
            d.level(),
            d.usage(),
            d.source(),
            d.freezeTimeoutMillis(),
            d.handledEvents(),
            d.sessionStateTypes());
  }

  @Override
  public WriterDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public void dispatch(W writer, EventContext context, SessionRecord session) throws Exception {
    generated.dispatch(writer, context, session);
  }
}
