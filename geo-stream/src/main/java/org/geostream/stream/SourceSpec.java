package org.geostream.stream;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Where a pipeline's records come from. */
public sealed interface SourceSpec extends Serializable {

  /**
   * Moving vehicles around real places, generated deterministically: {@code vehicles} vehicles,
   * each reporting every {@code sample} of event time from {@code start}, {@code batch} of event
   * time per micro-batch, for {@code duration} of event time (then the source is exhausted). A
   * fraction of reports arrives {@code lateBy} late (out of order) to exercise the watermark.
   */
  record Generator(int vehicles, Duration sample, Instant start, Duration batch, Duration duration, long seed,
      double lateFraction, Duration lateBy) implements SourceSpec {
    public Generator {
      if (vehicles < 1) {
        throw new IllegalArgumentException("generator vehicles must be at least 1, got " + vehicles);
      }
      if (sample.isZero() || sample.isNegative() || batch.compareTo(sample) < 0) {
        throw new IllegalArgumentException("generator sample must be positive and batch at least one sample, got sample "
            + sample + ", batch " + batch);
      }
      if (batch.toMillis() % sample.toMillis() != 0) {
        throw new IllegalArgumentException("generator batch (" + batch + ") must be a multiple of sample (" + sample + ")");
      }
      if (!(lateFraction >= 0 && lateFraction <= 1)) {
        throw new IllegalArgumentException("generator late-fraction must be within [0, 1], got " + lateFraction);
      }
    }

    /** Reports per micro-batch. */
    public long rowsPerBatch() {
      return vehicles * (batch.toMillis() / sample.toMillis());
    }

    /** Reports in total. */
    public long totalRows() {
      return vehicles * (duration.toMillis() / sample.toMillis());
    }

    /** Micro-batches until the source is exhausted. */
    public long batches() {
      return (totalRows() + rowsPerBatch() - 1) / rowsPerBatch();
    }
  }

  /**
   * New files in a directory: {@code csv}, {@code json} (JSON lines), {@code geojson} (one
   * Feature per line, or FeatureCollection files) or {@code parquet}.
   */
  record Files(String path, String format, int maxFilesPerTrigger) implements SourceSpec {}

  /** Lines from a TCP socket: at most once (Spark's socket source keeps nothing for a restart). */
  record Socket(String host, int port) implements SourceSpec {}

  /** Records of a Kafka topic (values as text), exactly once with the store sink. */
  record Kafka(String bootstrapServers, String topic, Map<String, String> options) implements SourceSpec {}
}
