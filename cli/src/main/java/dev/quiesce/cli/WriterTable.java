package dev.quiesce.cli;

import dev.quiesce.runtime.WriterStatus;
import java.util.ArrayList;
import java.util.List;

/** The writers as a table with a header, each column as wide as its widest cell. */
final class WriterTable {
  private static final List<String> HEADER =
      List.of("WRITER", "STATE", "LAST SESSION", "LAST FAILURE");

  private WriterTable() {}

  static String of(List<WriterStatus> writers) {
    if (writers.isEmpty()) {
      return "no writers: the application has subscribed none\n";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (WriterStatus s : writers) {
      rows.add(
          List.of(
              Text.safe(s.name() + (s.instanceName().isEmpty() ? "" : " / " + s.instanceName())),
              s.state().vssCode() + " " + s.state(),
              s.session().map(Object::toString).orElse("-"),
              s.failure()
                  .map(f -> f + s.error().map(e -> ": " + Text.safe(e)).orElse(""))
                  .orElse("-")));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        boolean last = i == row.size() - 1;
        table.append(last ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      table.append('\n');
    }
    return table.toString();
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length());
  }
}
