package org.geostream.sql.geoparquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.geostream.sql.GeoStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * {@code format("geoparquet")}: round trips, the files as plain Parquet with correct {@code geo}
 * metadata, and bbox filters pruning files and row groups (seen in the plan and its metrics) with
 * answers equal to Spark's on the same rows.
 */
class GeoParquetTest {
  static SparkSession spark;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS).config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
  }

  static String dir(String name) throws Exception {
    return Files.createTempDirectory("geoparquet-" + name).resolve("out").toString();
  }

  static List<Path> parquetFiles(String dir) throws Exception {
    try (Stream<Path> s = Files.walk(Path.of(dir))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  static JsonNode geo(Path file) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
      return JSON.readTree(r.getFooter().getFileMetaData().getKeyValueMetaData().get("geo"));
    }
  }

  @Test
  void roundTripKeepsGeometriesSridsAndOtherColumns() throws Exception {
    Dataset<Row> df = spark.sql("SELECT id, CAST(id AS STRING) AS name, "
        + "CASE WHEN id = 3 THEN NULL ELSE st_setSRID(st_point(id * 0.5, id * 0.25), 4326) END AS geom, "
        + "CASE WHEN id % 2 = 0 THEN st_setSRID(st_geomFromWKT('POLYGON((0 0, 100 0, 100 100, 0 0))'), 3857) "
        + "ELSE st_setSRID(st_geomFromWKT('POINT Z (1 2 3)'), 3857) END AS shape FROM range(50)");
    String out = dir("roundtrip");
    df.write().format("geoparquet").save(out);
    Dataset<Row> back = spark.read().format("geoparquet").load(out);
    assertThat(back.schema().apply("geom").dataType()).isInstanceOf(GeometryUDT.class);
    assertThat(back.schema().apply("shape").dataType()).isInstanceOf(GeometryUDT.class);
    assertThat(back.schema().apply("geom").metadata().getLong("geostream.srid")).isEqualTo(4326);
    assertThat(back.schema().apply("shape").metadata().getLong("geostream.srid")).isEqualTo(3857);
    String cols = "id, name, st_asEWKT(geom), st_asEWKT(shape)";
    assertThat(back.selectExpr(cols.split(", ")).except(df.selectExpr(cols.split(", "))).count()).isZero();
    assertThat(df.selectExpr(cols.split(", ")).except(back.selectExpr(cols.split(", "))).count()).isZero();
    assertThat(back.where("geom IS NULL").count()).isEqualTo(1);
    // Written again from what was read: the covering column is recomputed, not doubled.
    String again = dir("again");
    back.write().format("geoparquet").save(again);
    assertThat(spark.read().parquet(again).schema().fieldNames()).containsExactly("id", "name", "geom", "shape", "bbox");
    assertThat(spark.read().format("geoparquet").load(again).count()).isEqualTo(50);
    // SQL over a view, and overwrite.
    back.createOrReplaceTempView("roundtrip");
    assertThat(spark.sql("SELECT count(*) FROM roundtrip WHERE st_x(geom) < 5").first().getLong(0))
        .as("ids 0..9 but the null one").isEqualTo(9);
    df.limit(5).write().format("geoparquet").mode("overwrite").save(out);
    assertThat(spark.read().format("geoparquet").load(out).count()).isEqualTo(5);
    assertThatThrownBy(() -> df.write().format("geoparquet").save(out)).hasMessageContaining("already exists");
  }

  @Test
  void writtenFilesArePlainParquetWithGeoMetadata() throws Exception {
    Dataset<Row> df = spark.sql("SELECT id, st_setSRID(st_point(id, -id), 4326) AS geom, "
        + "st_setSRID(st_buffer(st_point(id, id), 1), 3857) AS area FROM range(10)");
    String out = dir("plain");
    df.coalesce(1).write().format("geoparquet").save(out);
    Dataset<Row> plain = spark.read().parquet(out);
    assertThat(plain.schema().simpleString()).isEqualTo("struct<id:bigint,geom:binary,area:binary,"
        + "bbox:struct<xmin:double,ymin:double,xmax:double,ymax:double>>");
    Row first = plain.where("id = 2").first();
    assertThat(org.geostream.types.codec.GeometryCodec.decode((byte[]) first.getAs("geom")).toText())
        .isEqualTo("POINT (2 -2)");
    assertThat(((byte[]) first.getAs("geom"))[0]).as("little-endian ISO WKB").isEqualTo((byte) 1);
    assertThat(((byte[]) first.getAs("geom")).length).as("no SRID in the WKB").isEqualTo(21);
    assertThat(((Row) first.getAs("bbox")).mkString(",")).isEqualTo("2.0,-2.0,2.0,-2.0");
    List<Path> files = parquetFiles(out);
    assertThat(files).hasSize(1);
    JsonNode geo = geo(files.get(0));
    assertThat(geo.path("version").asText()).isEqualTo("1.1.0");
    assertThat(geo.path("primary_column").asText()).isEqualTo("geom");
    JsonNode g = geo.path("columns").path("geom");
    assertThat(g.path("encoding").asText()).isEqualTo("WKB");
    assertThat(g.path("geometry_types").toString()).isEqualTo("[\"Point\"]");
    assertThat(g.path("bbox").toString()).isEqualTo("[0.0,-9.0,9.0,0.0]");
    assertThat(g.has("crs")).as("EPSG:4326 is GeoParquet's default CRS, not written").isFalse();
    assertThat(g.path("covering").path("bbox").path("xmin").toString()).isEqualTo("[\"bbox\",\"xmin\"]");
    assertThat(g.path("covering").path("bbox").path("ymax").toString()).isEqualTo("[\"bbox\",\"ymax\"]");
    JsonNode a = geo.path("columns").path("area");
    assertThat(a.path("geometry_types").toString()).isEqualTo("[\"Polygon\"]");
    assertThat(a.path("crs").path("id").path("authority").asText()).isEqualTo("EPSG");
    assertThat(a.path("crs").path("id").path("code").asInt()).isEqualTo(3857);
    assertThat(a.has("covering")).isFalse();
    // GeoParquet 1.0.0: no covering column; SRID 0 is an unknown CRS (JSON null).
    String v10 = dir("v10");
    spark.sql("SELECT id, st_point(id, id) AS geom FROM range(3)").coalesce(1).write().format("geoparquet")
        .option("geoparquet.version", "1.0.0").save(v10);
    JsonNode geo10 = geo(parquetFiles(v10).get(0));
    assertThat(geo10.path("version").asText()).isEqualTo("1.0.0");
    assertThat(geo10.path("columns").path("geom").get("crs").isNull()).isTrue();
    assertThat(spark.read().parquet(v10).schema().fieldNames()).containsExactly("id", "geom");
    assertThat(spark.read().format("geoparquet").load(v10).selectExpr("max(st_srid(geom))").first().getInt(0))
        .isZero();
  }

  @Test
  void badInputIsNamed() throws Exception {
    String plain = dir("notgeo");
    spark.sql("SELECT id FROM range(3)").write().parquet(plain);
    assertThatThrownBy(() -> spark.read().format("geoparquet").load(plain))
        .hasMessageContaining("no 'geo' metadata").hasMessageContaining("part-00000");
    assertThatThrownBy(() -> spark.sql("SELECT id FROM range(3)").write().format("geoparquet").save(dir("nogeom")))
        .hasMessageContaining("no geometry column");
    assertThatThrownBy(() -> spark.sql("SELECT CASE WHEN id = 1 THEN st_setSRID(st_point(1, 1), 3857) "
        + "ELSE st_setSRID(st_point(0, 0), 4326) END AS geom FROM range(3)").write().format("geoparquet")
        .option("srid", "4326").save(dir("mixed"))).hasStackTraceContaining("holds a geometry with SRID 3857");
  }

  static final String QUADRANT_POINTS = "SELECT id, CAST(id % 7 AS INT) AS k, st_setSRID(st_point("
      + "CASE WHEN id % 4 IN (0, 1) THEN -1 ELSE 1 END * (1 + (id * 7919 % 1000) / 10.0), "
      + "CASE WHEN id % 4 IN (0, 2) THEN -1 ELSE 1 END * (1 + (id * 104729 % 1000) / 20.0)), 4326) AS geom, "
      + "id % 4 AS quadrant FROM range(40000)";

  /**
   * 40,000 points in 4 partition directories (one per quadrant, written with {@code partitionBy}),
   * one file each sorted by y, row groups of about 100 rows.
   */
  static String quadrants() throws Exception {
    String out = dir("quadrants");
    spark.sql(QUADRANT_POINTS).repartition(1)
        .sortWithinPartitions(org.apache.spark.sql.functions.col("quadrant"), org.apache.spark.sql.functions.expr("st_y(geom)"))
        .write().format("geoparquet").partitionBy("quadrant").option("parquet.block.size", "1024").save(out);
    return out;
  }

  static SparkPlan scan(Dataset<Row> q) {
    SparkPlan plan = q.queryExecution().executedPlan();
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec a) {
      plan = a.finalPhysicalPlan();
    }
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(plan.collectLeaves())) {
      if (leaf.nodeName().startsWith("Scan parquet")) {
        return leaf;
      }
    }
    throw new AssertionError("no parquet scan in " + plan);
  }

  static long metric(SparkPlan scan, String name) {
    return ((org.apache.spark.sql.execution.metric.SQLMetric) scan.metrics().get(name).get()).value();
  }

  @Test
  void bboxFiltersPruneFilesAndRowGroups() throws Exception {
    String out = quadrants();
    assertThat(parquetFiles(out)).hasSize(4);
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(parquetFiles(out).get(3).toString()), new Configuration()))) {
      assertThat(r.getFooter().getBlocks().size()).as("row groups in a file").isGreaterThan(20);
    }
    Dataset<Row> all = spark.read().format("geoparquet").load(out);
    assertThat(all.schema().fieldNames()).containsExactly("id", "k", "geom", "bbox", "quadrant");
    assertThat(all.where("quadrant = 3").count()).isEqualTo(10000);
    all.createOrReplaceTempView("quadrants");
    String where = "st_intersects(geom, st_makeEnvelope(10, 10, 60, 14))";
    Dataset<Row> q = spark.sql("SELECT id FROM quadrants WHERE " + where);
    String plan = q.queryExecution().executedPlan().toString();
    assertThat(plan).contains("Scan parquet").contains("InMemoryFileIndex(1 paths)")
        .contains("LessThanOrEqual(bbox.xmin,60.0)").contains("GreaterThanOrEqual(bbox.xmax,10.0)")
        .contains("st_intersects");
    List<Long> got = q.collectAsList().stream().map(r -> r.getLong(0)).sorted().toList();
    Dataset<Row> reference = spark.sql(QUADRANT_POINTS).cache();
    reference.createOrReplaceTempView("quadrants_reference");
    List<Long> expected = spark.sql("SELECT id FROM quadrants_reference WHERE " + where).collectAsList().stream()
        .map(r -> r.getLong(0)).sorted().toList();
    assertThat(got).isEqualTo(expected).isNotEmpty();
    SparkPlan s = scan(q);
    assertThat(metric(s, "numFiles")).as("files read").isEqualTo(1);
    assertThat(metric(s, "numOutputRows")).as("rows of the row groups read, of 10,000 in the file")
        .isLessThan(2000).isGreaterThanOrEqualTo(expected.size());
  }

  @Test
  void generatedFiltersAgreeWithSparkAlone() throws Exception {
    String out = quadrants();
    spark.read().format("geoparquet").load(out).createOrReplaceTempView("gen");
    spark.sql(QUADRANT_POINTS).cache().createOrReplaceTempView("gen_reference");
    Random r = new Random(3);
    List<String> filters = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      double x = -110 + r.nextDouble() * 200;
      double y = -55 + r.nextDouble() * 100;
      String box = String.format(Locale.ROOT, "st_makeEnvelope(%.2f, %.2f, %.2f, %.2f)", x, y,
          x + r.nextDouble() * 40, y + r.nextDouble() * 20);
      String[] spatial = {"st_intersects(geom, " + box + ")", "st_within(geom, " + box + ")",
          "st_contains(" + box + ", geom)", "st_disjoint(geom, " + box + ")",
          String.format(Locale.ROOT, "st_dwithin(geom, st_setSRID(st_point(%.1f, %.1f), 4326), %d)", x, y, r.nextInt(30)),
          String.format(Locale.ROOT, "st_distance(geom, st_setSRID(st_point(%.1f, %.1f), 4326)) < %d", x, y, r.nextInt(30))};
      String a = spatial[r.nextInt(spatial.length)];
      filters.add(switch (r.nextInt(4)) {
        case 0 -> a;
        case 1 -> a + " AND k = " + r.nextInt(7);
        case 2 -> "(" + a + " OR k = " + r.nextInt(7) + ")";
        default -> a + " AND " + spatial[r.nextInt(spatial.length)];
      });
    }
    int pruned = 0;
    for (String f : filters) {
      Dataset<Row> q = spark.sql("SELECT count(*), sum(hash(id)) FROM gen WHERE " + f);
      Row got = q.first();
      Row expected = spark.sql("SELECT count(*), sum(hash(id)) FROM gen_reference WHERE " + f).first();
      assertThat(got.mkString(",")).as(f).isEqualTo(expected.mkString(","));
      pruned += q.queryExecution().executedPlan().toString().contains("LessThanOrEqual(bbox.xmin") ? 1 : 0;
    }
    assertThat(pruned).as("filters pushed to the covering column").isGreaterThan(30);
  }
}
