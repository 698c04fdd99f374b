package org.geostream.bench.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.sql.GeoStream;

/**
 * A repeated bounding-box query against one relation, three ways, in one JVM on the same data:
 * read from GeoParquet files each time (uncached: Spark's Parquet scan with the covering-column
 * pruning of format("geoparquet")), Spark's own df.cache() (the in-memory columnar cache, scanned in
 * full by every query), and GeoStream.cache(df) (rows in memory with a packed R-tree per partition).
 * Each query counts the points in a random box; the three must give the same counts. Prints one
 * Markdown table (also written to --out).
 *
 * Options: --points N (5000000) --queries N (30) --box-deg D (2.0) --partitions N (4) --master M (local[2]) --out FILE
 */
public final class CacheBench {
  private CacheBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    long points = Long.parseLong(o.getOrDefault("points", "5000000"));
    int queries = Integer.parseInt(o.getOrDefault("queries", "30"));
    double deg = Double.parseDouble(o.getOrDefault("box-deg", "2.0"));
    int partitions = Integer.parseInt(o.getOrDefault("partitions", "4"));
    SparkSession spark = SparkSession.builder().master(o.getOrDefault("master", "local[2]"))
        .config("spark.ui.enabled", "false").config("spark.sql.extensions", GeoStream.EXTENSIONS)
        .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path dir = Files.createTempDirectory("geostream-cache-bench");
    String files = dir.resolve("points").toString();
    long t0 = System.nanoTime();
    spark.sql("SELECT id, CAST(id % 10 AS INT) AS k, st_point((hash(id, 1) & 2147483647) / 2147483647.0 * 360 - 180, "
        + "(hash(id, 2) & 2147483647) / 2147483647.0 * 180 - 90, 4326) AS geom FROM range(" + points + ")")
        .repartition(partitions).write().format("geoparquet").save(files);
    long written = (System.nanoTime() - t0) / 1_000_000;

    Random r = new Random(42);
    List<String> boxes = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      double x = -180 + r.nextDouble() * (360 - deg);
      double y = -90 + r.nextDouble() * (180 - deg);
      boxes.add(String.format(Locale.ROOT, "st_makeEnvelope(%.4f, %.4f, %.4f, %.4f)", x, y, x + deg, y + deg));
    }

    Dataset<Row> uncached = spark.read().format("geoparquet").load(files);
    Result plain = run(spark, "uncached (GeoParquet files, covering-column pruning)", uncached, boxes, 0);

    t0 = System.nanoTime();
    Dataset<Row> sparkCached = spark.read().format("geoparquet").load(files).cache();
    sparkCached.count();
    Result sparkCache = run(spark, "Spark df.cache() (columnar, full scan)", sparkCached, boxes,
        (System.nanoTime() - t0) / 1_000_000);

    t0 = System.nanoTime();
    Dataset<Row> indexed = GeoStream.cache(spark.read().format("geoparquet").load(files));
    Result geoCache = run(spark, "GeoStream.cache(df) (R-tree per partition)", indexed, boxes,
        (System.nanoTime() - t0) / 1_000_000);

    boolean same = Arrays.equals(plain.counts, sparkCache.counts) && Arrays.equals(plain.counts, geoCache.counts);
    long matched = Arrays.stream(plain.counts).sum();
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Run %s: %,d points (GeoParquet written in %,d ms), %d queries of a random "
        + "%.1f x %.1f degree box (count of points in it, %,d matches in all), %s, %d partitions, %d cores; "
        + "answers identical in all three: %s%n%n", Instant.now(), points, written, queries, deg, deg, matched,
        o.getOrDefault("master", "local[2]"), partitions, Runtime.getRuntime().availableProcessors(), same ? "yes" : "NO"));
    md.append("| relation | build ms | median query ms | mean query ms | speed-up vs uncached (median) |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (Result x : List.of(plain, sparkCache, geoCache)) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %,.1f | %,.1f | %.1fx |%n", x.name,
          x.buildMs == 0 ? "-" : String.format(Locale.ROOT, "%,d", x.buildMs), x.median(), x.mean(),
          plain.median() / x.median()));
    }
    System.out.print(md);
    if (o.containsKey("out")) {
      Files.writeString(Path.of(o.get("out")), md.toString());
    }
    spark.stop();
    if (!same) {
      System.exit(1);
    }
  }

  private record Result(String name, long buildMs, double[] ms, long[] counts) {
    double median() {
      double[] s = ms.clone();
      Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    double mean() {
      return Arrays.stream(ms).average().orElse(0);
    }
  }

  /** One warm-up query, then each box once: a new Dataset per query, timed to the count on the driver. */
  private static Result run(SparkSession spark, String name, Dataset<Row> table, List<String> boxes, long buildMs) {
    table.createOrReplaceTempView("bench");
    spark.sql("SELECT count(*) FROM bench WHERE st_intersects(geom, " + boxes.get(0) + ")").first();
    double[] ms = new double[boxes.size()];
    long[] counts = new long[boxes.size()];
    for (int i = 0; i < boxes.size(); i++) {
      long t = System.nanoTime();
      counts[i] = spark.sql("SELECT count(*) FROM bench WHERE st_intersects(geom, " + boxes.get(i) + ")").first()
          .getLong(0);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    System.err.printf(Locale.ROOT, "%s: median %.1f ms%n", name, new Result(name, buildMs, ms, counts).median());
    return new Result(name, buildMs, ms, counts);
  }
}
