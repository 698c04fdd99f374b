package org.geostream.bench.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.geostream.bench.BenchArgs;

/**
 * Settings of the store benchmark, from {@code --name value} arguments over defaults.
 *
 * @param points points written through Spark and queried (at least 10 million for the figures)
 * @param writerPoints points appended by the single-threaded GeoTools FeatureWriter
 * @param schemes the {@code fs.partition-scheme}s to measure, each in a store of its own
 * @param rowGroupRows {@code fs.row-group-rows}
 * @param partitions Spark partitions of the generated points (write tasks), and Spark's default parallelism
 * @param master Spark master
 * @param seed seed of the generator
 * @param warmups untimed runs before each timed read
 * @param runs most timed runs per read
 * @param budgetMs no further timed run of a read starts after this much time of them
 * @param data directory under which the stores are written (each scheme's store is deleted first)
 * @param out the JSON result file
 * @param geostreamResults for the Sedona JVM: the GeoStream JVM's result file naming the stores to read
 */
record StoreOptions(long points, long writerPoints, List<String> schemes, int rowGroupRows, int partitions,
    String master, long seed, int warmups, int runs, long budgetMs, Path data, Path out, Path geostreamResults) {

  static StoreOptions parse(String[] args) {
    Map<String, String> o = BenchArgs.pairs(args);
    List<String> schemes = new ArrayList<>();
    for (String s : BenchArgs.take(o, "schemes", "daily,z2-8bit;hourly,z2-8bit").split(";")) {
      if (!s.isBlank()) {
        schemes.add(s.trim());
      }
    }
    String results = BenchArgs.take(o, "geostream-results", null);
    StoreOptions r = new StoreOptions(
        Long.parseLong(BenchArgs.take(o, "points", "10000000")),
        Long.parseLong(BenchArgs.take(o, "writer-points", "2000000")),
        schemes,
        Integer.parseInt(BenchArgs.take(o, "row-group-rows", "50000")),
        Integer.parseInt(BenchArgs.take(o, "partitions", "4")),
        BenchArgs.take(o, "master", "local[2]"),
        Long.parseLong(BenchArgs.take(o, "seed", "20261101")),
        Integer.parseInt(BenchArgs.take(o, "warmups", "1")),
        Integer.parseInt(BenchArgs.take(o, "runs", "5")),
        (long) (Double.parseDouble(BenchArgs.take(o, "budget-s", "30")) * 1000),
        Path.of(BenchArgs.take(o, "data", "target/store-data")).toAbsolutePath(),
        Path.of(BenchArgs.take(o, "out", "results/store.json")).toAbsolutePath(),
        results == null ? null : Path.of(results).toAbsolutePath());
    BenchArgs.noneLeft(o);
    if (r.points < 1 || r.writerPoints < 1 || r.partitions < 1 || r.runs < 1 || r.warmups < 0 || schemes.isEmpty()) {
      throw new IllegalArgumentException("Cannot run: points, writer-points, partitions, runs and schemes must be "
          + "positive: " + r);
    }
    return r;
  }

  /** A directory name for a scheme, e.g. {@code daily-z2-8bit}. */
  static String slug(String scheme) {
    return scheme.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
