package org.geostream.stream;

import java.io.Serializable;
import java.util.Map;

/** Where results (or quarantined and late records) go. */
public sealed interface SinkSpec extends Serializable {

  /**
   * A feature store through geo-core: one feature per key and window with a deterministic id,
   * upserted with the micro-batch id recorded, so each result is stored exactly once.
   */
  record Store(Map<String, String> params, String feature) implements SinkSpec {
    public Store {
      params = Map.copyOf(params);
      if (feature == null || feature.isBlank()) {
        throw new IllegalArgumentException("store sink needs a feature type name");
      }
    }
  }

  /** Printed to standard output, at most {@code rows} rows per batch. */
  record Console(int rows) implements SinkSpec {}

  /**
   * Files ({@code parquet}, {@code csv} or {@code json}) in {@code path/batch=<id>}: a replayed
   * batch overwrites its own directory, so each record is written once.
   */
  record Files(String path, String format) implements SinkSpec {}

  /** A Kafka topic, one JSON message per result keyed by its id (at least once). */
  record Kafka(String bootstrapServers, String topic) implements SinkSpec {}
}
