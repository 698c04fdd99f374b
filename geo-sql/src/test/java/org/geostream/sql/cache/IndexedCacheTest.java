package org.geostream.sql.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.geostream.sql.GeoStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * {@code GeoStream.cache(df)}: spatial filters on the cached DataFrame read through the index (seen
 * in the plan and its metric) and every answer equals the uncached one, for generated filters over
 * points, polygons, null and empty geometries.
 */
class IndexedCacheTest {
  static SparkSession spark;
  static Dataset<Row> source;
  static Dataset<Row> cached;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS).config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
    source = spark.sql("SELECT id, CAST(id % 5 AS INT) AS k, CASE "
        + "WHEN id % 97 = 0 THEN NULL "
        + "WHEN id % 89 = 0 THEN st_geomFromWKT('POINT EMPTY') "
        + "WHEN id % 10 = 0 THEN st_buffer(st_point((id * 7) % 360 - 180, (id * 13) % 180 - 90), 3) "
        + "ELSE st_point((id * 7919 % 36000) / 100.0 - 180, (id * 104729 % 18000) / 100.0 - 90) END AS geom "
        + "FROM range(20000)").repartition(4);
    source.createOrReplaceTempView("plain");
    cached = GeoStream.cache(source);
    cached.createOrReplaceTempView("indexed");
  }

  @AfterAll
  static void stop() {
    GeoStream.uncache(cached);
  }

  static SparkPlan scan(Dataset<Row> q) {
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(q.queryExecution().executedPlan().collectLeaves())) {
      if (leaf.nodeName().equals("IndexedCacheScan")) {
        return leaf;
      }
    }
    return null;
  }

  @Test
  void aBoxQueryReadsThroughTheIndex() {
    String where = "st_intersects(geom, st_makeEnvelope(10, 10, 20, 15))";
    Dataset<Row> q = spark.sql("SELECT id FROM indexed WHERE " + where);
    assertThat(q.queryExecution().executedPlan().toString())
        .contains("IndexedCacheScan").contains("index on geom, box (10.0, 10.0, 20.0, 15.0)").contains("st_intersects");
    long n = q.count();
    assertThat(n).isEqualTo(spark.sql("SELECT id FROM plain WHERE " + where).count()).isPositive();
    q.collectAsList();
    long found = ((org.apache.spark.sql.execution.metric.SQLMetric) scan(q).metrics().get("numOutputRows").get()).value();
    assertThat(found).as("rows the index found, of 20,000").isGreaterThanOrEqualTo(n).isLessThan(200);
    // Not spatial: all rows, no index.
    Dataset<Row> k = spark.sql("SELECT count(*) FROM indexed WHERE k = 3");
    assertThat(scan(k)).isNull();
    assertThat(k.first().getLong(0)).isEqualTo(4000);
    assertThat(cached.count()).isEqualTo(20000);
    // The cached DataFrame joins with itself.
    assertThat(cached.as("a").join(cached.as("b"), "id").count()).isEqualTo(20000);
  }

  @Test
  void generatedFiltersAgreeWithTheUncachedDataFrame() {
    Random r = new Random(17);
    int indexed = 0;
    for (int i = 0; i < 250; i++) {
      double x = -180 + r.nextDouble() * 330;
      double y = -90 + r.nextDouble() * 160;
      String box = String.format(Locale.ROOT, "st_makeEnvelope(%.2f, %.2f, %.2f, %.2f)", x, y,
          x + r.nextDouble() * 30, y + r.nextDouble() * 20);
      String pt = String.format(Locale.ROOT, "st_point(%.1f, %.1f)", x, y);
      String[] spatial = {"st_intersects(geom, " + box + ")", "st_within(geom, " + box + ")",
          "st_contains(" + box + ", geom)", "st_covers(" + box + ", geom)", "st_overlaps(geom, " + box + ")",
          "st_touches(geom, " + box + ")", "st_disjoint(geom, " + box + ")", "st_equals(geom, " + pt + ")",
          "st_dwithin(geom, " + pt + ", " + r.nextInt(20) + ")", "st_distance(" + pt + ", geom) <= " + r.nextInt(20)};
      String a = spatial[r.nextInt(spatial.length)];
      String b = spatial[r.nextInt(spatial.length)];
      String f = switch (r.nextInt(5)) {
        case 0 -> a;
        case 1 -> a + " AND k = " + r.nextInt(5);
        case 2 -> "(" + a + " OR k = " + r.nextInt(5) + ")";
        case 3 -> "NOT (" + a + ")";
        default -> a + " AND " + b;
      };
      Dataset<Row> q = spark.sql("SELECT count(*), sum(hash(id)) FROM indexed WHERE " + f);
      Row got = q.first();
      Row expected = spark.sql("SELECT count(*), sum(hash(id)) FROM plain WHERE " + f).first();
      assertThat(got.mkString(",")).as(f).isEqualTo(expected.mkString(","));
      indexed += scan(q) != null ? 1 : 0;
    }
    assertThat(indexed).as("filters answered through the index").isGreaterThan(80);
  }

  /**
   * An invalid polygon whose hole lies outside its shell: {@code st_distance} measures to the hole
   * too, so the index must hold the box of every coordinate, not JTS's envelope of the shell;
   * likewise the box of a constant with such a hole. (Prepared predicates such as
   * {@code st_intersects} against a constant test JTS's envelopes first and never see the hole.)
   */
  @Test
  void aHoleOutsideTheShellIsIndexed() {
    Dataset<Row> rows = spark.sql("SELECT 1 AS id, st_geomFromText("
        + "'POLYGON((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 6 5, 6 6, 5 6, 5 5))') AS geom UNION ALL "
        + "SELECT 2, st_geomFromText('LINESTRING(15.5 4, 15.5 7)')");
    Dataset<Row> indexed = GeoStream.cache(rows);
    try {
      String[] wheres = {"st_distance(geom, st_point(5.5, 7)) <= 1",
          "st_distance(geom, st_geomFromText('POLYGON((10 0, 11 0, 11 1, 10 1, 10 0), "
              + "(15 5, 16 5, 16 6, 15 6, 15 5))')) <= 0.5"};
      for (String w : wheres) {
        Dataset<Row> q = indexed.where(w).select("id");
        assertThat(scan(q)).as(w).isNotNull();
        long expected = rows.where(w).count();
        assertThat(expected).as("the predicate sees the hole: " + w).isEqualTo(1);
        assertThat(q.count()).as(w).isEqualTo(expected);
      }
    } finally {
      GeoStream.uncache(indexed);
    }
  }

  @Test
  void aDataFrameWithoutGeometryIsRefused() {
    assertThatThrownBy(() -> GeoStream.cache(spark.sql("SELECT id FROM range(3)")))
        .hasMessageContaining("no geometry column");
    assertThatThrownBy(() -> GeoStream.cache(source, "nope")).hasMessageContaining("no geometry column 'nope'");
  }
}
