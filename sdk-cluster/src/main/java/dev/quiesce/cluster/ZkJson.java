package dev.quiesce.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiesce.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of the cluster's znodes, read strictly: a znode may have been written by any holder of
 * the cluster's secret, so a doubtful document is refused, never guessed at.
 */
final class ZkJson {
  private static final ObjectMapper MAPPER = JsonValues.strictMapper().build();

  private ZkJson() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type, String path) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new ClusterException(
          "znode "
              + path
              + " does not hold a valid "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
