package dev.quiesce.cli;

import dev.quiesce.api.WriterEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test application's data directory, and the events its writer saw, in order. */
final class OrdersStore {
  final Path directory;
  final List<WriterEvent> events = new CopyOnWriteArrayList<>();

  OrdersStore(Path directory) {
    this.directory = directory;
  }
}
