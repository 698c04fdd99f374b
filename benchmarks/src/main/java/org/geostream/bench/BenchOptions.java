package org.geostream.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark's settings, from {@code --name value} arguments over defaults. The same options are
 * given to every engine JVM, so all of them build the same data.
 *
 * @param points number of generated points (W1, W4, W6, W7)
 * @param containsPoints number of points W3 tests against the country literal: the first ones of the
 *     same sequence (the peers test a point against a complex polygon in about a millisecond)
 * @param wktRows number of WKT polygon rows, the countries repeated (W2)
 * @param containsCountry name of the country whose polygon is the literal of W3
 * @param countries the GeoJSON FeatureCollection of countries (property {@code name})
 * @param warmups untimed runs before timing each workload
 * @param runs most timed runs per workload
 * @param budgetMs time after which no further timed run of a workload starts (at least one is made)
 * @param timeoutMs time after which one run is cancelled and the workload reported as timed out
 * @param master the Spark master
 * @param partitions partitions of the cached inputs and {@code spark.sql.shuffle.partitions}
 * @param only comma-separated workload ids to run, or empty for all
 */
public record BenchOptions(
    long points,
    long containsPoints,
    long wktRows,
    String containsCountry,
    Path countries,
    int warmups,
    int runs,
    long budgetMs,
    long timeoutMs,
    String master,
    int partitions,
    String only) {

  /** Default size: 2 million points, timed within about 10 minutes for 3 engines on 2 cores. */
  public static final long DEFAULT_POINTS = 2_000_000L;

  /**
   * Parses {@code --points N --contains-points N --wkt-rows N --contains-country NAME --countries FILE --warmups N
   * --runs N --budget-s S --timeout-s S --master M --partitions N --only W1,W3}; other arguments are
   * returned in {@code rest} for the caller.
   */
  static BenchOptions parse(String[] args, Map<String, String> rest) {
    Map<String, String> opts = BenchArgs.pairs(args);
    BenchOptions o = new BenchOptions(
        Long.parseLong(BenchArgs.take(opts, "points", Long.toString(DEFAULT_POINTS))),
        Long.parseLong(BenchArgs.take(opts, "contains-points", "20000")),
        Long.parseLong(BenchArgs.take(opts, "wkt-rows", "50000")),
        BenchArgs.take(opts, "contains-country", "Canada"),
        Path.of(BenchArgs.take(opts, "countries", "/work/shared/data/world-countries-50m.geojson")),
        Integer.parseInt(BenchArgs.take(opts, "warmups", "1")),
        Integer.parseInt(BenchArgs.take(opts, "runs", "5")),
        (long) (Double.parseDouble(BenchArgs.take(opts, "budget-s", "20")) * 1000),
        (long) (Double.parseDouble(BenchArgs.take(opts, "timeout-s", "90")) * 1000),
        BenchArgs.take(opts, "master", "local[2]"),
        Integer.parseInt(BenchArgs.take(opts, "partitions", "4")),
        BenchArgs.take(opts, "only", ""));
    rest.putAll(opts);
    if (o.points < 1 || o.containsPoints < 1 || o.wktRows < 1 || o.runs < 1 || o.warmups < 0
        || o.partitions < 1) {
      throw new IllegalArgumentException(
          "Cannot run: points, contains-points, wkt-rows, runs and partitions must be positive: " + o);
    }
    // W3's points are the first ones of the same sequence: never more than there are.
    return o.containsPoints <= o.points ? o : new BenchOptions(o.points, o.points, o.wktRows,
        o.containsCountry, o.countries, o.warmups, o.runs, o.budgetMs, o.timeoutMs, o.master, o.partitions, o.only);
  }

  /** True when workload {@code id} is selected by {@code --only} (or when it is empty). */
  boolean selects(String id) {
    return BenchArgs.selects(only, id);
  }
}
