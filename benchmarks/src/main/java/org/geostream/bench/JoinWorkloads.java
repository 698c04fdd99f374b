package org.geostream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The spatial join workloads of {@code join.sh} and their data, the same SQL text in every engine
 * (Spark resolves function names case-insensitively, and GeoStream and Sedona both name these
 * functions {@code ST_Point}, {@code ST_Contains}, {@code ST_DWithin}, {@code ST_Intersects},
 * {@code ST_GeomFromWKT}).
 *
 * <ul>
 *   <li>J1: points (x, y doubles, cached) in the 241 Natural Earth countries, counted per country;
 *   <li>J2: pairs of points of two point sets within a distance of each other, counted;
 *   <li>J3: pairs of intersecting polygons of two polygon sets, counted.
 * </ul>
 *
 * <p>All data is generated with plain Spark from row ids through a 64-bit hash, so it does not depend on
 * partitioning or engine; polygons are built as WKT text with plain decimal numbers and parsed by each
 * engine into its own cached geometry column before timing.
 */
final class JoinWorkloads {
  private JoinWorkloads() {}

  /** Uniform points in [-180, 180) x [-90, 90) of hash salt {@code salt}. */
  static String pointsSql(long n, int partitions, String salt) {
    return String.format(Locale.ROOT, "SELECT "
        + "(xxhash64(id, 'lon%1$s') & 9007199254740991) / 9007199254740992D * 360D - 180D AS x, "
        + "(xxhash64(id, 'lat%1$s') & 9007199254740991) / 9007199254740992D * 180D - 90D AS y "
        + "FROM range(0, %2$d, 1, %3$d)", salt, n, partitions);
  }

  /**
   * Star-shaped polygons of {@code vertices} vertices around uniform centres, radius between half and
   * all of {@code radius} per vertex, as WKT with 10 decimal places.
   */
  static String polygonsSql(long n, int partitions, String salt, double radius, int vertices) {
    String unit = "((xxhash64(%s) & 9007199254740991) / 9007199254740992D)";
    String cx = String.format(Locale.ROOT, unit, "id, 'cx" + salt + "'") + " * 359D - 179.5D";
    String cy = String.format(Locale.ROOT, unit, "id, 'cy" + salt + "'") + " * 179D - 89.5D";
    String k = "(j % " + vertices + ")";
    String r = radius + "D * (0.5D + 0.5D * " + String.format(Locale.ROOT, unit, "id, " + k + ", 'r" + salt + "'") + ")";
    String angle = "2D * pi() * " + k + " / " + vertices + "D";
    String x = "CAST(CAST(" + cx + " + " + r + " * cos(" + angle + ") AS DECIMAL(20, 10)) AS STRING)";
    String y = "CAST(CAST(" + cy + " + " + r + " * sin(" + angle + ") AS DECIMAL(20, 10)) AS STRING)";
    return "SELECT id, concat('POLYGON((', array_join(transform(sequence(0, " + vertices + "), j -> concat(" + x
        + ", ' ', " + y + ")), ', '), '))') AS wkt FROM range(0, " + n + ", 1, " + partitions + ")";
  }

  /** The countries as a cached geometry table {@code countries(name, geom)}; returns their vertex count. */
  static long loadCountries(SparkSession spark, List<Countries.Country> countries) {
    List<Row> rows = new ArrayList<>();
    long vertices = 0;
    for (Countries.Country c : countries) {
      rows.add(RowFactory.create(c.name(), c.wkt()));
      vertices += c.vertices();
    }
    StructType schema = new StructType().add("name", DataTypes.StringType).add("wkt", DataTypes.StringType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("countries_wkt");
    Dataset<Row> geoms = spark.sql("SELECT name, ST_GeomFromWKT(wkt) AS geom FROM countries_wkt").cache();
    geoms.createOrReplaceTempView("countries");
    geoms.count();
    return vertices;
  }

  /** J1. */
  static final String J1 = "SELECT c.name, count(*) AS n FROM points p JOIN countries c "
      + "ON ST_Contains(c.geom, ST_Point(p.x, p.y)) GROUP BY c.name";

  /** J2 with distance {@code d}. */
  static String j2(double d) {
    return "SELECT count(*) AS pairs FROM points_a a JOIN points_b b "
        + "ON ST_DWithin(ST_Point(a.x, a.y), ST_Point(b.x, b.y), " + d + ")";
  }

  /** J3. */
  static final String J3 = "SELECT count(*) AS pairs FROM polygons_a a JOIN polygons_b b ON ST_Intersects(a.geom, b.geom)";
}
