package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.stream.parse.Rejection.Reason;
import org.geostream.types.fn.CellKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/**
 * Files through a running pipeline, with a corpus of malformed records mixed into valid ones: the
 * query never fails, every bad record is in the quarantine with its reason and file:line, accepted
 * plus quarantined equals the input in every batch, and the windows of the valid records are exact.
 * The pipelines are pipeline files run by {@link PipelineJob}, as a user runs them.
 */
class FileSourcePipelineTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  static final Instant T0 = Instant.parse("2026-11-21T06:00:00Z");
  static final String[] KINDS = {"bus", "tram", "taxi"};

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("FileSourcePipelineTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.geostream.sql.GeoStreamExtensions").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** One valid report. */
  record Report(String vehicle, String kind, double lon, double lat, Instant time, double speed) {}

  /** The lines of the files, and what each bad line must be quarantined as ("file:line" -> reason). */
  static final class Corpus {
    final Map<String, List<byte[]>> files = new LinkedHashMap<>();
    final Map<String, Reason> bad = new TreeMap<>();
    final List<Report> good = new ArrayList<>();
    long lines;

    void add(String file, byte[] line, Reason reason) {
      List<byte[]> f = files.computeIfAbsent(file, k -> new ArrayList<>());
      f.add(line);
      lines++;
      if (reason != null) {
        bad.put(file + ":" + f.size(), reason);
      }
    }

    void add(String file, String line, Reason reason) {
      add(file, line.getBytes(StandardCharsets.UTF_8), reason);
    }

    void write(Path to) throws Exception {
      Files.createDirectories(to);
      for (Map.Entry<String, List<byte[]>> e : files.entrySet()) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] line : e.getValue()) {
          b.write(line);
          b.write('\n');
        }
        Files.write(to.resolve(e.getKey()), b.toByteArray());
      }
    }
  }

  static Report report(Random r, int i) {
    return new Report("v" + (i % 97), KINDS[i % KINDS.length], 2.2 + r.nextDouble() * 0.3, 48.75 + r.nextDouble() * 0.2,
        T0.plusSeconds(r.nextInt(7200)), Math.round(r.nextDouble() * 900) / 10.0);
  }

  @Test
  void csvWithEveryClassOfBadRecord() throws Exception {
    Random r = new Random(11);
    Corpus c = new Corpus();
    String header = "vehicle,kind,lon,lat,time,speed";
    int good = 0;
    for (int f = 0; f < 8; f++) {
      String file = "reports-" + f + ".csv";
      // The header is line 1 of each file; not a record.
      c.files.computeIfAbsent(file, k -> new ArrayList<>()).add(header.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 300; i++) {
        Report g = report(r, good++);
        c.good.add(g);
        // A real U+FFFD in a field is a character, not an encoding error: those records are accepted.
        c.add(file, String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%s,%.1f", g.vehicle() + (i % 50 == 7 ? "\uFFFD" : ""),
            g.kind(), g.lon(), g.lat(), g.time(), g.speed()), null);
        if (i % 12 != 5) {
          continue;
        }
        // One bad record of each class every 12 good ones, so bad and good share every batch.
        int k = i / 12;
        String t = T0.plusSeconds(60L * k).toString();
        switch ((f * 25 + k) % 10) {
          case 0 -> c.add(file, "v1,bus,2.3,48.8," + t, Reason.MALFORMED_CSV);
          case 1 -> c.add(file, "v1,bus,2.3,48.8," + t + ",12,extra", Reason.MALFORMED_CSV);
          case 2 -> c.add(file, "v1,bus," + (k % 2 == 0 ? "NaN" : "-Infinity") + ",48.8," + t + ",12",
              Reason.NAN_COORDINATE);
          case 3 -> c.add(file, "v1,bus,2.3," + (91 + k) + "," + t + ",12", Reason.OUT_OF_RANGE);
          case 4 -> c.add(file, "v1,bus,48.85,-122.4," + t + ",12", Reason.OUT_OF_RANGE); // lat/lon swapped
          case 5 -> c.add(file, "v1,bus,2.3,48.8,,12", Reason.MISSING_TIME);
          case 6 -> c.add(file, "v1,bus,2.3,48.8,21/11/2026 6h" + k + ",12", Reason.BAD_TIME);
          case 7 -> c.add(file, "v1,bus,2.3e,48.8," + t + ",12", Reason.BAD_NUMBER);
          case 8 -> {
            byte[] b = ("v1,bus,2.3,48.8," + t + ",1").getBytes(StandardCharsets.UTF_8);
            byte[] invalid = java.util.Arrays.copyOf(b, b.length + 2);
            invalid[b.length] = (byte) 0xC3; // a UTF-8 lead byte followed by one that cannot continue it
            invalid[b.length + 1] = (byte) 0x28;
            c.add(file, invalid, Reason.BAD_ENCODING);
          }
          // Longer than the limit; every fourth also longer than four times it, which the files source
          // quarantines without holding the line.
          default -> c.add(file, "v1,bus,2.3,48.8," + t + "," + "9".repeat(k % 4 == 0 ? 20_000 + k : 5000 + k),
              Reason.TOO_LARGE);
        }
      }
    }
    assertThat(c.bad).hasSizeGreaterThanOrEqualTo(190);
    assertThat(c.bad.values()).containsAll(List.of(Reason.MALFORMED_CSV, Reason.NAN_COORDINATE, Reason.OUT_OF_RANGE,
        Reason.MISSING_TIME, Reason.BAD_TIME, Reason.BAD_NUMBER, Reason.BAD_ENCODING, Reason.TOO_LARGE));
    Path in = dir.resolve("csv-in");
    c.write(in);
    Path out = dir.resolve("csv-out");
    String yaml = """
        name: csv-corpus
        source: {type: files, path: %s, format: csv, max-files-per-trigger: 2}
        parser: {format: csv, lon: lon, lat: lat, time: time, max-record-bytes: 4096}
        key: {cell: geohash, resolution: 5, attributes: [kind]}
        window: {size: 30m, watermark: 3h}
        aggregates: [count, avg(speed)]
        sink: {type: store, params: {fs.path: %s/store}, feature: cells}
        quarantine: {type: files, path: %s/quarantine, format: json}
        checkpoint: %s/checkpoint
        """.formatted(in, out, out, out);
    run(yaml, out, c);
    // The lines longer than four times the limit were quarantined by the reader, with their length.
    assertThat(spark.read().json(out.resolve("quarantine").toString()).selectExpr("message").collectAsList())
        .extracting(row -> row.getString(0))
        .anySatisfy(m -> assertThat(m).matches("record has 200\\d\\d bytes, more than the limit of 4096 characters"));

    // The windows of the valid reports, recomputed here.
    Map<String, double[]> expected = new TreeMap<>();
    for (Report g : c.good) {
      long start = Math.floorDiv(g.time().toEpochMilli(), 1_800_000L) * 1_800_000L;
      String key = CellKeys.geohash(g.lon(), g.lat(), 5) + "|" + g.kind() + "|" + start;
      double[] s = expected.computeIfAbsent(key, k -> new double[2]);
      s[0]++;
      s[1] += g.speed();
    }
    Map<String, double[]> stored = new TreeMap<>();
    for (Row row : spark.read().format("geostream").option("fs.path", out.resolve("store").toString())
        .option("feature", "cells").load().selectExpr("cell", "kind", "window_start", "count", "avg_speed")
        .collectAsList()) {
      String key = row.getString(0) + "|" + row.getString(1) + "|" + row.getTimestamp(2).getTime();
      assertThat(stored.put(key, new double[] {row.getLong(3), row.getDouble(4)})).as(key).isNull();
    }
    assertThat(stored.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, double[]> e : expected.entrySet()) {
      double[] s = stored.get(e.getKey());
      assertThat(s[0]).as(e.getKey()).isEqualTo(e.getValue()[0]);
      assertThat(s[1]).as(e.getKey()).isCloseTo(e.getValue()[1] / e.getValue()[0], org.assertj.core.data.Offset
          .offset(1e-9));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"wkt", "wkb", "geojson"})
  void geometryRecordsWithEveryClassOfBadGeometry(String encoding) throws Exception {
    Random r = new Random(encoding.hashCode());
    Corpus c = new Corpus();
    WKBWriter wkb = new WKBWriter();
    GeometryFactory gf = new GeometryFactory();
    int good = 0;
    for (int f = 0; f < 3; f++) {
      String file = "geoms-" + f + ".json";
      for (int i = 0; i < 200; i++) {
        Report g = report(r, good++);
        c.good.add(g);
        String geom = switch (encoding) {
          case "wkt" -> "\"POINT (" + g.lon() + " " + g.lat() + ")\"";
          case "wkb" -> "\"" + WKBWriter.toHex(wkb.write(gf.createPoint(new Coordinate(g.lon(), g.lat())))) + "\"";
          default -> "{\"type\":\"Point\",\"coordinates\":[" + g.lon() + "," + g.lat() + "]}";
        };
        c.add(file, "{\"geom\":" + geom + ",\"t\":" + g.time().toEpochMilli() + ",\"speed\":" + g.speed() + "}",
            null);
        if (i % 8 != 3) {
          continue;
        }
        int k = i / 8;
        long t = T0.plusSeconds(60L * k).toEpochMilli();
        String[] bad = badGeometry(encoding, k % 5, gf, wkb);
        switch ((f * 25 + k) % 8) {
          case 0, 1, 2, 3, 4 -> c.add(file, "{\"geom\":" + bad[0] + ",\"t\":" + t + "}", Reason.valueOf(bad[1]));
          case 5 -> c.add(file, "{\"geom\":" + geom + ",\"t\":" + t + ",", Reason.MALFORMED_JSON);
          case 6 -> c.add(file, "{\"geom\":" + geom + ",\"speed\":3}", Reason.MISSING_TIME);
          default -> c.add(file, "{\"geometry\":" + geom + ",\"t\":" + t + "}", Reason.MISSING_FIELD);
        }
      }
    }
    assertThat(c.bad).hasSizeGreaterThanOrEqualTo(70);
    Path in = dir.resolve("geom-in-" + encoding);
    c.write(in);
    Path out = dir.resolve("geom-out-" + encoding);
    String yaml = """
        name: geom-%s
        source: {type: files, path: %s, format: json, max-files-per-trigger: 1}
        parser: {format: json, geometry: geom, geometry-encoding: %s, time: t, time-format: epoch-millis}
        key: {cell: h3, resolution: 7}
        window: {size: 1h, watermark: 3h}
        aggregates: [count, sum(speed)]
        sink: {type: store, params: {fs.path: %s/store}, feature: cells}
        quarantine: {type: files, path: %s/quarantine, format: json}
        checkpoint: %s/checkpoint
        """.formatted(encoding, in, encoding, out, out, out);
    run(yaml, out, c);
    assertStoreTotals(out, c);
  }

  /** A GeoJSON Feature of a report (time in epoch milliseconds), on one line. */
  private static String feature(Report g) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + g.lon() + "," + g.lat()
        + "]},\"properties\":{\"t\":" + g.time().toEpochMilli() + ",\"speed\":" + g.speed() + "}}";
  }

  /**
   * GeoJSON files as users have them: FeatureCollection documents spread over lines or on one line, a
   * truncated document, and one Feature per line; every feature is a record at the line it starts on.
   */
  @Test
  void geoJsonFeatureCollectionFiles() throws Exception {
    Random r = new Random(11);
    Corpus c = new Corpus();
    int n = 0;
    // A FeatureCollection over many lines, a feature per line, with bad features.
    String fc = "fc-0.geojson";
    c.files.computeIfAbsent(fc, k -> new ArrayList<>()).add(
        "{\"type\": \"FeatureCollection\", \"name\": \"reports\",".getBytes(StandardCharsets.UTF_8));
    c.files.get(fc).add("  \"features\": [".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 120; i++) {
      String comma = i == 0 ? "    " : "  , ";
      switch (i % 20) {
        case 7 -> c.add(fc, comma + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[2,48],[3,49],[3,48],[2,49],[2,48]]]},\"properties\":{\"t\":1}}", Reason.INVALID_GEOMETRY);
        case 13 -> c.add(fc, comma + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
            + "[2.3,48.8]},\"properties\":{\"speed\":4}}", Reason.MISSING_TIME);
        default -> {
          Report g = report(r, n++);
          c.good.add(g);
          c.add(fc, comma + feature(g), null);
        }
      }
    }
    c.files.get(fc).add("]}".getBytes(StandardCharsets.UTF_8));
    // A FeatureCollection on one line.
    StringBuilder one = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < 40; i++) {
      Report g = report(r, n++);
      c.good.add(g);
      one.append(i == 0 ? "" : ",").append(feature(g));
    }
    c.files.computeIfAbsent("fc-1.geojson", k -> new ArrayList<>()).add(
        one.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    c.lines += 40;
    // One Feature per line (GeoJSON text sequence), one of them cut short.
    for (int i = 0; i < 60; i++) {
      Report g = report(r, n++);
      if (i == 30) {
        c.add("seq-2.geojson", feature(g).substring(0, 40), Reason.MALFORMED_JSON);
      } else {
        c.good.add(g);
        c.add("seq-2.geojson", feature(g), null);
      }
    }
    // A document cut short: the features before the cut are records, the rest one malformed record.
    String cut = "fc-3.geojson";
    c.files.computeIfAbsent(cut, k -> new ArrayList<>()).add("{\"type\":\"FeatureCollection\",\"features\":["
        .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 5; i++) {
      Report g = report(r, n++);
      c.good.add(g);
      c.add(cut, (i == 0 ? "" : ",") + feature(g), null);
    }
    c.files.get(cut).add(",{\"type\":\"Feature\",\"geometry\":{\"type\":".getBytes(StandardCharsets.UTF_8));
    c.lines++;
    c.bad.put(cut + ":" + (c.files.get(cut).size() + 1), Reason.MALFORMED_JSON); // the end of the file
    Path in = dir.resolve("geojson-in");
    c.write(in);
    Path out = dir.resolve("geojson-out");
    String yaml = """
        name: geojson-files
        source: {type: files, path: %s, format: geojson, max-files-per-trigger: 1}
        parser: {format: geojson, time: t, time-format: epoch-millis}
        key: {cell: h3, resolution: 7}
        window: {size: 1h, watermark: 3h}
        aggregates: [count, sum(speed)]
        sink: {type: store, params: {fs.path: %s/store}, feature: cells}
        quarantine: {type: files, path: %s/quarantine, format: json}
        checkpoint: %s/checkpoint
        """.formatted(in, out, out, out);
    run(yaml, out, c);
    assertStoreTotals(out, c);
  }

  /** The store's windows hold every good report once: their counts and speed sums add up to the corpus's. */
  private static void assertStoreTotals(Path out, Corpus c) {
    Row total = spark.read().format("geostream").option("fs.path", out.resolve("store").toString())
        .option("feature", "cells").load().selectExpr("sum(count)", "sum(sum_speed)").first();
    assertThat(total.getLong(0)).isEqualTo(c.good.size());
    assertThat(total.getDouble(1)).isCloseTo(c.good.stream().mapToDouble(Report::speed).sum(),
        org.assertj.core.data.Offset.offset(1e-6));
  }

  /** A bad geometry value in the encoding (as a JSON value) and the reason it must be quarantined with. */
  private static String[] badGeometry(String encoding, int which, GeometryFactory gf, WKBWriter wkb) {
    org.locationtech.jts.geom.Polygon bowTie = gf.createPolygon(new Coordinate[] {new Coordinate(2, 48),
        new Coordinate(3, 49), new Coordinate(3, 48), new Coordinate(2, 49), new Coordinate(2, 48)});
    return switch (encoding + which) {
      case "wkt0" -> new String[] {"\"POINT (2.3 48.8\"", "BAD_GEOMETRY"};
      case "wkt1" -> new String[] {"\"" + bowTie + "\"", "INVALID_GEOMETRY"};
      case "wkt2" -> new String[] {"\"POINT EMPTY\"", "EMPTY_GEOMETRY"};
      case "wkt3" -> new String[] {"\"POINT (200.5 48.8)\"", "OUT_OF_RANGE"};
      case "wkt4" -> new String[] {"\"LINESTRING (2 48, NaN 49)\"", "BAD_GEOMETRY"}; // WKT has no NaN
      case "wkb0" -> new String[] {"\"0101000000ABC\"", "BAD_GEOMETRY"};
      case "wkb1" -> new String[] {"\"" + WKBWriter.toHex(wkb.write(bowTie)) + "\"", "INVALID_GEOMETRY"};
      case "wkb2" -> new String[] {"\"0101000000000000000000F03F\"", "BAD_GEOMETRY"}; // cut short
      case "wkb3" -> new String[] {"\"" + WKBWriter.toHex(wkb.write(gf.createPoint(new Coordinate(2.3, -95))))
          + "\"", "OUT_OF_RANGE"};
      case "wkb4" -> new String[] {"\"" + WKBWriter.toHex(wkb.write(gf.createPoint(new Coordinate(Double.NaN, 48))))
          + "\"", "EMPTY_GEOMETRY"}; // WKB writes an empty point as NaN coordinates
      case "geojson0" -> new String[] {"{\"type\":\"Point\",\"coordinates\":[\"east\",48]}", "BAD_GEOMETRY"};
      case "geojson1" -> new String[] {"{\"type\":\"Polygon\",\"coordinates\":[[[2,48],[3,49],[3,48],[2,49],[2,48]]]}",
          "INVALID_GEOMETRY"};
      case "geojson2" -> new String[] {"{\"type\":\"Polygon\",\"coordinates\":[[[2,48],[3,48]]]}", "BAD_GEOMETRY"};
      case "geojson3" -> new String[] {"{\"type\":\"Point\",\"coordinates\":[2.3,148.8]}", "OUT_OF_RANGE"};
      default -> new String[] {"{\"type\":\"Circle\",\"coordinates\":[2.3,48.8]}", "BAD_GEOMETRY"};
    };
  }

  /**
   * Runs the pipeline file until every line was read; then checks the counts of every batch and
   * that each bad line is in the quarantine, once, with its reason.
   */
  private static void run(String yaml, Path out, Corpus c) throws Exception {
    Files.createDirectories(out);
    Path file = out.resolve("pipeline.yaml");
    Files.writeString(file, yaml);
    Pipeline p = PipelineFile.load(file.toString());
    List<BatchMetrics> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    PipelineRun run = PipelineRun.start(spark, p, progress::add);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (PipelineRun.history(spark, p.checkpoint()).stream().mapToLong(BatchMetrics::in).sum() < c.lines) {
      assertThat(run.query().isActive()).as("query alive: %s", run.query().exception()).isTrue();
      assertThat(System.nanoTime()).as("all lines read in time").isLessThan(deadline);
      Thread.sleep(200);
    }
    run.stop();
    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    for (BatchMetrics m : history) {
      assertThat(m.in()).as("batch %d", m.batch()).isEqualTo(m.accepted() + m.quarantined());
    }
    assertThat(history.stream().mapToLong(BatchMetrics::in).sum()).isEqualTo(c.lines);
    assertThat(history.stream().mapToLong(BatchMetrics::quarantined).sum()).isEqualTo(c.bad.size());
    assertThat(history.stream().filter(m -> m.quarantined() > 0).count()).as("batches with bad records").isGreaterThan(1);
    // The listener saw the batches with Spark's progress (state rows, watermark) added.
    assertThat(progress).isNotEmpty().allSatisfy(m -> assertThat(m.stateRows()).isNotNegative());
    // Spark's own progress reports carry the counts as observed metrics, for any StreamingQueryListener.
    long observedIn = 0;
    long observedQuarantined = 0;
    for (org.apache.spark.sql.streaming.StreamingQueryProgress sp : run.query().recentProgress()) {
      Row o = sp.observedMetrics().get(PipelineRun.OBSERVED);
      if (o != null && !o.isNullAt(0)) {
        observedIn += o.getLong(0);
        observedQuarantined += o.getLong(1);
      }
    }
    assertThat(observedIn).isEqualTo(c.lines);
    assertThat(observedQuarantined).isEqualTo(c.bad.size());

    Map<String, String> quarantined = new TreeMap<>();
    for (Row row : spark.read().json(out.resolve("quarantine").toString()).selectExpr("position", "reason", "message",
        "raw").collectAsList()) {
      String position = row.getString(0);
      String local = position.substring(position.lastIndexOf('/') + 1);
      assertThat(quarantined.put(local, row.getString(1))).as("quarantined once: %s", local).isNull();
      assertThat(row.getString(2)).as(local).isNotBlank();
      assertThat(row.getString(3)).as(local).isNotNull();
    }
    Map<String, String> expected = new TreeMap<>();
    c.bad.forEach((k, v) -> expected.put(k, v.name()));
    assertThat(quarantined).isEqualTo(expected);
  }
}
