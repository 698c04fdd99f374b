package org.geostream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds and caches the inputs of the workloads, identically in every engine JVM, using plain Spark
 * only: {@code points(x, y)}, {@code points_w3(x, y)} and {@code wkt_polygons(wkt)}.
 */
final class BenchData {
  private BenchData() {}

  /**
   * Uniform longitude/latitude in [-180, 180) x [-90, 90), a pure function of the row id (a 64-bit
   * hash), so that the points do not depend on partitioning, thread timing or engine.
   */
  static final String POINTS_SQL = "SELECT "
      + "(xxhash64(id, 'lon') & 9007199254740991) / 9007199254740992D * 360D - 180D AS x, "
      + "(xxhash64(id, 'lat') & 9007199254740991) / 9007199254740992D * 180D - 90D AS y "
      + "FROM range(0, %d, 1, %d)";

  /**
   * Creates and materialises the cached temp views {@code points}, {@code points_w3} (the first
   * {@code containsPoints} of the same points) and {@code wkt_polygons}, and
   * returns checksums of them, which must be equal across engines.
   */
  static Map<String, Object> load(SparkSession spark, BenchOptions o, List<Countries.Country> countries) {
    Dataset<Row> points = spark.sql(String.format(POINTS_SQL, o.points(), o.partitions())).cache();
    points.createOrReplaceTempView("points");
    Dataset<Row> pointsW3 = spark.sql(String.format(POINTS_SQL, o.containsPoints(), o.partitions())).cache();
    pointsW3.createOrReplaceTempView("points_w3");

    List<Row> rows = new ArrayList<>(countries.size());
    for (int i = 0; i < countries.size(); i++) {
      rows.add(RowFactory.create((long) i, countries.get(i).wkt()));
    }
    StructType schema = new StructType().add("k", DataTypes.LongType).add("wkt", DataTypes.StringType);
    Dataset<Row> byKey = spark.createDataFrame(rows, schema);
    Dataset<Row> wkt = spark.range(0, o.wktRows(), 1, o.partitions())
        .selectExpr("id % " + countries.size() + " AS k")
        .join(functions.broadcast(byKey), "k")
        .select("wkt")
        .cache();
    wkt.createOrReplaceTempView("wkt_polygons");

    Row p = spark.sql("SELECT count(*), sum(x), sum(y) FROM points").first();
    Row p3 = spark.sql("SELECT count(*), sum(x), sum(y) FROM points_w3").first();
    Row w = spark.sql("SELECT count(*), sum(length(wkt)) FROM wkt_polygons").first();
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("points", p.getLong(0));
    checks.put("points_sum_x", p.getDouble(1));
    checks.put("points_sum_y", p.getDouble(2));
    checks.put("points_w3", p3.getLong(0));
    checks.put("points_w3_sum_x", p3.getDouble(1));
    checks.put("wkt_rows", w.getLong(0));
    checks.put("wkt_chars", w.getLong(1));
    return checks;
  }
}
