package org.apache.spark.sql.geostream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.geostream.sql.GeoStream;
import org.geostream.sql.join.Countries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spatial joins against Spark's own answer for the same query with the strategy off (a nested loop
 * over every pair, each decided by the SQL function): the same multiset of rows for every
 * predicate, both argument orders, both tables on either side, inner and outer joins, broadcast
 * (either side) and partitioned. The data holds what makes joins go wrong: the real Natural Earth
 * countries (Russia, Fiji and Antarctica are invalid), points on their vertices and edges, null
 * and empty geometries, polygons on a grid that touch exactly, invalid polygons, duplicate rows
 * and mixed SRIDs. Every spatial plan is asserted on too.
 */
class SpatialJoinTest {
  private static SparkSession spark;

  /** How a query is run: with the strategy off (the reference) or in one spatial mode. */
  private enum Mode {
    NESTED_LOOP, BROADCAST_LEFT, BROADCAST_RIGHT, PARTITIONED
  }

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS)
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Random random = new Random(20261121);
    Map<String, Geometry> countries = Countries.geometries();
    loadCountries(countries);
    loadPoints(countries, random);
    loadPolygons(random);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @AfterEach
  void resetOptions() {
    spark.conf().unset(JoinConf.ENABLED);
    spark.conf().unset(JoinConf.BROADCAST_THRESHOLD);
    spark.conf().unset(JoinConf.PARTITIONS);
    spark.conf().unset("spark.geostream.onError");
  }

  // ---------------------------------------------------------------- data

  /** Countries: all 241 ({@code countries}) and a few dozen ({@code regions}), plus a null and an empty row. */
  private static void loadCountries(Map<String, Geometry> countries) throws Exception {
    StructType schema = new StructType().add("name", DataTypes.StringType).add("geojson", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> e : Countries.geojson().entrySet()) {
      rows.add(RowFactory.create(e.getKey(), e.getValue()));
    }
    spark.createDataFrame(rows, schema).createOrReplaceTempView("countries_json");
    spark.sql("SELECT name, st_geomFromGeoJSON(geojson) AS geom FROM countries_json").cache()
        .createOrReplaceTempView("countries");
    Set<String> picked = Set.of("Russia", "Fiji", "Antarctica", "France", "Italy", "Vatican", "San Marino",
        "Lesotho", "South Africa", "Switzerland", "Liechtenstein", "Austria", "Germany", "Chile", "Norway",
        "Indonesia", "Canada", "United States of America", "Mexico", "Kiribati", "New Zealand", "Japan", "Egypt");
    assertThat(countries.keySet()).containsAll(picked);
    spark.sql("SELECT name, geom FROM countries WHERE name IN ('" + String.join("', '", picked).replace("'s", "''s")
        + "') UNION ALL SELECT 'no geometry', st_geomFromWKT(CAST(NULL AS STRING)) UNION ALL "
        + "SELECT 'empty', st_setSRID(st_geomFromWKT('POLYGON EMPTY'), 4326)").cache().createOrReplaceTempView("regions");
  }

  /**
   * Points ({@code id, x, y, geom}): random over the world and dense around the picked regions,
   * on vertices and edge midpoints of countries, duplicates, null, empty, with SRID 4326.
   */
  private static void loadPoints(Map<String, Geometry> countries, Random random) {
    List<Row> rows = new ArrayList<>();
    int id = 0;
    for (int i = 0; i < 300; i++) {
      rows.add(point(id++, random.nextDouble() * 360 - 180, random.nextDouble() * 180 - 90));
    }
    for (String name : List.of("Russia", "Fiji", "Italy", "Lesotho", "Switzerland", "France")) {
      Geometry g = countries.get(name);
      org.locationtech.jts.geom.Envelope e = g.getEnvelopeInternal();
      for (int i = 0; i < 25; i++) {
        rows.add(point(id++, e.getMinX() + random.nextDouble() * e.getWidth(), e.getMinY() + random.nextDouble() * e.getHeight()));
      }
      Coordinate[] c = g.getCoordinates();
      for (int i = 0; i + 1 < c.length; i += Math.max(1, c.length / 15)) {
        rows.add(point(id++, c[i].x, c[i].y));
        rows.add(point(id++, c[i].x / 2 + c[i + 1].x / 2, c[i].y / 2 + c[i + 1].y / 2));
      }
    }
    rows.add(point(id++, 12.4534, 41.9029));
    rows.add(point(id++, 12.4534, 41.9029));
    rows.add(RowFactory.create(id++, null, null, null));
    rows.add(RowFactory.create(id++, null, null, "POINT EMPTY"));
    rows.add(RowFactory.create(id++, 2.35, 48.86, "SRID=4326;POINT(2.35 48.86)"));
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType).add("wkt", DataTypes.StringType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("points_raw");
    spark.sql("SELECT id, x, y, st_geomFromWKT(wkt) AS geom FROM points_raw").cache().createOrReplaceTempView("points");
  }

  private static Row point(int id, double x, double y) {
    return RowFactory.create(id, x, y, "POINT(" + x + " " + y + ")");
  }

  /**
   * Two tables of small geometries on a half-unit grid in [0, 20]² ({@code shapes_a}, {@code shapes_b}):
   * boxes, triangles, boxes with holes, bow-ties, multipolygons with overlapping parts, lines and
   * points, many touching exactly; plus null and empty rows and duplicates.
   */
  private static void loadPolygons(Random random) {
    for (String table : List.of("shapes_a", "shapes_b")) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 140; i++) {
        rows.add(RowFactory.create(i, shape(random, i)));
      }
      rows.add(RowFactory.create(140, rows.get(3).getString(1)));
      rows.add(RowFactory.create(141, null));
      rows.add(RowFactory.create(142, "GEOMETRYCOLLECTION EMPTY"));
      StructType schema = new StructType().add("id", DataTypes.IntegerType).add("wkt", DataTypes.StringType);
      spark.createDataFrame(rows, schema).createOrReplaceTempView(table + "_raw");
      spark.sql("SELECT id, st_geomFromWKT(wkt) AS geom FROM " + table + "_raw").cache().createOrReplaceTempView(table);
    }
  }

  private static String shape(Random r, int i) {
    double x = r.nextInt(36) / 2.0;
    double y = r.nextInt(36) / 2.0;
    double w = 0.5 + r.nextInt(6) / 2.0;
    double h = 0.5 + r.nextInt(6) / 2.0;
    String box = String.format(Locale.ROOT, "(%s %s, %s %s, %s %s, %s %s, %s %s)", x, y, x + w, y, x + w, y + h, x, y + h, x, y);
    return switch (i % 8) {
      case 0, 1 -> "POLYGON(" + box + ")";
      case 2 -> String.format(Locale.ROOT, "POLYGON((%s %s, %s %s, %s %s, %s %s))", x, y, x + w, y, x, y + h, x, y);
      case 3 -> String.format(Locale.ROOT, "POLYGON(%s, (%s %s, %s %s, %s %s, %s %s))", box, x + w / 4, y + h / 4,
          x + w / 4, y + h * 3 / 4, x + w * 3 / 4, y + h * 3 / 4, x + w / 4, y + h / 4);
      case 4 -> String.format(Locale.ROOT, "POLYGON((%s %s, %s %s, %s %s, %s %s, %s %s))", x, y, x + w, y + h, x + w, y, x, y + h, x, y);
      case 5 -> String.format(Locale.ROOT, "MULTIPOLYGON((%s), ((%s %s, %s %s, %s %s, %s %s)))", box, x + w / 2, y + h / 2,
          x + w * 2, y + h / 2, x + w / 2, y + h * 2, x + w / 2, y + h / 2);
      case 6 -> String.format(Locale.ROOT, "LINESTRING(%s %s, %s %s, %s %s)", x, y, x + w, y, x + w, y + h);
      default -> String.format(Locale.ROOT, "POINT(%s %s)", x, y);
    };
  }

  // ---------------------------------------------------------------- running and comparing

  /** Runs {@code sql} in {@code mode}: its rows as sorted strings. {@code /*HINT*}{@code /} becomes the mode's hint. */
  private static List<String> run(String sql, Mode mode, String left, String right) {
    spark.conf().set(JoinConf.ENABLED, Boolean.toString(mode != Mode.NESTED_LOOP));
    spark.conf().set(JoinConf.BROADCAST_THRESHOLD, "-1");
    String hint = switch (mode) {
      case BROADCAST_LEFT -> "/*+ BROADCAST(" + left + ") */";
      case BROADCAST_RIGHT -> "/*+ BROADCAST(" + right + ") */";
      default -> "";
    };
    Dataset<Row> df = spark.sql(sql.replace("/*HINT*/", hint));
    String plan = df.queryExecution().simpleString();
    if (mode == Mode.NESTED_LOOP) {
      assertThat(plan).doesNotContain("SpatialJoin");
    } else {
      assertThat(plan).as(plan).containsAnyOf("BroadcastSpatialJoin", "PartitionedSpatialJoin");
    }
    List<String> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      out.add(r.toString());
    }
    Collections.sort(out);
    return out;
  }

  /** The plan of {@code sql} in {@code mode}. */
  private static String plan(String sql, Mode mode, String left, String right) {
    spark.conf().set(JoinConf.ENABLED, "true");
    spark.conf().set(JoinConf.BROADCAST_THRESHOLD, "-1");
    String hint = switch (mode) {
      case BROADCAST_LEFT -> "/*+ BROADCAST(" + left + ") */";
      case BROADCAST_RIGHT -> "/*+ BROADCAST(" + right + ") */";
      default -> "";
    };
    return spark.sql(sql.replace("/*HINT*/", hint)).queryExecution().simpleString();
  }

  /**
   * Checks {@code sql} (a join of tables aliased {@code left} and {@code right}) in every mode against
   * the nested loop; returns the reference rows.
   */
  private static List<String> checkAllModes(String sql, String left, String right) {
    List<String> expected = run(sql, Mode.NESTED_LOOP, left, right);
    for (Mode m : List.of(Mode.BROADCAST_LEFT, Mode.BROADCAST_RIGHT, Mode.PARTITIONED)) {
      assertThat(run(sql, m, left, right)).as("%s in mode %s", sql, m).isEqualTo(expected);
    }
    return expected;
  }

  private static String select(String cols, String join, String left, String right, String on) {
    return "SELECT /*HINT*/ " + cols + " FROM " + left + " " + join + " " + right + " ON " + on;
  }

  // ---------------------------------------------------------------- points and countries

  @Test
  void pointsInRegionsForEveryTopologicalPredicateAndOrder() {
    String[] conditions = {
        "st_contains(r.geom, p.geom)",
        "st_within(st_point(p.x, p.y), r.geom)",
        "st_covers(r.geom, p.geom)",
        "st_coveredBy(p.geom, r.geom)",
        "st_intersects(p.geom, r.geom)",
        "st_intersects(r.geom, st_point(p.x, p.y))",
        "st_within(r.geom, p.geom)",
    };
    List<Integer> matched = new ArrayList<>();
    for (String on : conditions) {
      matched.add(checkAllModes(select("p.id, r.name", "JOIN", "points p", "regions r", on), "p", "r").size());
      checkAllModes(select("p.id, r.name", "JOIN", "regions r", "points p", on), "r", "p");
    }
    // Points on boundaries: covered but not contained.
    assertThat(matched.get(2)).isGreaterThan(matched.get(0) + 50);
    assertThat(matched.get(0)).isGreaterThan(100);
  }

  @Test
  void outerJoinsKeepEveryRowOfTheirSideOnce() {
    List<String> left = checkAllModes(select("p.id, r.name", "LEFT JOIN", "points p", "regions r", "st_contains(r.geom, p.geom)"), "p", "r");
    assertThat(left).anyMatch(s -> s.endsWith(",null]"));
    long points = spark.sql("SELECT count(*) FROM points").first().getLong(0);
    assertThat(left.stream().map(s -> s.substring(1, s.indexOf(','))).distinct().count()).isEqualTo(points);
    checkAllModes(select("r.name, p.id", "LEFT JOIN", "regions r", "points p", "st_covers(r.geom, p.geom)"), "r", "p");
    checkAllModes(select("p.id, r.name", "RIGHT JOIN", "regions r", "points p", "st_within(p.geom, r.geom)"), "r", "p");
    checkAllModes(select("p.id, r.name", "LEFT JOIN", "points p", "regions r",
        "st_intersects(r.geom, st_point(p.x, p.y)) AND p.id % 3 = 0"), "p", "r");
  }

  @Test
  void countsPointsPerCountryOverAllCountries() {
    String sql = "SELECT /*HINT*/ c.name, count(*) AS n FROM points p JOIN countries c "
        + "ON st_contains(c.geom, st_point(p.x, p.y)) GROUP BY c.name";
    List<String> counts = checkAllModes(sql, "p", "c");
    assertThat(counts).anyMatch(s -> s.startsWith("[Russia,")).anyMatch(s -> s.startsWith("[Fiji,"));
    assertThat(counts.size()).isGreaterThan(20);
  }

  // ---------------------------------------------------------------- shapes

  @Test
  void shapesAgainstShapesForEveryTopologicalPredicate() {
    for (String fn : List.of("st_intersects", "st_contains", "st_within", "st_covers", "st_coveredBy")) {
      checkAllModes(select("a.id, b.id", "JOIN", "shapes_a a", "shapes_b b", fn + "(a.geom, b.geom)"), "a", "b");
      checkAllModes(select("a.id, b.id", "LEFT JOIN", "shapes_a a", "shapes_b b", fn + "(b.geom, a.geom)"), "a", "b");
    }
  }

  @Test
  void distancePredicatesInEveryForm() {
    String[] conditions = {
        "st_dwithin(a.geom, b.geom, 1.5)",
        "st_dwithin(b.geom, a.geom, 0)",
        "st_distance(a.geom, b.geom) < 1",
        "st_distance(b.geom, a.geom) <= 1",
        "2 > st_distance(a.geom, b.geom)",
        "1.0 >= st_distance(b.geom, a.geom) AND a.id < b.id",
    };
    for (String on : conditions) {
      checkAllModes(select("a.id, b.id", "JOIN", "shapes_a a", "shapes_b b", on), "a", "b");
    }
    checkAllModes(select("a.id, b.id", "LEFT JOIN", "shapes_a a", "shapes_b b", "st_dwithin(a.geom, b.geom, 0.5)"), "a", "b");
    checkAllModes(select("a.id, b.id", "LEFT JOIN", "shapes_a a", "shapes_b b", "st_distance(b.geom, a.geom) < 0.5"), "a", "b");
    checkAllModes(select("p.id, q.id", "JOIN", "points p", "points q", "st_distance(st_point(p.x, p.y), q.geom) <= 3"), "p", "q");
    checkAllModes(select("p.id, r.name", "LEFT JOIN", "points p", "regions r",
        "st_dwithin(p.geom, r.geom, 2) AND r.name <> 'Russia'"), "p", "r");
  }

  @Test
  void manyRowsOnEitherIndexGiveTheNestedLoopAnswer() {
    // Over a thousand build rows: the index is a grid for even data, an R-tree for clustered data.
    spark.sql("SELECT id, st_point(round(rand(1) * 40, 2), round(rand(2) * 40, 2)) AS geom FROM range(2500)")
        .cache().createOrReplaceTempView("dense_a");
    spark.sql("SELECT id, st_point(round(rand(3) * 40, 2), round(rand(4) * 40, 2)) AS geom FROM range(2500) "
        + "UNION ALL SELECT id + 10000, st_point(20 + rand(5) * 0.01, 20 + rand(6) * 0.01) FROM range(1500)")
        .cache().createOrReplaceTempView("dense_b");
    List<String> pairs = checkAllModes(select("a.id, b.id", "JOIN", "dense_a a", "dense_b b", "st_dwithin(a.geom, b.geom, 0.3)"), "a", "b");
    assertThat(pairs.size()).isGreaterThan(1000);
    spark.sql("SELECT id, st_makeEnvelope(x, y, x + w, y + w) AS geom FROM (SELECT id, round(rand(7) * 60, 1) AS x, "
        + "round(rand(8) * 60, 1) AS y, round(rand(9), 1) AS w FROM range(1300))").cache().createOrReplaceTempView("boxes_a");
    spark.sql("SELECT id, st_makeEnvelope(x, y, x + w, y + w) AS geom FROM (SELECT id, round(rand(10) * 60, 1) AS x, "
        + "round(rand(11) * 60, 1) AS y, round(rand(12), 1) AS w FROM range(1300))").cache().createOrReplaceTempView("boxes_b");
    checkAllModes(select("a.id, b.id", "JOIN", "boxes_a a", "boxes_b b", "st_intersects(a.geom, b.geom)"), "a", "b");
  }

  // ---------------------------------------------------------------- SRIDs, plans, options

  @Test
  void conflictingSridsFailAsTheFunctionDoesOrGiveNullWhenPermissive() {
    spark.sql("SELECT id, st_setSRID(geom, 3857) AS geom FROM points WHERE id < 50").createOrReplaceTempView("points_3857");
    String sql = select("p.id, r.name", "JOIN", "points_3857 p", "regions r", "st_contains(r.geom, p.geom)");
    for (Mode m : Mode.values()) {
      assertThatThrownBy(() -> run(sql, m, "p", "r")).as("mode %s", m).hasStackTraceContaining("different SRIDs (4326 and 3857)");
    }
    checkAllModes(sql.replace("st_contains", "try_st_contains"), "p", "r");
    spark.conf().set("spark.geostream.onError", "null");
    checkAllModes(select("p.id, r.name", "LEFT JOIN", "points_3857 p", "regions r", "st_dwithin(r.geom, p.geom, 1)"), "p", "r");
  }

  @Test
  void plansShowTheKindThePredicateAndTheResidual() {
    String sql = select("p.id, r.name", "LEFT JOIN", "points p", "regions r", "st_contains(r.geom, p.geom) AND p.id > 3");
    assertThat(plan(sql, Mode.BROADCAST_RIGHT, "p", "r"))
        .contains("BroadcastSpatialJoin left_outer, build right, st_contains(r.geom, p.geom), residual (p.id > 3)")
        .contains("BroadcastExchange");
    assertThat(plan(sql, Mode.PARTITIONED, "p", "r"))
        .contains("PartitionedSpatialJoin left_outer, build right, 3 partitions, st_contains(r.geom, p.geom)");
    spark.conf().set(JoinConf.PARTITIONS, "5");
    assertThat(spark.sql(sql.replace("/*HINT*/", "")).queryExecution().simpleString()).contains("5 partitions");
    // Small enough for the default threshold: broadcast without a hint.
    spark.conf().unset(JoinConf.BROADCAST_THRESHOLD);
    assertThat(spark.sql(sql.replace("/*HINT*/", "")).queryExecution().simpleString()).contains("BroadcastSpatialJoin");
    // An equality between the sides stays Spark's hash join, the spatial predicate its residual.
    String equi = "SELECT a.id FROM shapes_a a JOIN shapes_b b ON a.id = b.id AND st_intersects(a.geom, b.geom)";
    assertThat(spark.sql(equi).queryExecution().simpleString()).doesNotContain("SpatialJoin");
    spark.conf().set(JoinConf.ENABLED, "false");
    assertThat(spark.sql(sql.replace("/*HINT*/", "")).queryExecution().simpleString())
        .doesNotContain("SpatialJoin").contains("NestedLoopJoin");
  }

  @Test
  void worksWithoutAdaptiveExecutionAndAfterRegisterOnALiveSession() {
    GeoStream.register(spark);
    GeoStream.register(spark);
    assertThat(scala.collection.JavaConverters.seqAsJavaList(spark.experimental().extraStrategies()))
        .filteredOn(SpatialJoinStrategy.class::isInstance).hasSize(1);
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      checkAllModes(select("p.id, r.name", "LEFT JOIN", "points p", "regions r", "st_intersects(r.geom, p.geom)"), "p", "r");
    } finally {
      spark.conf().unset("spark.sql.adaptive.enabled");
    }
  }

  @Test
  void badOptionsAreNamed() {
    spark.conf().set(JoinConf.BROADCAST_THRESHOLD, "lots");
    assertThatThrownBy(() -> spark.sql("SELECT a.id FROM shapes_a a JOIN shapes_b b ON st_intersects(a.geom, b.geom)")
        .queryExecution().executedPlan())
        .hasMessageContaining("Cannot read option spark.geostream.join.broadcastThreshold: must be a number of bytes or -1: 'lots'");
  }
}
