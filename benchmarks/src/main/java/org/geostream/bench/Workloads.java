package org.geostream.bench;

import java.util.List;
import java.util.Map;
import org.geostream.bench.Workload.Tolerance;

/**
 * The workloads, each a single-row aggregate so that the answer is small, checks the whole result and
 * forces every row to be computed. Inputs (built and cached by {@link BenchData} before timing):
 * {@code points(x DOUBLE, y DOUBLE)}, {@code points_w3} (its first {@code --contains-points} rows) and
 * {@code wkt_polygons(wkt STRING)}.
 *
 * <p>W1 reads one coordinate back from each point, which an engine may do without encoding the point
 * (GeoStream passes geometries between nested functions as JTS objects); W7 makes every engine
 * build each point and write it out as WKB.
 *
 * <p>Points are cached as doubles, not geometries: a point column's cached form differs per engine
 * (each has its own encoding), while doubles are what a loaded CSV or Parquet file gives everyone. So
 * W3, W4 and W6 include building the point from its coordinates, the same work in every engine.
 */
final class Workloads {
  private Workloads() {}

  /** Where the W4 distance is measured from (Paris), and its radius in degrees. */
  static final String W4_CENTRE = "st_point(2.35, 48.86)";
  static final double W4_RADIUS = 10.0;

  /** All workloads, in report order. */
  static final List<Workload> ALL = List.of(
      new Workload("W1", "build points from doubles: sum(st_x(st_point(x, y)))",
          e -> "SELECT count(*) AS n, sum(st_x(st_point(x, y))) AS sum_x FROM points",
          // Each x rounded to FLOAT moves by at most half an ulp of 180f (7.6e-6).
          Map.of("sum_x", new Tolerance(1e-12, 1e-5, "GeoMesa's st_x returns FLOAT; allowed: 1e-5 per point"))),
      new Workload("W2", "parse WKT polygons: sum(st_area(st_geomFromWKT(wkt)))",
          e -> "SELECT count(*) AS n, sum(st_area(st_geomFromWKT(wkt))) AS area FROM wkt_polygons",
          Map.of("area", new Tolerance(1e-9, 0, "summation order; allowed: relative 1e-9"))),
      new Workload("W3", "points in a literal country multipolygon: st_contains(st_geomFromWKT('...'), st_point(x, y))",
          e -> "SELECT count(*) AS n FROM points_w3 WHERE st_contains(st_geomFromWKT('" + Workload.CONTAINS_WKT
              + "'), st_point(x, y))",
          Map.of()),
      new Workload("W4", "points within a distance of a literal point: st_distance(st_point(x, y), st_point(..)) < d",
          e -> "SELECT count(*) AS n FROM points WHERE st_distance(st_point(x, y), " + W4_CENTRE + ") < " + W4_RADIUS,
          Map.of()),
      new Workload("W6", "group points by 5-character geohash, count per cell",
          e -> "SELECT count(*) AS cells, sum(n) AS points, max(n) AS max_per_cell, "
              // An order-independent digest of the whole (hash, count) set.
              + "bit_xor(xxhash64(h, n)) AS digest "
              + "FROM (SELECT " + e.geoHash5("st_point(x, y)") + " AS h, count(*) AS n FROM points GROUP BY 1)",
          Map.of()),
      new Workload("W7", "build points and write them as WKB: sum(length(st_asBinary(st_point(x, y))))",
          e -> "SELECT count(*) AS n, sum(length(st_asBinary(st_point(x, y)))) AS wkb_bytes FROM points",
          Map.of()));

  /** The workload with id {@code id}, or null. */
  static Workload byId(String id) {
    return ALL.stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
  }
}
