package org.geostream.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.geostream.bench.BenchArgs;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFinder;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.FeatureWriter;
import org.geotools.api.data.Query;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geotools.filter.text.ecql.ECQL;
import org.geotools.util.factory.Hints;
import org.geostream.core.spi.SpatialRDDProvider;
import org.geostream.core.spi.SpatialRDDProviders;
import org.geostream.core.spi.StoreParams;
import org.geostream.store.fs.FsDataStore;
import org.geostream.store.fs.ScanStats;

/**
 * The GeoStream JVM of the store benchmark. For each partition scheme, in a fresh fs store:
 *
 * <ol>
 *   <li>Spark ingest: {@code --points} generated on the executors ({@link Vehicles}) and written with
 *       {@code SpatialRDDProvider.save} (local[2]); timed, and the generation alone timed too.
 *   <li>GeoTools ingest: {@code --writer-points} appended by one thread through
 *       {@code DataStore.getFeatureWriterAppend} into a second store of the same scheme; timed.
 *   <li>Pruning: {@code FsDataStore.explain} of the bbox + hour query and of a full scan.
 *   <li>Reads, each a median of timed runs with a fresh reader per run: a single-threaded GeoTools
 *       {@code FeatureReader} counting the features, and Spark's {@code provider.rdd(...).count()},
 *       for the query and for {@code Filter.INCLUDE}; bytes read from the file system per run.
 * </ol>
 *
 * <p>Every count is checked against the answer computed from the generator. Writes
 * {@code --out} (JSON, {@link StoreResults.GeoStreamRun}) after each scheme.
 */
public final class StoreRun {
  private StoreRun() {}

