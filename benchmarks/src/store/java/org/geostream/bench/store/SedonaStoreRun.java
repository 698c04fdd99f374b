package org.geostream.bench.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.bench.BenchArgs;

/**
 * The Sedona JVM of the store benchmark: reads the GeoParquet files each GeoStream store wrote
 * (named by the GeoStream JVM's result file) with {@code spark.read.format("geoparquet")}, and
 * times the same bbox + hour query ({@link StoreQuery#sedonaPredicate}) and the same predicate over
 * the whole world and any time (every row matches), each run on a new DataFrame (listing and
 * planning included, as GeoStream's runs include planning). Holds Spark and Sedona only.
 *
 * <p>Arguments: {@code --geostream-results FILE --out FILE} and the timing options of {@link StoreOptions}.
 */
public final class SedonaStoreRun {
  private SedonaStoreRun() {}

  public static void main(String[] args) throws Exception {
    StoreOptions o = StoreOptions.parse(args);
    if (o.geostreamResults() == null) {
      throw new IllegalArgumentException("Cannot run: missing --geostream-results FILE");
    }
    StoreResults.checkClasspath("org.apache.sedona.sql.SedonaSqlExtensions",
        "org.geostream.sql.GeoStreamExtensions", "org.locationtech.geomesa.spark.jts.package$");
    StoreResults.GeoStreamRun geostream = StoreResults.read(o.geostreamResults(), StoreResults.GeoStreamRun.class);
    SparkSession spark = SparkSession.builder()
        .appName("GeoStream store benchmark: Sedona")
        .master(geostream.settings().master())
        .config("spark.ui.enabled", "false")
        .config("spark.default.parallelism", Integer.toString(geostream.settings().partitions()))
        .config("spark.sql.shuffle.partitions", Integer.toString(geostream.settings().partitions()))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.apache.sedona.sql.SedonaSqlExtensions")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String version = StoreResults.version("sedona.version") + " + geotools-wrapper "
        + StoreResults.version("geotools-wrapper.version");
    try {
      List<Double> load = new ArrayList<>(List.of(BenchArgs.loadAverage()));
      List<StoreResults.SedonaScheme> out = new ArrayList<>();
      for (StoreResults.SchemeRun s : geostream.schemes()) {
        String dir = s.typeDir();
        log("== scheme " + s.scheme() + ": " + dir);
        Dataset<Row> df = read(spark, dir);
        int files = df.inputFiles().length;
        long plain = df.count();
        log("schema " + df.schema().simpleString() + "; " + files + " files, count(*) " + plain);
        String querySql = "SELECT count(*) FROM vehicles WHERE " + StoreQuery.sedonaPredicate();
        String fullSql = "SELECT count(*) FROM vehicles WHERE " + StoreQuery.sedonaAllPredicate();
        System.gc();
        StoreResults.Measurement query = StoreResults.measure("sedona-query", o.warmups(), o.runs(),
            o.budgetMs(), false, () -> count(spark, dir, querySql));
        log(describe(query));
        StoreResults.Measurement full = StoreResults.measure("sedona-full", o.warmups(), o.runs(),
            o.budgetMs(), false, () -> count(spark, dir, fullSql));
        log(describe(full));
        out.add(new StoreResults.SedonaScheme(s.scheme(), dir, files, plain, querySql, fullSql, query, full));
        load.add(BenchArgs.loadAverage());
        StoreResults.write(new StoreResults.SedonaRun(version,
            StoreResults.jarOf("org.apache.sedona.sql.SedonaSqlExtensions"), spark.version(),
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load, out), o.out());
      }
      log("wrote " + o.out());
    } finally {
      spark.stop();
    }
  }

  /**
   * The type's data files as one DataFrame: every Parquet file below its directory (Spark skips
   * {@code _geostream/}, whose name starts with '_'); partition directories are not key=value
   * pairs, so no partition columns are inferred.
   */
  private static Dataset<Row> read(SparkSession spark, String dir) {
    return spark.read().format("geoparquet").option("recursiveFileLookup", "true").load(dir);
  }

  private static long count(SparkSession spark, String dir, String sql) {
    read(spark, dir).createOrReplaceTempView("vehicles");
    return spark.sql(sql).first().getLong(0);
  }

  private static String describe(StoreResults.Measurement m) {
    return String.format(java.util.Locale.ROOT, "%-13s count %,d, median %,d ms %s, bytes read (median) %,d",
        m.name(), m.count(), m.medianMs(), m.runsMs(), m.medianBytesRead());
  }

  private static void log(String message) {
    System.out.println("[sedona] " + message);
    System.out.flush();
  }
}
