package org.geostream.sql.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.core.schema.FeatureRowConverter;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.SpatialRDDProviders;
import org.geostream.core.spi.StoreParams;
import org.geostream.sql.GeoStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code format("geostream")} over the fs store: schema, column pruning, filters pushed as ECQL
 * (shown by {@code explain}), and every answer equal to the same query on the same rows in Spark
 * alone.
 */
class GeoStreamSourceTest {
  static SparkSession spark;
  static Map<String, String> params;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS).config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    Path dir = Files.createTempDirectory("geostream-source");
    params = Map.of("fs.path", dir.toString(), "fs.partition-scheme", "daily,z2-4bit");
    StoreParams.open(params).createSchema(FeatureTypes.parseSpec("vehicles",
        "kind:String,speed:Double,seats:Integer,dtg:Date,*geom:Point:srid=4326"));
    Dataset<Row> rows = spark.sql("SELECT CAST(id AS STRING) AS __fid__, "
        + "element_at(array('bus', 'tram', 'taxi', 'bike'), CAST(id % 4 AS INT) + 1) AS kind, "
        + "CASE WHEN id % 10 = 0 THEN NULL ELSE (id * 37) % 100 END AS speed, CAST(id % 60 AS INT) AS seats, "
        + "timestamp_seconds(1767225600 + (id * 7919) % 172800) AS dtg, "
        + "st_point((id * 7) % 360 - 180, (id * 13) % 180 - 90) AS geom FROM range(20000)");
    FeatureRowConverter c = FeatureRowConverter.of(StoreParams.open(params).getSchema("vehicles"), rows.schema());
    SpatialRDDProviders.find(params).save(rows.javaRDD().map(c::toFeature), params, "vehicles");
    rows.createOrReplaceTempView("reference");
    spark.read().format("geostream").options(params).option("feature", "vehicles").load()
        .createOrReplaceTempView("vehicles");
  }

  @AfterAll
  static void stop() {
    StoreParams.disposeAll();
  }

  static Set<String> ids(String table, String where) {
    List<Row> rows = spark.sql("SELECT __fid__ FROM " + table + " WHERE " + where).collectAsList();
    return rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  static String plan(String where) {
    return spark.sql("SELECT __fid__ FROM vehicles WHERE " + where).queryExecution().executedPlan().toString();
  }

  @Test
  void schemaAndRowsComeFromTheStore() {
    Dataset<Row> df = spark.table("vehicles");
    assertThat(df.schema().fieldNames()).containsExactly("__fid__", "kind", "speed", "seats", "dtg", "geom");
    assertThat(df.count()).isEqualTo(20000);
    Row r = spark.sql("SELECT kind, speed, seats, st_asText(geom), CAST(dtg AS STRING) FROM vehicles "
        + "WHERE __fid__ = '7'").first();
    assertThat(r.mkString("|")).isEqualTo("bike|59.0|7|POINT(-131 1)|2026-01-01 15:23:53");
  }

  @Test
  void filtersArePushedAsEcqlAndAnswersEqualSparkAlone() {
    String[] wheres = {
        "st_intersects(geom, st_makeEnvelope(-10, 35, 30, 60))",
        "st_contains(st_geomFromText('POLYGON((0 0, 60 0, 60 60, 0 0))'), geom) AND kind = 'bus'",
        "st_within(geom, st_makeEnvelope(100, -50, 180, 0)) OR speed > 95",
        "st_dwithin(geom, st_point(2.35, 48.86), 10)",
        "st_distance(geom, st_point(-74, 40.7)) < 5 AND dtg >= '2026-01-02 00:00:00'",
        "st_covers(st_makeEnvelope(-180, -90, 0, 0), geom)",
        "st_disjoint(geom, st_makeEnvelope(-180, -90, 0, 90))",
        "kind IN ('tram', 'taxi') AND seats BETWEEN 10 AND 20",
        "speed IS NULL AND kind LIKE 'b%'",
        "NOT (kind = 'bus') AND dtg < '2026-01-01 06:00:00'",
        "__fid__ IN ('1', '2', '19999', 'missing')",
    };
    for (String w : wheres) {
      Set<String> expected = ids("reference", w);
      assertThat(ids("vehicles", w)).as(w).isEqualTo(expected);
    }
    assertThat(plan(wheres[0])).contains("ECQL: BBOX(geom, -10.0, 35.0, 30.0, 60.0)");
    assertThat(plan(wheres[1])).contains("BBOX(geom, 0.0, 0.0, 60.0, 60.0)").contains("kind = 'bus'");
    assertThat(plan(wheres[6])).as("disjoint has no superset box").contains("ECQL: INCLUDE");
    assertThat(plan(wheres[3])).contains("BBOX(geom, -7.65, 38.86, 12.35, 58.86)");
    assertThat(plan(wheres[7])).contains("kind IN ('tram', 'taxi')").contains("seats >= 10");
    assertThat(plan(wheres[10])).contains("IN ('1', '2', '19999', 'missing')");
    // The residual filter stays in Spark: the store reads less, Spark decides.
    assertThat(plan(wheres[0])).contains("Filter st_intersects");
  }

  /**
   * 1,000 generated filters: through the store (pushed as far as they go) and by Spark alone on the
   * same rows, compared by count and a hash of the ids. The reference side is computed 100 filters
   * per query (CASE aggregates, nothing to push).
   */
  @Test
  void aThousandGeneratedFiltersAgreeWithSparkAlone() {
    Random r = new Random(5);
    List<String> filters = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      filters.add(randomFilter(r, 0));
    }
    int pushedSpatial = 0;
    for (int from = 0; from < filters.size(); from += 100) {
      List<String> batch = filters.subList(from, Math.min(filters.size(), from + 100));
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int k = 0; k < batch.size(); k++) {
        sql.append(k == 0 ? "" : ", ").append("count_if(").append(batch.get(k)).append("), sum(CASE WHEN ")
            .append(batch.get(k)).append(" THEN hash(__fid__) END)");
      }
      Row reference = spark.sql(sql + " FROM reference").first();
      for (int k = 0; k < batch.size(); k++) {
        Dataset<Row> q = spark.sql("SELECT count(*), sum(hash(__fid__)) FROM vehicles WHERE " + batch.get(k));
        Row got = q.first();
        assertThat(got.get(0)).as(batch.get(k)).isEqualTo(reference.get(2 * k));
        assertThat(got.get(1)).as(batch.get(k)).isEqualTo(reference.get(2 * k + 1));
        if (q.queryExecution().executedPlan().toString().contains("ECQL: BBOX")) {
          pushedSpatial++;
        }
      }
    }
    assertThat(pushedSpatial).as("spatial filters reached the store").isGreaterThan(200);
  }

  static String randomFilter(Random r, int depth) {
    if (depth < 2 && r.nextInt(3) == 0) {
      String a = randomFilter(r, depth + 1);
      String b = randomFilter(r, depth + 1);
      return switch (r.nextInt(3)) {
        case 0 -> "(" + a + " AND " + b + ")";
        case 1 -> "(" + a + " OR " + b + ")";
        default -> "NOT (" + a + ")";
      };
    }
    double x = -180 + r.nextDouble() * 300;
    double y = -90 + r.nextDouble() * 150;
    double w = r.nextDouble() * 60;
    double h = r.nextDouble() * 40;
    String box = String.format(java.util.Locale.ROOT, "st_makeEnvelope(%.2f, %.2f, %.2f, %.2f)", x, y, x + w, y + h);
    String tri = String.format(java.util.Locale.ROOT, "st_geomFromText('POLYGON((%.1f %.1f, %.1f %.1f, %.1f %.1f, %.1f %.1f))')",
        x, y, x + w, y, x, y + h, x, y);
    String pt = String.format(java.util.Locale.ROOT, "st_point(%d, %d)", (int) x, (int) y);
    String[] spatial = {"st_intersects(geom, " + box + ")", "st_contains(" + tri + ", geom)", "st_within(geom, " + box + ")",
        "st_covers(" + box + ", geom)", "st_coveredBy(geom, " + tri + ")", "st_touches(geom, " + box + ")",
        "st_crosses(st_makeLine(" + pt + ", st_point(" + (int) (x + w) + ", " + (int) (y + h) + ")), geom)",
        "st_overlaps(geom, " + box + ")", "st_equals(geom, " + pt + ")", "st_disjoint(geom, " + box + ")",
        "st_dwithin(geom, " + pt + ", " + r.nextInt(40) + ")", "st_distance(" + pt + ", geom) <= " + r.nextInt(40),
        "st_intersects(" + box + ", geom)"};
    String[] kinds = {"'bus'", "'tram'", "'taxi'", "'bike'", "'ferry'"};
    String[] attribute = {"kind = " + kinds[r.nextInt(5)], "kind <> " + kinds[r.nextInt(5)],
        "kind IN (" + kinds[r.nextInt(5)] + ", " + kinds[r.nextInt(5)] + ")", "kind LIKE 'ta%'", "kind > 'bus'",
        "speed > " + r.nextInt(100), "speed <= " + r.nextInt(100), "speed IS NULL", "speed IS NOT NULL",
        "seats BETWEEN " + r.nextInt(30) + " AND " + (30 + r.nextInt(30)), "seats = " + r.nextInt(60),
        "dtg > '2026-01-0" + (1 + r.nextInt(2)) + " " + (10 + r.nextInt(14)) + ":00:00'",
        "dtg BETWEEN '2026-01-01 06:00:00' AND '2026-01-01 " + (10 + r.nextInt(14)) + ":30:00'",
        "__fid__ = '" + r.nextInt(20000) + "'", "__fid__ IN ('" + r.nextInt(20000) + "', '" + r.nextInt(20000) + "')"};
    return r.nextBoolean() ? spatial[r.nextInt(spatial.length)] : attribute[r.nextInt(attribute.length)];
  }

  @Test
  void columnPruningAndLimitReachTheStore() {
    Dataset<Row> df = spark.sql("SELECT kind FROM vehicles LIMIT 5");
    assertThat(df.collectAsList()).hasSize(5);
    String plan = df.queryExecution().executedPlan().toString();
    assertThat(plan).contains("properties: kind").contains("limit: 5");
  }

  @Test
  void dataFramesAreAppendedAndOverwrittenInOneCommitEach() throws Exception {
    Map<String, String> out = Map.of("fs.path", Files.createTempDirectory("geostream-write").toString());
    Dataset<Row> some = spark.sql("SELECT * FROM reference WHERE kind = 'bus'");
    some.write().format("geostream").options(out).option("feature", "buses").mode("append").save();
    Dataset<Row> back = spark.read().format("geostream").options(out).option("feature", "buses").load();
    assertThat(back.schema().fieldNames()).containsExactly("__fid__", "kind", "speed", "seats", "dtg", "geom");
    assertThat(back.except(some).count()).isZero();
    assertThat(some.except(back).count()).isZero();
    var store = (org.geostream.store.fs.FsDataStore) StoreParams.open(out);
    assertThat(store.getFeatureSource("buses").getCount(org.geotools.api.data.Query.ALL)).isEqualTo(5000);

    spark.sql("SELECT * FROM reference WHERE kind = 'tram' AND speed > 50").write().format("geostream")
        .options(out).option("feature", "buses").mode("append").save();
    long trams = spark.sql("SELECT count(*) FROM reference WHERE kind = 'tram' AND speed > 50").first().getLong(0);
    assertThat(spark.read().format("geostream").options(out).option("feature", "buses").load().count())
        .isEqualTo(5000 + trams);

    spark.sql("SELECT * FROM reference WHERE seats = 7").write().format("geostream")
        .options(out).option("feature", "buses").mode("overwrite").save();
    Dataset<Row> replaced = spark.read().format("geostream").options(out).option("feature", "buses").load();
    assertThat(replaced.selectExpr("min(seats)", "max(seats)").first().mkString(",")).isEqualTo("7,7");
    assertThat(replaced.count()).isEqualTo(spark.sql("SELECT count(*) FROM reference WHERE seats = 7").first()
        .getLong(0));
    try (var commits = Files.list(Path.of(out.get("fs.path"), "buses", "_geostream", "log"))) {
      assertThat(commits.filter(c -> c.toString().endsWith(".json")).count()).as("one commit per write").isEqualTo(3);
    }

    assertThatThrownBy(() -> spark.sql("SELECT __fid__, kind, 1 AS colour FROM reference").write()
        .format("geostream").options(out).option("feature", "buses").mode("append").save())
        .hasMessageContaining("column 'colour' is not an attribute of the type");
  }

  @Test
  void everySaveModeMeansWhatItSays() throws Exception {
    Map<String, String> out = Map.of("fs.path", Files.createTempDirectory("geostream-modes").toString());
    Dataset<Row> buses = spark.sql("SELECT * FROM reference WHERE kind = 'bus'");
    Dataset<Row> trams = spark.sql("SELECT * FROM reference WHERE kind = 'tram'");
    java.util.function.Function<String, Long> count = t ->
        spark.read().format("geostream").options(out).option("feature", t).load().count();
    // ErrorIfExists (the default): creates a new type, refuses an existing one.
    buses.write().format("geostream").options(out).option("feature", "a").save();
    assertThat(count.apply("a")).isEqualTo(5000);
    assertThatThrownBy(() -> trams.write().format("geostream").options(out).option("feature", "a").save())
        .hasMessageContaining("already exists");
    // Ignore: leaves an existing type alone, creates a new one.
    trams.write().format("geostream").options(out).option("feature", "a").mode("ignore").save();
    assertThat(count.apply("a")).isEqualTo(5000);
    trams.write().format("geostream").options(out).option("feature", "b").mode("ignore").save();
    assertThat(count.apply("b")).isEqualTo(5000);
    // Append to a type that does not exist yet creates it, as with files.
    trams.write().format("geostream").options(out).option("feature", "c").mode("append").save();
    assertThat(count.apply("c")).isEqualTo(5000);
    // Overwrite replaces.
    buses.limit(10).write().format("geostream").options(out).option("feature", "a").mode("overwrite").save();
    assertThat(count.apply("a")).isEqualTo(10);
  }

  @Test
  void aStoreIsACatalogInSql() throws Exception {
    spark.conf().set("spark.sql.catalog.geo", org.geostream.sql.catalog.GeoStreamCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.geo.fs.path", params.get("fs.path"));
    assertThat(spark.sql("SHOW TABLES IN geo").collectAsList().stream().map(r -> r.getString(1)).toList())
        .contains("vehicles");
    assertThat(spark.sql("SELECT count(*) FROM geo.vehicles WHERE st_intersects(geom, st_makeEnvelope(-10, 35, 30, 60))")
        .first().getLong(0)).isEqualTo(spark.sql("SELECT count(*) FROM reference WHERE "
            + "st_intersects(geom, st_makeEnvelope(-10, 35, 30, 60))").first().getLong(0));
    spark.sql("CREATE TABLE geo.taxis AS SELECT * FROM geo.vehicles WHERE kind = 'taxi'");
    assertThat(spark.sql("SELECT count(*), min(kind), max(kind) FROM geo.taxis").first().mkString(","))
        .isEqualTo("5000,taxi,taxi");
    spark.sql("INSERT INTO geo.taxis SELECT * FROM geo.vehicles WHERE kind = 'taxi' AND seats = 2");
    assertThat(spark.sql("SELECT count(*) FROM geo.taxis").first().getLong(0)).isGreaterThan(5000);
    spark.sql("DROP TABLE geo.taxis");
    assertThat(spark.sql("SHOW TABLES IN geo").collectAsList().stream().map(r -> r.getString(1)).toList())
        .doesNotContain("taxis");
  }

  @Test
  void createTableUsingGeostreamInTheSessionCatalog() throws Exception {
    spark.sql("CREATE TABLE IF NOT EXISTS sessionvehicles USING geostream OPTIONS (feature 'vehicles', `fs.path` '"
        + params.get("fs.path") + "')");
    String where = "kind = 'bus' AND st_intersects(geom, st_makeEnvelope(-10, 35, 30, 60))";
    assertThat(ids("sessionvehicles", where)).isEqualTo(ids("reference", where));
    // A type written first, then registered and written through SQL.
    String out = Files.createTempDirectory("geostream-session").toString();
    spark.sql("SELECT * FROM reference WHERE kind = 'tram'").write().format("geostream").option("fs.path", out)
        .option("feature", "trams").save();
    spark.sql("CREATE TABLE sessiontrams USING geostream OPTIONS (feature 'trams', `fs.path` '" + out + "')");
    assertThat(spark.sql("SELECT count(*) FROM sessiontrams").first().getLong(0)).isEqualTo(5000);
    spark.sql("INSERT INTO sessiontrams SELECT * FROM reference WHERE kind = 'tram' AND seats = 1");
    assertThat(spark.sql("SELECT count(*) FROM sessiontrams").first().getLong(0)).isGreaterThan(5000);
    spark.sql("INSERT OVERWRITE TABLE sessiontrams SELECT * FROM reference WHERE kind = 'tram' AND seats = 1");
    assertThat(spark.sql("SELECT min(seats), max(seats) FROM sessiontrams").first().mkString(",")).isEqualTo("1,1");
  }

  @Test
  void sessionCatalogTablesPushDownAsTheSourceDoes() {
    spark.sql("CREATE TABLE IF NOT EXISTS pushedvehicles USING geostream OPTIONS (feature 'vehicles', `fs.path` '"
        + params.get("fs.path") + "')");
    String where = "kind = 'bus' AND st_intersects(geom, st_makeEnvelope(-10, 35, 30, 60)) AND seats > 5";
    Dataset<Row> q = spark.sql("SELECT __fid__ FROM pushedvehicles WHERE " + where);
    String plan = q.queryExecution().executedPlan().toString();
    assertThat(plan).contains("GeoStream[vehicles, ECQL: (BBOX(geom, -10.0, 35.0, 30.0, 60.0)) AND")
        .contains("(kind = 'bus')").contains("(seats > 5)").contains("properties: kind,seats,geom")
        .contains("st_intersects(geom");
    assertThat(ids("pushedvehicles", where)).isEqualTo(ids("reference", where));
    Dataset<Row> limited = spark.sql("SELECT kind FROM pushedvehicles LIMIT 3");
    assertThat(limited.collectAsList()).hasSize(3);
    assertThat(limited.queryExecution().executedPlan().toString()).contains("limit: 3");
    // Generated filters through the session table agree with Spark alone, as through format("geostream").
    Random r = new Random(11);
    int pushed = 0;
    for (int i = 0; i < 60; i++) {
      String w = randomFilter(r, 0);
      Dataset<Row> d = spark.sql("SELECT count(*), sum(hash(__fid__)) FROM pushedvehicles WHERE " + w);
      Row got = d.first();
      Row expected = spark.sql("SELECT count(*), sum(hash(__fid__)) FROM reference WHERE " + w).first();
      assertThat(got.mkString(",")).as(w).isEqualTo(expected.mkString(","));
      pushed += d.queryExecution().executedPlan().toString().contains("ECQL: INCLUDE") ? 0 : 1;
    }
    assertThat(pushed).as("filters reached the store").isGreaterThan(30);
  }

  @Test
  void createTableAsSelectInTheSessionCatalogWritesTheTypeWithItsSrid() throws Exception {
    String out = Files.createTempDirectory("geostream-ctas").toString();
    spark.sql("CREATE TABLE ctasbuses USING geostream OPTIONS (feature 'buses', `fs.path` '" + out + "') AS "
        + "SELECT __fid__, kind, speed, dtg, st_setSRID(geom, 4326) AS geom FROM reference WHERE kind = 'bus'");
    assertThat(spark.sql("SELECT count(*), min(kind), max(kind), min(st_srid(geom)), max(st_srid(geom)) "
        + "FROM ctasbuses").first().mkString(",")).isEqualTo("5000,bus,bus,4326,4326");
    var type = StoreParams.open(Map.of("fs.path", out)).getSchema("buses");
    assertThat(org.geotools.referencing.CRS.lookupEpsgCode(type.getCoordinateReferenceSystem(), false))
        .isEqualTo(4326);
    Dataset<Row> q = spark.sql("SELECT __fid__ FROM ctasbuses WHERE st_contains(st_makeEnvelope(0, 0, 50, 50), geom)");
    assertThat(q.queryExecution().executedPlan().toString()).contains("ECQL: BBOX(geom, 0.0, 0.0, 50.0, 50.0)");
    String w = "kind = 'bus' AND st_contains(st_makeEnvelope(0, 0, 50, 50), geom)";
    assertThat(q.collectAsList().stream().map(x -> x.getString(0)).collect(Collectors.toSet()))
        .isEqualTo(ids("reference", w));
    // A second table over an existing type: the CTAS appends to it, as INSERT INTO would.
    spark.sql("CREATE TABLE ctasagain USING geostream OPTIONS (feature 'buses', `fs.path` '" + out + "') AS "
        + "SELECT __fid__, kind, speed, dtg, st_setSRID(geom, 4326) AS geom FROM reference WHERE kind = 'tram' AND seats = 1");
    long trams = spark.sql("SELECT count(*) FROM reference WHERE kind = 'tram' AND seats = 1").first().getLong(0);
    assertThat(spark.sql("SELECT count(*) FROM ctasbuses").first().getLong(0)).isEqualTo(5000 + trams);
  }

  @Test
  void aNewTypeTakesItsSridFromTheOptionOrTheColumn() throws Exception {
    Map<String, String> out = Map.of("fs.path", Files.createTempDirectory("geostream-srid").toString());
    Dataset<Row> rows = spark.sql("SELECT __fid__, kind, geom FROM reference WHERE seats = 3");
    rows.write().format("geostream").options(out).option("feature", "optioned").option("srid", "3857").save();
    Dataset<Row> back = spark.read().format("geostream").options(out).option("feature", "optioned").load();
    assertThat(back.selectExpr("min(st_srid(geom))", "max(st_srid(geom))").first().mkString(",")).isEqualTo("3857,3857");
    // A DataFrame read from a store carries the SRID in its schema: a copy keeps it without the option.
    back.write().format("geostream").options(out).option("feature", "copied").save();
    assertThat(spark.read().format("geostream").options(out).option("feature", "copied").load()
        .selectExpr("min(st_srid(geom))").first().getInt(0)).isEqualTo(3857);
    assertThatThrownBy(() -> rows.write().format("geostream").options(out).option("feature", "bad")
        .option("srid", "wgs84").save()).hasMessageContaining("option 'srid'").hasMessageContaining("wgs84");
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> spark.read().format("geostream").options(params).load())
        .hasMessageContaining("option 'feature'");
    assertThatThrownBy(() -> spark.read().format("geostream").options(params).option("feature", "nope").load()
        .count()).hasMessageContaining("'nope'").hasMessageContaining("vehicles");
  }
}
