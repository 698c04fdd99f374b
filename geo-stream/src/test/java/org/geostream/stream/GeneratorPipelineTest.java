package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.geostream.core.spi.StoreParams;
import org.geostream.stream.agg.AggregateSpec;
import org.geostream.stream.agg.AggregateSpec.Fn;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.sink.ResultType;
import org.geostream.stream.source.VehicleGenerator;
import org.geostream.stream.window.Rows;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.Query;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.data.FeatureReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator through the whole pipeline into the fs store, against a plain recomputation of
 * the same windows from the same reports (the watermark simulated batch by batch).
 */
class GeneratorPipelineTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("GeneratorPipelineTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static SourceSpec.Generator generator(double lateFraction) {
    return new SourceSpec.Generator(150, Duration.ofSeconds(30), Instant.parse("2026-11-21T06:00:00Z"),
        Duration.ofMinutes(5), Duration.ofMinutes(100), 7, lateFraction, Duration.ofHours(1));
  }

  static Pipeline pipeline(String name, SourceSpec.Generator g, WindowSpec w, Map<String, String> store) {
    return Pipeline.builder(name)
        .source(g)
        .key(KeySpec.h3(6, "kind"))
        .window(w)
        .count()
        .aggregate(Fn.AVG, "speed")
        .aggregate(Fn.MAX, "speed")
        .aggregate(Fn.STDDEV, "speed")
        .aggregate(Fn.DISTINCT, "vehicle")
        .aggregate(new AggregateSpec(Fn.QUANTILE, "speed", 0.5, null))
        .aggregate(Fn.CENTROID, null)
        .sink(new SinkSpec.Store(store, "cells"))
        .checkpoint(dir.resolve(name + "-checkpoint").toString())
        .build();
  }

  /** The expected window results: exact sums per key and window. */
  record Expected(long count, double sum, double max, Set<String> vehicles, List<Double> speeds) {}

  /** Recomputes a pipeline's windows and late count from the generator, simulating its watermark per batch. */
  static Map<String, Expected> recompute(SourceSpec.Generator g, WindowSpec w, boolean finalOnly, long[] lateOut) {
    VehicleGenerator gen = new VehicleGenerator(g);
    SpatialKeyer keyer = new SpatialKeyer(KeySpec.h3(6, "kind"));
    long size = w.size().toMillis();
    long slide = w.slide().toMillis();
    Map<String, Expected> out = new TreeMap<>();
    long maxTime = Long.MIN_VALUE;
    long late = 0;
    for (long b = 0; b < g.batches(); b++) {
      long watermark = maxTime == Long.MIN_VALUE ? 0 : maxTime - w.watermark().toMillis();
      long batchMax = maxTime;
      for (long i = b * g.rowsPerBatch(); i < (b + 1) * g.rowsPerBatch() && gen.exists(i); i++) {
        VehicleGenerator.Report r = gen.report(i);
        batchMax = Math.max(batchMax, r.time());
        long pane = Math.floorDiv(r.time(), slide) * slide;
        if (pane + size <= watermark) {
          late++;
          continue;
        }
        String key = Rows.key(keyer.key(r.lon(), r.lat()), new String[] {r.kind()});
        for (long s = pane - size + slide; s <= pane; s += slide) {
          String id = ResultType.featureId(key, s);
          Expected e = out.computeIfAbsent(id, k -> new Expected(0, 0, Double.NEGATIVE_INFINITY, new HashSet<>(),
              new ArrayList<>()));
          e.vehicles().add("v" + r.vehicle());
          e.speeds().add(r.speed());
          out.put(id, new Expected(e.count() + 1, e.sum() + r.speed(), Math.max(e.max(), r.speed()), e.vehicles(),
              e.speeds()));
        }
      }
      maxTime = batchMax;
      lateOut[1] = watermark;
    }
    lateOut[0] = late;
    lateOut[2] = maxTime - w.watermark().toMillis(); // the watermark after the last batch
    return out;
  }

  static Map<String, SimpleFeature> stored(Map<String, String> params) throws Exception {
    DataStore store = StoreParams.open(params);
    Map<String, SimpleFeature> out = new HashMap<>();
    try (FeatureReader<SimpleFeatureType, SimpleFeature> r = store.getFeatureReader(new Query("cells"),
        Transaction.AUTO_COMMIT)) {
      while (r.hasNext()) {
        SimpleFeature f = r.next();
        assertThat(out.put(f.getID(), f)).as("feature %s stored twice", f.getID()).isNull();
      }
    }
    return out;
  }

  static void assertMatches(Map<String, SimpleFeature> stored, Map<String, Expected> expected) {
    assertThat(stored.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      SimpleFeature f = stored.get(e.getKey());
      Expected x = e.getValue();
      assertThat(f.getAttribute("count")).as(e.getKey()).isEqualTo(x.count());
      assertThat((Double) f.getAttribute("avg_speed")).isCloseTo(x.sum() / x.count(), within(1e-9));
      assertThat((Double) f.getAttribute("max_speed")).isEqualTo(x.max());
      assertThat((Long) f.getAttribute("distinct_vehicle")).isCloseTo((long) x.vehicles().size(),
          within(Math.max(1L, x.vehicles().size() / 30)));
      assertThat(f.getDefaultGeometry()).isNotNull();
      assertThat(((Date) f.getAttribute("window_end")).getTime() - ((Date) f.getAttribute("window_start")).getTime())
          .isEqualTo(Duration.ofMinutes(30).toMillis());
    }
  }

  @Test
  void slidingWindowsInUpdateModeEqualARecomputation() throws Exception {
    Map<String, String> store = Map.of("fs.path", dir.resolve("store-update").toString());
    SourceSpec.Generator g = generator(0);
    WindowSpec w = WindowSpec.sliding(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(5));
    Pipeline p = pipeline("update", g, w, store);
    PipelineRun run = p.start(spark);
    run.runToEnd(Duration.ofMinutes(5));
    long[] late = new long[3];
    Map<String, Expected> expected = recompute(g, w, false, late);
    assertThat(late[0]).isZero();
    Map<String, SimpleFeature> stored = stored(store);
    assertMatches(stored, expected);
    // Windows the last batch's watermark closed were written once more, marked final; windows still
    // open after every batch are not (a batch Spark runs after the last data may close more).
    long finals = 0;
    for (SimpleFeature f : stored.values()) {
      long end = ((Date) f.getAttribute("window_end")).getTime();
      boolean isFinal = (Boolean) f.getAttribute("final");
      if (end <= late[1]) {
        assertThat(isFinal).as(f.getID()).isTrue();
      }
      if (end > late[2]) {
        assertThat(isFinal).as(f.getID()).isFalse();
      }
      finals += isFinal ? 1 : 0;
    }
    assertThat(finals).isPositive().isLessThan(stored.size());
    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    assertThat(history.stream().mapToLong(BatchMetrics::in).sum()).isEqualTo(g.totalRows());
    assertThat(history.stream().mapToLong(BatchMetrics::accepted).sum()).isEqualTo(g.totalRows());
    assertThat(history.stream().mapToLong(BatchMetrics::quarantined).sum()).isZero();
  }

  @Test
  void finalModeWritesEachClosedWindowOnce() throws Exception {
    Map<String, String> store = Map.of("fs.path", dir.resolve("store-final").toString());
    SourceSpec.Generator g = generator(0);
    WindowSpec w = WindowSpec.sliding(Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(5))
        .emit(WindowSpec.Emit.FINAL);
    Pipeline p = pipeline("final", g, w, store);
    PipelineRun run = p.start(spark);
    run.runToEnd(Duration.ofMinutes(5));
    long[] late = new long[3];
    Map<String, Expected> expected = recompute(g, w, true, late);
    // Every window the last data batch's watermark closed is written; a batch Spark runs after the last
    // data may close the ones up to the final watermark too, and nothing later.
    expected.keySet().removeIf(id -> !closed(id, late[2]));
    Map<String, SimpleFeature> stored = stored(store);
    assertThat(stored.keySet()).containsAll(expected.keySet().stream().filter(id -> closed(id, late[1])).toList());
    expected.keySet().retainAll(stored.keySet());
    assertMatches(stored, expected);
    assertThat(stored.values()).allSatisfy(f -> assertThat(f.getAttribute("final")).isEqualTo(true));
    // Each window written once: as many results as windows.
    assertThat(PipelineRun.history(spark, p.checkpoint()).stream().mapToLong(BatchMetrics::results).sum())
        .isEqualTo(expected.size());
  }

  /**
   * A files sink writes each batch's results into its own {@code batch=<id>} directory, and each batch's
   * metrics count them: results, and cells (distinct keys among them).
   */
  @Test
  void filesSinkBatchesMatchTheirMetrics() throws Exception {
    SourceSpec.Generator g = generator(0);
    WindowSpec w = WindowSpec.sliding(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5))
        .emit(WindowSpec.Emit.FINAL);
    Path out = dir.resolve("files-sink");
    Pipeline base = pipeline("files-sink", g, w, Map.of("fs.path", dir.resolve("unused").toString()));
    Pipeline p = new Pipeline(base.name(), base.source(), base.parser(), base.key(), base.window(), base.aggregates(),
        new SinkSpec.Files(out.toString(), "parquet"), null, null, base.checkpoint(), base.trigger(),
        base.partitions());
    p.start(spark).runToEnd(Duration.ofMinutes(5));
    Map<Long, long[]> written = new java.util.TreeMap<>();
    for (org.apache.spark.sql.Row r : spark.read().parquet(out.toString())
        .groupBy("batch").agg(org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.count_distinct(org.apache.spark.sql.functions.col("cell"),
                org.apache.spark.sql.functions.col("kind")))
        .collectAsList()) {
      written.put(((Number) r.get(0)).longValue(), new long[] {r.getLong(1), r.getLong(2)});
    }
    Map<Long, long[]> counted = new java.util.TreeMap<>();
    for (BatchMetrics m : PipelineRun.history(spark, p.checkpoint())) {
      if (m.results() > 0) {
        counted.put(m.batch(), new long[] {m.results(), m.cells()});
      }
    }
    assertThat(counted).hasSizeGreaterThan(2);
    assertThat(written.keySet()).isEqualTo(counted.keySet());
    counted.forEach((b, c) -> assertThat(written.get(b)).as("batch %d: results, cells", b).containsExactly(c));
    // Batches close several windows of a key (1-minute slide, 5-minute batches): fewer cells than results.
    assertThat(counted.values()).anySatisfy(c -> assertThat(c[1]).isLessThan(c[0]));
  }

  /** Whether the window of a feature id ends at or before {@code watermark} (30-minute windows). */
  static boolean closed(String id, long watermark) {
    long start = java.time.LocalDateTime.parse(id.substring(0, 15),
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toInstant(java.time.ZoneOffset.UTC)
        .toEpochMilli();
    return start + Duration.ofMinutes(30).toMillis() <= watermark;
  }

  @Test
  void restartFromTheCheckpointLosesAndDuplicatesNothing() throws Exception {
    Map<String, String> store = Map.of("fs.path", dir.resolve("store-restart").toString());
    SourceSpec.Generator g = generator(0.03);
    WindowSpec w = WindowSpec.sliding(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(5));
    Path lateDir = dir.resolve("late-records");
    Pipeline base = pipeline("restart", g, w, store);
    // Late reports also go to a late sink, each as its JSON record.
    Pipeline p = new Pipeline(base.name(), base.source(), base.parser(), base.key(), base.window(), base.aggregates(),
        base.sink(), null, new SinkSpec.Files(lateDir.toString(), "json"), base.checkpoint(), base.trigger(),
        base.partitions());
    PipelineRun first = p.start(spark);
    first.awaitBatch(7, Duration.ofMinutes(3));
    first.stop();
    PipelineRun second = p.start(spark);
    second.runToEnd(Duration.ofMinutes(5));
    long[] late = new long[3];
    Map<String, Expected> expected = recompute(g, w, false, late);
    assertMatches(stored(store), expected);
    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    assertThat(history).extracting(BatchMetrics::batch).doesNotHaveDuplicates();
    assertThat(history.stream().mapToLong(BatchMetrics::late).sum()).isEqualTo(late[0]).isPositive();
    assertThat(history.stream().mapToLong(BatchMetrics::in).sum()).isEqualTo(g.totalRows());
    List<org.apache.spark.sql.Row> lateRows = spark.read().json(lateDir.toString())
        .selectExpr("records", "record", "key").collectAsList();
    assertThat(lateRows).hasSize((int) late[0]).allSatisfy(r -> {
      assertThat(r.getLong(0)).isEqualTo(1);
      assertThat(r.getString(1)).startsWith("{\"vehicle\":\"v");
    });
    assertThat(lateRows.stream().map(r -> r.getString(1)).distinct().count()).isEqualTo(late[0]);
  }
}
