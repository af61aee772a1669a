package dev.quiesce.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiesce.benchmarks.support.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JMH's JSON results ({@code -rf json}), read back: every iteration's score of each benchmark. */
final class JmhResults {
  /** One benchmark's iterations, all forks together. */
  record Result(String benchmark, String params, String unit, Stats iterations) {}

  private final List<Result> results = new ArrayList<>();

  /** Reads every file; a file that is missing is skipped (its benchmarks show as not run). */
  JmhResults(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (Path f : files) {
      if (!f.toFile().isFile()) {
        continue;
      }
      for (JsonNode r : json.readTree(f.toFile())) {
        List<Double> raw = new ArrayList<>();
        r.at("/primaryMetric/rawData").forEach(fork -> fork.forEach(v -> raw.add(v.asDouble())));
        results.add(
            new Result(
                r.get("benchmark").asText(),
                r.path("params").toString(),
                r.at("/primaryMetric/scoreUnit").asText(),
                new Stats(raw.stream().mapToDouble(Double::doubleValue).toArray())));
      }
    }
  }

  /**
   * The result of the benchmark whose name ends with {@code method} and whose params contain {@code
   * param} (as {@code "name":"value"}, or empty for any).
   */
  Optional<Result> find(String method, String param) {
    return results.stream()
        .filter(r -> r.benchmark().endsWith(method))
        .filter(r -> param.isEmpty() || r.params().contains(param))
        .findFirst();
  }
}
