package org.geostream.sql.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.filter.text.ecql.ECQL;
import org.geostream.core.schema.FeatureRowConverter;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.SpatialRDD;
import org.geostream.core.spi.SpatialRDDProvider;
import org.geostream.core.spi.SpatialRDDProviders;
import org.geostream.core.spi.StoreParams;
import org.geostream.sql.GeoStream;
import org.geostream.store.fs.FsDataStore;
import org.geostream.store.fs.ScanStats;

/**
 * The README's main job until the streaming pipeline exists: Spark in local mode, the Natural Earth
 * 1:110m countries shipped in the jar, generated points, and a handful of spatial SQL queries with
 * their results printed. Arguments: {@code [points]} (default 20000).
 */
public final class SqlDemo {
  private SqlDemo() {}

  public static void main(String[] args) throws Exception {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    SparkSession spark = SparkSession.builder()
        .appName("GeoStream SQL demo")
        .master(System.getProperty("spark.master", "local[2]"))
        .config("spark.sql.extensions", GeoStream.EXTENSIONS)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      run(spark, points);
    } finally {
      spark.stop();
    }
  }

  /** Registers the demo tables and prints the query results. */
  static void run(SparkSession spark, int points) throws Exception {
    countries(spark).createOrReplaceTempView("countries_raw");
    spark.sql("SELECT name, st_geomFromGeoJSON(geojson) AS geom FROM countries_raw").cache().createOrReplaceTempView("countries");
    spark.sql("SELECT id, st_point(rand(7) * 360 - 180, rand(11) * 180 - 90) AS geom FROM range(" + points + ")")
        .cache().createOrReplaceTempView("points");

    query(spark, "Countries in the layer, invalid polygons among them",
        "SELECT count(*) AS countries, sum(CAST(NOT st_isValid(geom) AS INT)) AS invalid, "
            + "sum(st_nPoints(geom)) AS vertices FROM countries");
    query(spark, "The five largest countries (square degrees scaled by cos(latitude of the centroid) to km2)",
        "SELECT name, CAST(st_area(geom) * cos(radians(st_y(st_centroid(geom)))) * 12364 AS BIGINT) AS approx_km2 "
            + "FROM countries ORDER BY approx_km2 DESC LIMIT 5");
    query(spark, "Generated points per country (point-in-polygon join), top 8",
        "SELECT c.name, count(*) AS points FROM points p JOIN countries c ON st_contains(c.geom, p.geom) "
            + "GROUP BY c.name ORDER BY points DESC, c.name LIMIT 8");
    query(spark, "Which country holds Paris, and how far is New York (sphere and spheroid, km)",
        "SELECT name, round(st_distanceSphere(st_point(2.35, 48.86), st_point(-74.0, 40.71)) / 1000, 1) AS sphere_km, "
            + "round(st_distanceSpheroid(st_point(2.35, 48.86), st_point(-74.0, 40.71)) / 1000, 1) AS spheroid_km "
            + "FROM countries WHERE st_contains(geom, st_point(2.35, 48.86))");
    query(spark, "Points near Paris: within 500 km on the sphere",
        "SELECT count(*) AS within_500km FROM points WHERE st_distanceSphere(geom, st_point(2.35, 48.86)) <= 500000");
    query(spark, "Busiest H3 cells (resolution 1), with the cell's centre",
        "SELECT st_h3CellToString(cell) AS h3, st_asText(st_snapToGrid(st_h3CellCenter(cell), 0.01)) AS centre, n "
            + "FROM (SELECT st_h3CellId(geom, 1) AS cell, count(*) AS n FROM points GROUP BY 1) ORDER BY n DESC, h3 LIMIT 3");
    query(spark, "Busiest geohash cells (2 characters)",
        "SELECT st_geoHash(geom, 2) AS geohash, count(*) AS n FROM points GROUP BY 1 ORDER BY n DESC, geohash LIMIT 3");
    query(spark, "Outputs: WKT, GeoJSON and lat/lon text of a buffered, simplified point",
        "SELECT st_asText(st_simplify(st_buffer(st_point(10, 50), 1), 0.5)) AS wkt, "
            + "st_asGeoJSON(st_point(10, 50)) AS geojson, st_asLatLonText(st_point(-76.5, 38.5)) AS latlon");
    store(spark);
    query(spark, "Extent and convex hull of all points in France (aggregates)",
        "SELECT count(*) AS n, st_asText(st_extent(p.geom)) AS extent, st_area(st_convexHull(p.geom)) AS hull_area "
            + "FROM points p JOIN countries c ON st_within(p.geom, c.geom) WHERE c.name = 'France'");
  }

  /**
   * The points, each with a time in one day, written into the embedded fs store (GeoParquet) from
   * Spark, then read back with an ECQL filter in parallel; prints what the store pruned.
   */
  static void store(SparkSession spark) throws Exception {
    Path dir = Files.createTempDirectory("geostream-demo-store");
    Map<String, String> params = Map.of("fs.path", dir.toString(), "fs.partition-scheme", "hourly,z2-4bit");
    SimpleFeatureType type = FeatureTypes.parseSpec("points", "dtg:Date,*geom:Point:srid=4326");
    Dataset<Row> rows = spark.sql("SELECT CAST(id AS STRING) AS __fid__, "
        + "timestamp_seconds(1767225600 + (id * 7919) % 86400) AS dtg, geom FROM points");
    FeatureRowConverter converter = FeatureRowConverter.of(type, rows.schema());
    JavaRDD<SimpleFeature> features = rows.javaRDD().map(converter::toFeature);
    SpatialRDDProvider provider = SpatialRDDProviders.find(params);
    provider.save(features, params, "points");

    String ecql = "BBOX(geom, -10, 35, 30, 60) AND dtg DURING 2026-01-01T08:00:00Z/2026-01-01T10:00:00Z";
    SpatialRDD europe = provider.rdd(spark.sparkContext(), params, new Query("points", ECQL.toFilter(ecql)));
    ScanStats stats = ((FsDataStore) StoreParams.open(params)).explain(new Query("points", ECQL.toFilter(ecql)));
    System.out.println();
    System.out.println("== Feature store: the points written to GeoParquet from Spark, read back with ECQL");
    System.out.println(ecql);
    System.out.printf("features: %d, read in %d partitions; the store opened %d of %d files and decoded %d of %d rows%n",
        europe.rdd().count(), europe.rdd().getNumPartitions(), stats.files(), stats.totalFiles(), stats.rowsScanned(),
        stats.totalRows());
  }

  private static void query(SparkSession spark, String title, String sql) {
    System.out.println();
    System.out.println("== " + title);
    System.out.println(sql);
    spark.sql(sql).show(20, false);
  }

  /** The shipped countries as (name, GeoJSON geometry text) rows. */
  static Dataset<Row> countries(SparkSession spark) throws IOException {
    JsonNode fc;
    try (InputStream in = SqlDemo.class.getResourceAsStream("/demo/countries-110m.geojson")) {
      if (in == null) {
        throw new IOException("Cannot find the demo countries: /demo/countries-110m.geojson is not on the classpath");
      }
      fc = new ObjectMapper().readTree(in);
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode f : fc.get("features")) {
      rows.add(RowFactory.create(f.path("properties").path("name").asText(), f.get("geometry").toString()));
    }
    StructType schema = new StructType()
        .add("name", DataTypes.StringType)
        .add("geojson", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }
}
