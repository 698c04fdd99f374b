package org.geostream.bench.stream;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.geostream.bench.BenchArgs;

/**
 * Settings of the stream benchmark, from {@code --name value} arguments over defaults. The data options
 * ({@code events}, {@code vehicles}, {@code sample-ms}, {@code files}, {@code seed}) must be the same in
 * every JVM of a run: each JVM checks the data directory's manifest against them.
 *
 * @param events events in total (at least a few million for the figures: Spark's per-batch cost dominates less)
 * @param vehicles vehicles reporting, each every {@code sampleMs} of event time, in time order
 * @param sampleMs event time between two reports of a vehicle
 * @param files CSV files the events are split into (in time order)
 * @param filesPerTrigger files each micro-batch reads ({@code maxFilesPerTrigger}), the same for both engines
 * @param key {@code h3:<resolution>} or {@code geohash:<characters>}
 * @param windowMs window size
 * @param slideMs sliding windows' slide (tumbling windows slide by their size)
 * @param watermarkMs watermark delay
 * @param modes {@code sliding}, {@code tumbling} or both, in this order
 * @param partitions state partitions of both engines ({@code spark.sql.shuffle.partitions})
 * @param master Spark master
 * @param seed seed of the generator
 * @param runs timed passes of the single-thread limit (the best is reported)
 * @param data the data directory (CSV files and a manifest)
 * @param work where the engines' checkpoints, outputs and answer files go
 * @param out the JSON result file
 */
record StreamOptions(long events, int vehicles, long sampleMs, int files, int filesPerTrigger, String key,
    long windowMs, long slideMs, long watermarkMs, List<String> modes, int partitions, String master, long seed,
    int runs, Path data, Path work, Path out) {

  static StreamOptions parse(String[] args) {
    Map<String, String> o = BenchArgs.pairs(args);
    StreamOptions r = new StreamOptions(
        Long.parseLong(BenchArgs.take(o, "events", "10000000")),
        Integer.parseInt(BenchArgs.take(o, "vehicles", "10000")),
        Long.parseLong(BenchArgs.take(o, "sample-ms", "5000")),
        Integer.parseInt(BenchArgs.take(o, "files", "40")),
        Integer.parseInt(BenchArgs.take(o, "files-per-trigger", "4")),
        BenchArgs.take(o, "key", "h3:7"),
        Long.parseLong(BenchArgs.take(o, "window-s", "600")) * 1000,
        Long.parseLong(BenchArgs.take(o, "slide-s", "60")) * 1000,
        Long.parseLong(BenchArgs.take(o, "watermark-s", "60")) * 1000,
        List.of(BenchArgs.take(o, "modes", "sliding,tumbling").split(",")),
        Integer.parseInt(BenchArgs.take(o, "partitions", "2")),
        BenchArgs.take(o, "master", "local[2]"),
        Long.parseLong(BenchArgs.take(o, "seed", "20261121")),
        Integer.parseInt(BenchArgs.take(o, "runs", "2")),
        Path.of(BenchArgs.take(o, "data", "target/stream-data")).toAbsolutePath(),
        Path.of(BenchArgs.take(o, "work", "target/stream-work")).toAbsolutePath(),
        Path.of(BenchArgs.take(o, "out", "results/stream.json")).toAbsolutePath());
    BenchArgs.noneLeft(o);
    if (r.events < 1 || r.vehicles < 1 || r.sampleMs < 1 || r.files < 1 || r.filesPerTrigger < 1 || r.partitions < 1
        || r.runs < 1) {
      throw new IllegalArgumentException("Cannot run: events, vehicles, sample-ms, files, files-per-trigger, "
          + "partitions and runs must be positive: " + r);
    }
    if (r.windowMs % r.slideMs != 0) {
      throw new IllegalArgumentException("Cannot run: window-s must be a multiple of slide-s: " + r);
    }
    for (String m : r.modes) {
      if (!m.equals("sliding") && !m.equals("tumbling")) {
        throw new IllegalArgumentException("Cannot run: modes must be sliding and/or tumbling, got '" + m + "'");
      }
    }
    keyKind(r.key);
    return r;
  }

  /** {@code h3} or {@code geohash}. */
  static String keyKind(String key) {
    String k = key.substring(0, Math.max(0, key.indexOf(':')));
    if (!k.equals("h3") && !k.equals("geohash")) {
      throw new IllegalArgumentException("Cannot run: key must be h3:<resolution> or geohash:<characters>, got '"
          + key + "'");
    }
    return k;
  }

  /** The key's resolution (H3) or characters (geohash). */
  int keyLevel() {
    return Integer.parseInt(key.substring(key.indexOf(':') + 1));
  }

  /** The slide of a mode: the slide for sliding windows, the size for tumbling ones. */
  long slide(String mode) {
    return mode.equals("sliding") ? slideMs : windowMs;
  }
}
