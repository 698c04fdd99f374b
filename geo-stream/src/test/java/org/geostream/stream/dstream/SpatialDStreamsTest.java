package org.geostream.stream.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.geostream.stream.KeySpec;
import org.geostream.stream.Pipeline;
import org.geostream.stream.PipelineRun;
import org.geostream.stream.SinkSpec;
import org.geostream.stream.SourceSpec;
import org.geostream.stream.WindowSpec;
import org.geostream.stream.agg.AggregateSpec.Fn;
import org.geostream.stream.source.VehicleGenerator;
import org.geostream.stream.window.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DStream helper and the Structured Streaming pipeline on the same generated reports, one
 * DStream batch per slide of event time: every sliding window of every cell has the same count,
 * mean and variance.
 */
class SpatialDStreamsTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SpatialDStreamsTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.geostream.sql.GeoStreamExtensions").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void slidingWindowsEqualThePipelines() throws Exception {
    SourceSpec.Generator g = new SourceSpec.Generator(120, Duration.ofSeconds(30), Instant.parse("2026-11-21T06:00:00Z"),
        Duration.ofMinutes(5), Duration.ofMinutes(60), 5, 0, Duration.ZERO);
    KeySpec key = KeySpec.h3(7, "kind");

    // The pipeline, into the fs store, every window rewritten as it changes (update mode).
    Map<String, String> store = Map.of("fs.path", dir.resolve("store").toString());
    Pipeline p = Pipeline.builder("dstream-reference").source(g).key(key)
        .window(WindowSpec.sliding(Duration.ofMinutes(20), Duration.ofMinutes(5), Duration.ZERO))
        .count().aggregate(Fn.AVG, "speed").aggregate(Fn.VARIANCE, "speed")
        .sink(new SinkSpec.Store(store, "cells")).checkpoint(dir.resolve("checkpoint").toString()).build();
    PipelineRun run = p.start(spark);
    run.runToEnd(Duration.ofMinutes(3));
    Map<String, double[]> pipeline = new TreeMap<>();
    for (Row r : spark.read().format("geostream").options(store).option("feature", "cells").load()
        .selectExpr("cell", "kind", "window_end", "count", "avg_speed", "variance_speed").collectAsList()) {
      pipeline.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getTimestamp(2).toInstant(),
          new double[] {r.getLong(3), r.getDouble(4), r.isNullAt(5) ? Double.NaN : r.getDouble(5)});
    }

    // The same reports as one RDD per 5 minutes of event time, through the DStream helper.
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    VehicleGenerator gen = new VehicleGenerator(g);
    Queue<JavaRDD<VehicleGenerator.Report>> batches = new LinkedList<>();
    for (long b = 0; b < g.batches(); b++) {
      List<VehicleGenerator.Report> reports = new ArrayList<>();
      for (long i = b * g.rowsPerBatch(); i < (b + 1) * g.rowsPerBatch(); i++) {
        reports.add(gen.report(i));
      }
      batches.add(sc.parallelize(reports, 2));
    }
    long batchMs = 400;
    JavaStreamingContext ssc = new JavaStreamingContext(sc, Durations.milliseconds(batchMs));
    ssc.checkpoint(dir.resolve("dstream-checkpoint").toString());
    Map<Long, Map<String, CellMoments>> windows = new ConcurrentHashMap<>();
    SpatialDStreams.momentsByCellAndWindow(ssc.queueStream(batches, true), key,
            r -> new SpatialDStreams.Located(r.lon(), r.lat(), new String[] {r.kind()}, r.speed()),
            Durations.milliseconds(4 * batchMs), Durations.milliseconds(batchMs), 2)
        .foreachRDD((rdd, time) -> {
          windows.put(time.milliseconds(), new TreeMap<>(rdd.collectAsMap()));
        });
    ssc.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (windows.size() < g.batches() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    ssc.stop(false, true);
    assertThat(windows).hasSizeGreaterThanOrEqualTo((int) g.batches());

    // DStream batch i (in time order) ends window start + (i + 1) x 5 min.
    List<Long> times = new ArrayList<>(new TreeMap<>(windows).keySet());
    Map<String, double[]> dstream = new TreeMap<>();
    for (int i = 0; i < g.batches(); i++) {
      Instant end = g.start().plus(g.batch().multipliedBy(i + 1));
      for (Map.Entry<String, CellMoments> e : windows.get(times.get(i)).entrySet()) {
        String[] k = Rows.split(e.getKey());
        CellMoments m = e.getValue();
        dstream.put(k[0] + "|" + k[1] + "|" + end, new double[] {m.count(), m.mean(), m.variance()});
      }
    }
    // Windows ending after the last report exist only in the pipeline (the DStream stopped there).
    Instant last = g.start().plus(g.duration());
    pipeline.keySet().removeIf(k -> Instant.parse(k.substring(k.lastIndexOf('|') + 1)).isAfter(last));
    assertThat(dstream.keySet()).isEqualTo(pipeline.keySet());
    assertThat(dstream).hasSizeGreaterThan(500);
    for (Map.Entry<String, double[]> e : pipeline.entrySet()) {
      double[] d = dstream.get(e.getKey());
      assertThat(d[0]).as(e.getKey()).isEqualTo(e.getValue()[0]);
      assertThat(d[1]).as(e.getKey()).isCloseTo(e.getValue()[1], org.assertj.core.data.Offset.offset(1e-6));
      if (!Double.isNaN(e.getValue()[2])) {
        assertThat(d[2]).as(e.getKey()).isCloseTo(e.getValue()[2], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }
}