  public static void main(String[] args) throws Exception {
    StoreOptions o = StoreOptions.parse(args);
    StoreResults.checkClasspath("org.geostream.store.fs.FsDataStore",
        "org.apache.sedona.sql.SedonaSqlExtensions", "org.locationtech.geomesa.spark.jts.package$");
    SparkSession spark = SparkSession.builder()
        .appName("GeoStream store benchmark: GeoStream")
        .master(o.master())
        .config("spark.ui.enabled", "false")
        .config("spark.default.parallelism", Integer.toString(o.partitions()))
        .config("spark.sql.shuffle.partitions", Integer.toString(o.partitions()))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      Filter query = ECQL.toFilter(StoreQuery.ecql());
      List<Double> load = new ArrayList<>(List.of(BenchArgs.loadAverage()));
      log("Spark " + spark.version() + ", " + o.points() + " points, query " + StoreQuery.ecql()
          + String.format(java.util.Locale.ROOT, " (expected share %.4f%%)", 100 * StoreQuery.expectedFraction()));

      long expected = expectedCount(jsc, o);
      log("expected answer (from the generator): " + expected + " of " + o.points());

      StoreResults.Settings settings = new StoreResults.Settings(o.points(), o.writerPoints(), o.partitions(),
          o.master(), o.seed(), o.rowGroupRows(), o.warmups(), o.runs(), o.budgetMs(),
          "lon [" + StoreQuery.XMIN + ", " + StoreQuery.XMAX + "), lat [" + StoreQuery.YMIN + ", " + StoreQuery.YMAX + ")",
          java.time.Instant.ofEpochMilli(StoreQuery.T0) + " + " + StoreQuery.SPAN_MS / 3_600_000 + " h",
          StoreQuery.ecql(), StoreQuery.sedonaPredicate(), StoreQuery.expectedFraction(), o.data().toString());
      List<StoreResults.SchemeRun> schemes = new ArrayList<>();
      for (String scheme : o.schemes()) {
        schemes.add(runScheme(jsc, o, scheme, query, expected));
        load.add(BenchArgs.loadAverage());
        StoreResults.write(new StoreResults.GeoStreamRun(
            StoreResults.jarOf("org.geostream.store.fs.FsDataStore"), spark.version(),
            System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load, settings,
            expected, o.points(), schemes), o.out());
      }
      log("wrote " + o.out());
    } finally {
      spark.stop();
    }
  }

  /** The query's answer, counted from the generator on the executors. */
  private static long expectedCount(JavaSparkContext jsc, StoreOptions o) {
    long n = o.points();
    int parts = o.partitions();
    long seed = o.seed();
    return jsc.parallelize(IntStream.range(0, parts).boxed().toList(), parts).map(p -> {
      long c = 0;
      for (long id = StoreQuery.partitionStart(n, parts, p), end = StoreQuery.partitionStart(n, parts, p + 1);
          id < end; id++) {
        if (StoreQuery.matches(StoreQuery.x(seed, id), StoreQuery.y(seed, id), StoreQuery.time(seed, id))) {
          c++;
        }
      }
      return c;
    }).reduce(Long::sum);
  }

  /** The points as an RDD of features, generated on the executors, one range of ids per partition. */
  private static JavaRDD<SimpleFeature> features(JavaSparkContext jsc, StoreOptions o) {
    long n = o.points();
    int parts = o.partitions();
    long seed = o.seed();
    return jsc.parallelize(IntStream.range(0, parts).boxed().toList(), parts).mapPartitions(it -> {
      int p = it.next();
      return Vehicles.range(seed, StoreQuery.partitionStart(n, parts, p), StoreQuery.partitionStart(n, parts, p + 1));
    });
  }

  private static StoreResults.SchemeRun runScheme(JavaSparkContext jsc, StoreOptions o, String scheme, Filter query,
      long expected) throws Exception {
    String slug = StoreOptions.slug(scheme);
    Path dir = o.data().resolve(slug);
    Path writerDir = o.data().resolve(slug + "-writer");
    deleteTree(dir);
    deleteTree(writerDir);
    Map<String, String> params = params(dir, scheme, o);
    log("== scheme " + scheme + " in " + dir);

    // 1. Spark ingest. Generating alone is timed after one untimed run (JIT warm-up).
    features(jsc, o).count();
    System.gc();
    long t0 = System.nanoTime();
    long generated = features(jsc, o).count();
    long generationMs = ms(t0);
    log("Spark: generating " + generated + " features alone took " + generationMs + " ms");
    SpatialRDDProvider provider = SpatialRDDProviders.find(params);
    System.gc();
    t0 = System.nanoTime();
    provider.save(features(jsc, o), params, StoreQuery.TYPE);
    long sparkMs = ms(t0);
    DataStore ds = DataStoreFinder.getDataStore(new HashMap<>(params));
    FsDataStore fs = (FsDataStore) ds;
    ScanStats all = fs.explain(new Query(StoreQuery.TYPE, Filter.INCLUDE));
    StoreResults.Ingest sparkIngest = new StoreResults.Ingest(all.totalRows(), sparkMs, generationMs, all.totalFiles(),
        all.totalBytes());
    log(String.format(java.util.Locale.ROOT, "Spark ingest (%s): %,d features in %,d ms = %,.0f features/s; %d files, %,d bytes",
        provider.name(), all.totalRows(), sparkMs, sparkIngest.featuresPerSecond(), all.totalFiles(), all.totalBytes()));
    if (all.totalRows() != o.points()) {
      throw new IllegalStateException("Cannot benchmark: the store holds " + all.totalRows() + " rows, expected "
          + o.points());
    }

    // 2. GeoTools ingest, one thread.
    StoreResults.Ingest writerIngest = writerIngest(o, scheme, writerDir);
    deleteTree(writerDir);

    // 3. Pruning.
    Query q = new Query(StoreQuery.TYPE, query);
    ScanStats qs = fs.explain(q);
    log("explain query: " + qs);
    log("explain full:  " + all);

    // 4. Reads.
    List<StoreResults.Measurement> runs = new ArrayList<>();
    System.gc();
    runs.add(check(StoreResults.measure("geotools-query", o.warmups(), o.runs(), o.budgetMs(), true,
        () -> readAll(ds, new Query(StoreQuery.TYPE, query))), expected));
    runs.add(check(StoreResults.measure("geotools-full", o.warmups(), o.runs(), o.budgetMs(), true,
        () -> readAll(ds, new Query(StoreQuery.TYPE, Filter.INCLUDE))), o.points()));
    System.gc();
    runs.add(check(StoreResults.measure("spark-query", o.warmups(), o.runs(), o.budgetMs(), false,
        () -> provider.rdd(jsc.sc(), params, new Query(StoreQuery.TYPE, query)).rdd().count()), expected));
    runs.add(check(StoreResults.measure("spark-full", o.warmups(), o.runs(), o.budgetMs(), false,
        () -> provider.rdd(jsc.sc(), params, new Query(StoreQuery.TYPE, Filter.INCLUDE)).rdd().count()), o.points()));
    ds.dispose();
    StoreParams.disposeAll();
    return new StoreResults.SchemeRun(scheme, dir.resolve(StoreQuery.TYPE).toString(), sparkIngest, writerIngest,
        view(qs), view(all), runs);
  }

  private static StoreResults.Ingest writerIngest(StoreOptions o, String scheme, Path writerDir) throws IOException {
    long n = o.writerPoints();
    long seed = o.seed();
    System.gc();
    long t0 = System.nanoTime();
    long sink = 0;
    for (long id = 0; id < n; id++) {
      sink += Vehicles.feature(seed, id).getID().length();
    }
    long generationMs = ms(t0);
    log("GeoTools: generating " + n + " features alone took " + generationMs + " ms (" + sink + ")");

    DataStore ws = DataStoreFinder.getDataStore(new HashMap<>(params(writerDir, scheme, o)));
    ws.createSchema(Vehicles.type());
    System.gc();
    t0 = System.nanoTime();
    try (FeatureWriter<SimpleFeatureType, SimpleFeature> w =
        ws.getFeatureWriterAppend(StoreQuery.TYPE, Transaction.AUTO_COMMIT)) {
      SimpleFeatureType t = w.getFeatureType();
      int kind = t.indexOf("kind");
      int speed = t.indexOf("speed");
      int dtg = t.indexOf("dtg");
      int geom = t.indexOf("geom");
      for (long id = 0; id < n; id++) {
        SimpleFeature f = w.next();
        f.setAttribute(kind, StoreQuery.kind(seed, id));
        f.setAttribute(speed, StoreQuery.speed(seed, id));
        f.setAttribute(dtg, new java.util.Date(StoreQuery.time(seed, id)));
        f.setAttribute(geom, Vehicles.point(seed, id));
        f.getUserData().put(Hints.USE_PROVIDED_FID, Boolean.TRUE);
        f.getUserData().put(Hints.PROVIDED_FID, StoreQuery.fid(id));
        w.write();
      }
    }
    long writerMs = ms(t0);
    ScanStats all = ((FsDataStore) ws).explain(new Query(StoreQuery.TYPE, Filter.INCLUDE));
    ws.dispose();
    StoreResults.Ingest r = new StoreResults.Ingest(all.totalRows(), writerMs, generationMs, all.totalFiles(),
        all.totalBytes());
    log(String.format(java.util.Locale.ROOT, "GeoTools FeatureWriter: %,d features in %,d ms = %,.0f features/s; "
        + "%d files, %,d bytes", all.totalRows(), writerMs, r.featuresPerSecond(), all.totalFiles(), all.totalBytes()));
    if (all.totalRows() != n) {
      throw new IllegalStateException("Cannot benchmark: the writer's store holds " + all.totalRows()
          + " rows, expected " + n);
    }
    return r;
  }

  private static Map<String, String> params(Path dir, String scheme, StoreOptions o) {
    return Map.of("fs.path", dir.toString(), "fs.partition-scheme", scheme,
        "fs.row-group-rows", Integer.toString(o.rowGroupRows()));
  }

  private static long readAll(DataStore ds, Query q) throws IOException {
    long n = 0;
    try (FeatureReader<SimpleFeatureType, SimpleFeature> r = ds.getFeatureReader(q, Transaction.AUTO_COMMIT)) {
      while (r.hasNext()) {
        r.next();
        n++;
      }
    }
    return n;
  }

  private static StoreResults.Measurement check(StoreResults.Measurement m, long expected) {
    log(String.format(java.util.Locale.ROOT, "%-15s count %,d, median %,d ms %s, bytes read (median) %,d%s",
        m.name(), m.count(), m.medianMs(), m.runsMs(), m.medianBytesRead(),
        m.medianCpuMs() < 0 ? "" : ", thread CPU median " + m.medianCpuMs() + " ms " + m.cpuMs()));
    if (m.count() != expected) {
      throw new IllegalStateException("Cannot benchmark: " + m.name() + " counted " + m.count() + ", expected "
          + expected);
    }
    return m;
  }

  private static StoreResults.Stats view(ScanStats s) {
    return new StoreResults.Stats(s.totalFiles(), s.totalRows(), s.totalBytes(), s.files(), s.rowsInFiles(),
        s.rowGroups(), s.rowGroupsInFiles(), s.rowsInRowGroups(), s.bytesInRowGroups(), s.rowsScanned());
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void log(String message) {
    System.out.println("[geostream] " + message);
    System.out.flush();
  }
}
