package org.geostream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The join benchmark's settings ({@code join.sh}), from {@code --name value} arguments over defaults;
 * every engine JVM gets the same ones, so all of them build the same data.
 *
 * @param points the J1 sizes, points against the countries
 * @param pairPoints points in each of J2's two point sets
 * @param distance J2's distance, in degrees
 * @param polygons polygons in each of J3's two polygon sets
 * @param radius J3's polygon radius, in degrees (each vertex between half and all of it from the centre)
 * @param vertices vertices of each J3 polygon
 * @param countries the GeoJSON FeatureCollection of countries (property {@code name})
 * @param warmups untimed runs before timing a workload
 * @param runs most timed runs per workload
 * @param budgetMs no further timed run of a workload starts after this much time of them
 * @param timeoutMs a run longer than this is cancelled and the workload reported as timed out
 * @param master the Spark master
 * @param partitions partitions of the cached inputs and of shuffles
 * @param only comma-separated workload ids (J1, J2, J3) to run, or empty for all
 */
record JoinOptions(List<Long> points, long pairPoints, double distance, long polygons, double radius, int vertices,
    Path countries, int warmups, int runs, long budgetMs, long timeoutMs, String master, int partitions, String only) {

  /** Parses {@code --points 1000000,10000000 --pair-points N --distance D --polygons N --radius R --vertices N ...}. */
  static JoinOptions parse(String[] args, Map<String, String> rest) {
    Map<String, String> opts = BenchArgs.pairs(args);
    List<Long> points = new ArrayList<>();
    for (String s : BenchArgs.take(opts, "points", "1000000,10000000,50000000").split(",")) {
      points.add(Long.parseLong(s.trim()));
    }
    JoinOptions o = new JoinOptions(points,
        Long.parseLong(BenchArgs.take(opts, "pair-points", "5000000")),
        Double.parseDouble(BenchArgs.take(opts, "distance", "0.02")),
        Long.parseLong(BenchArgs.take(opts, "polygons", "1000000")),
        Double.parseDouble(BenchArgs.take(opts, "radius", "0.1")),
        Integer.parseInt(BenchArgs.take(opts, "vertices", "8")),
        Path.of(BenchArgs.take(opts, "countries", "/work/shared/data/world-countries-50m.geojson")),
        Integer.parseInt(BenchArgs.take(opts, "warmups", "1")),
        Integer.parseInt(BenchArgs.take(opts, "runs", "3")),
        (long) (Double.parseDouble(BenchArgs.take(opts, "budget-s", "60")) * 1000),
        (long) (Double.parseDouble(BenchArgs.take(opts, "timeout-s", "1200")) * 1000),
        BenchArgs.take(opts, "master", "local[2]"),
        Integer.parseInt(BenchArgs.take(opts, "partitions", "4")),
        BenchArgs.take(opts, "only", ""));
    rest.putAll(opts);
    if (points.stream().anyMatch(p -> p < 1) || o.pairPoints < 1 || o.polygons < 1 || o.vertices < 3 || o.runs < 1
        || o.warmups < 0 || o.partitions < 1 || !(o.distance >= 0) || !(o.radius > 0)) {
      throw new IllegalArgumentException("Cannot run: sizes, runs and partitions must be positive, the distance not negative: " + o);
    }
    return o;
  }

  /** True when workload {@code id} is selected by {@code --only} (or when it is empty). */
  boolean selects(String id) {
    return BenchArgs.selects(only, id);
  }
}
