package org.geostream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.geostream.core.spi.StoreParams;
import org.geostream.stream.KeySpec;
import org.geostream.stream.ParserSpec;
import org.geostream.stream.Pipeline;
import org.geostream.stream.SinkSpec;
import org.geostream.stream.SourceSpec;
import org.geostream.stream.WindowSpec;
import org.geostream.stream.agg.AggregateSpec.Fn;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.parse.Rejection.Reason;
import org.geostream.stream.sink.ResultType;
import org.geostream.stream.window.Rows;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * A deterministic corpus of vehicle reports as JSON lines, with malformed records of ten classes
 * mixed in, its pipeline (geohash x kind, 10-minute windows sliding every 5 minutes) and an
 * independent recomputation of every window from the corpus alone.
 *
 * <p>The known answer does not depend on how the stream is cut into micro-batches: report
 * {@code i} happens at {@code T0 + i * 100 ms} (distinct times, so first and last are defined)
 * and goes to partition {@code i % partitions}, so records arrive in time order up to a few
 * seconds, far less than the 2-minute watermark, and nothing is late. Coordinates are multiples
 * of 2^-20 degrees and speeds whole numbers, so sums, averages, extents and centroids are exact
 * in any order of addition and can be compared for equality; only the standard deviation
 * (Chan's merge of moments) is compared to 1e-9.
 */
final class EventCorpus {
  static final Instant T0 = Instant.parse("2026-11-21T06:00:00Z");
  static final long STEP_MS = 100;
  static final KeySpec KEY = KeySpec.geohash(5, "kind");
  static final WindowSpec WINDOW = WindowSpec.sliding(Duration.ofMinutes(10), Duration.ofMinutes(5),
      Duration.ofMinutes(2));
  static final String TYPE = "cells";
  private static final String[] KINDS = {"bus", "car", "bike"};
  private static final double SCALE = 1 << 20;

  final int events;
  final int badEvery;

  /**
   * @param events good reports
   * @param badEvery a malformed record follows every {@code badEvery}-th report
   */
  EventCorpus(int events, int badEvery) {
    this.events = events;
    this.badEvery = badEvery;
  }

  /** One vehicle report. */
  record Report(int i, String vehicle, String kind, double lon, double lat, int speed, long time) {
    String json() {
      return "{\"vehicle\":\"" + vehicle + "\",\"kind\":\"" + kind + "\",\"lon\":" + lon + ",\"lat\":" + lat
          + ",\"speed\":" + speed + ",\"time\":\"" + Instant.ofEpochMilli(time) + "\"}";
    }
  }

  static Report report(int i) {
    long h = mix(i);
    // Within +-0.125 degrees of central Paris, multiples of 2^-20 degrees (26 significant bits).
    double lon = (Math.round(2.35 * SCALE) + (h & 0x3ffff) - 0x20000) / SCALE;
    double lat = (Math.round(48.86 * SCALE) + ((h >>> 20) & 0x3ffff) - 0x20000) / SCALE;
    return new Report(i, "v" + (int) ((h >>> 40) % 250), KINDS[(int) ((h >>> 50) % 3)], lon, lat,
        (int) ((h >>> 8) % 121), T0.toEpochMilli() + i * STEP_MS);
  }

  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E5ADL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) >>> 1;
  }

  /** A malformed record and the reason it must be quarantined with; null bytes for a tombstone. */
  record Bad(byte[] bytes, Reason reason) {
    String text() {
      return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The malformed record after report {@code i}, or null. Ten classes in turn. */
  Bad bad(int i) {
    if (i % badEvery != badEvery - 1) {
      return null;
    }
    Report r = report(i);
    String t = "\"time\":\"" + Instant.ofEpochMilli(r.time()) + "\"";
    int kind = (i / badEvery) % 10;
    return switch (kind) {
      case 0 -> new Bad(("{\"vehicle\":\"" + r.vehicle() + "\",\"lon\":2.3,").getBytes(StandardCharsets.UTF_8),
          Reason.MALFORMED_JSON);
      case 1 -> {
        byte[] b = ("{\"vehicle\":\"v?\",\"kind\":\"bus\",\"lon\":2.3,\"lat\":48.8," + t + "}")
            .getBytes(StandardCharsets.UTF_8);
        b[13] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        yield new Bad(b, Reason.BAD_ENCODING);
      }
      case 2 -> new Bad(("{\"kind\":\"bus\",\"lon\":\"NaN\",\"lat\":48.8,\"speed\":3," + t + "}")
          .getBytes(StandardCharsets.UTF_8), Reason.NAN_COORDINATE);
      case 3 -> new Bad(("{\"kind\":\"car\",\"lon\":2.35,\"lat\":148.86,\"speed\":3," + t + "}")
          .getBytes(StandardCharsets.UTF_8), Reason.OUT_OF_RANGE);
      case 4 -> new Bad("{\"kind\":\"car\",\"lon\":2.35,\"lat\":48.86,\"speed\":3}".getBytes(StandardCharsets.UTF_8),
          Reason.MISSING_TIME);
      case 5 -> new Bad("{\"kind\":\"car\",\"lon\":2.35,\"lat\":48.86,\"time\":\"yesterday noon\"}"
          .getBytes(StandardCharsets.UTF_8), Reason.BAD_TIME);
      case 6 -> new Bad("[2.35, 48.86]".getBytes(StandardCharsets.UTF_8), Reason.MALFORMED_JSON);
      case 7 -> new Bad(("{\"kind\":\"bike\",\"lat\":48.86," + t + "}").getBytes(StandardCharsets.UTF_8),
          Reason.MISSING_FIELD);
      case 8 -> new Bad(("{\"kind\":\"bike\",\"lon\":2.35,\"lat\":48.86,\"speed\":\"Infinity\"," + t + "}")
          .getBytes(StandardCharsets.UTF_8), Reason.BAD_NUMBER);
      default -> new Bad(null, Reason.MALFORMED_JSON); // a tombstone: no value at all
    };
  }

  /** Records in the topic: reports and malformed ones. */
  int records() {
    return events + events / badEvery;
  }

  /**
   * Writes the corpus to {@code topic} (report {@code i} and the malformed record after it to
   * partition {@code i % partitions}) and returns the position {@code topic-partition@offset} of
   * every malformed record with its reason.
   */
  Map<String, Bad> produce(EmbeddedKafka kafka, String topic, int partitions) throws Exception {
    Map<String, Bad> positions = new HashMap<>();
    List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
    List<Bad> bads = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> p = kafka.producer()) {
      for (int i = 0; i < events; i++) {
        int part = i % partitions;
        p.send(new ProducerRecord<>(topic, part, null, report(i).json().getBytes(StandardCharsets.UTF_8)));
        Bad b = bad(i);
        if (b != null) {
          sent.add(p.send(new ProducerRecord<>(topic, part, null, b.bytes())));
          bads.add(b);
        }
      }
      p.flush();
    }
    for (int k = 0; k < sent.size(); k++) {
      RecordMetadata m = sent.get(k).get();
      positions.put(topic + "-" + m.partition() + "@" + m.offset(), bads.get(k));
    }
    return positions;
  }

  /** The pipeline over the corpus in {@code topic}, into the fs store at {@code storePath}. */
  static Pipeline pipeline(String name, String bootstrap, String topic, int maxOffsetsPerTrigger, SinkSpec sink,
      SinkSpec quarantine, String checkpoint) {
    return Pipeline.builder(name)
        .source(new SourceSpec.Kafka(bootstrap, topic, Map.of("maxOffsetsPerTrigger",
            String.valueOf(maxOffsetsPerTrigger))))
        .parser(ParserSpec.json("lon", "lat", "time"))
        .key(KEY)
        .window(WINDOW)
        .count()
        .aggregate(Fn.SUM, "speed")
        .aggregate(Fn.AVG, "speed")
        .aggregate(Fn.MIN, "speed")
        .aggregate(Fn.MAX, "speed")
        .aggregate(Fn.STDDEV, "speed")
        .aggregate(Fn.FIRST, "speed")
        .aggregate(Fn.LAST, "speed")
        .aggregate(Fn.DISTINCT, "vehicle")
        .aggregate(Fn.EXTENT, null)
        .aggregate(Fn.CENTROID, null)
        .sink(sink)
        .quarantine(quarantine)
        .checkpoint(checkpoint)
        .partitions(2)
        .build();
  }

  /** A window recomputed from the reports in it. */
  static final class Expected {
    final String cell;
    final String kind;
    final long start;
    long count;
    double sum;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    long firstTime = Long.MAX_VALUE;
    int first;
    long lastTime = Long.MIN_VALUE;
    int last;
    final List<Integer> speeds = new ArrayList<>();
    final Set<String> vehicles = new HashSet<>();
    final Envelope extent = new Envelope();
    double sumX;
    double sumY;

    Expected(String cell, String kind, long start) {
      this.cell = cell;
      this.kind = kind;
      this.start = start;
    }

    void add(Report r) {
      count++;
      sum += r.speed();
      min = Math.min(min, r.speed());
      max = Math.max(max, r.speed());
      if (r.time() < firstTime) {
        firstTime = r.time();
        first = r.speed();
      }
      if (r.time() > lastTime) {
        lastTime = r.time();
        last = r.speed();
      }
      speeds.add(r.speed());
      vehicles.add(r.vehicle());
      extent.expandToInclude(r.lon(), r.lat());
      sumX += r.lon();
      sumY += r.lat();
    }

    /** The sample standard deviation, two-pass. */
    double stddev() {
      double mean = sum / count;
      double m2 = 0;
      for (int s : speeds) {
        m2 += (s - mean) * (s - mean);
      }
      return Math.sqrt(m2 / (count - 1));
    }
  }

  /** Every window of the corpus by feature id, recomputed report by report. */
  Map<String, Expected> windows() {
    SpatialKeyer keyer = new SpatialKeyer(KEY);
    long size = WINDOW.size().toMillis();
    long slide = WINDOW.slide().toMillis();
    Map<String, Expected> out = new TreeMap<>();
    for (int i = 0; i < events; i++) {
      Report r = report(i);
      String cell = keyer.key(r.lon(), r.lat());
      String key = Rows.key(cell, new String[] {r.kind()});
      long pane = Math.floorDiv(r.time(), slide) * slide;
      for (long s = pane - size + slide; s <= pane; s += slide) {
        long start = s;
        out.computeIfAbsent(ResultType.featureId(key, s), id -> new Expected(cell, r.kind(), start)).add(r);
      }
    }
    return out;
  }

  /** The time of the last report less the watermark delay: no window ending later can be final. */
  long finalWatermark() {
    return report(events - 1).time() - WINDOW.watermark().toMillis();
  }

  /** The features of the result type in the store, by id; fails on an id stored twice. */
  static Map<String, SimpleFeature> stored(Map<String, String> params) throws Exception {
    DataStore store = StoreParams.open(params);
    Map<String, SimpleFeature> out = new HashMap<>();
    try (FeatureReader<SimpleFeatureType, SimpleFeature> r = store.getFeatureReader(new Query(TYPE),
        Transaction.AUTO_COMMIT)) {
      while (r.hasNext()) {
        SimpleFeature f = r.next();
        assertThat(out.put(f.getID(), f)).as("feature %s stored twice", f.getID()).isNull();
      }
    }
    return out;
  }

  /** Asserts that the stored windows are exactly the recomputed ones, every aggregate equal. */
  void assertStoreEquals(Map<String, SimpleFeature> stored) {
    Map<String, Expected> expected = windows();
    assertThat(stored.keySet()).as("window ids (lost: missing; duplicated or invented: extra)")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    long finalWatermark = finalWatermark();
    long size = WINDOW.size().toMillis();
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      SimpleFeature f = stored.get(e.getKey());
      Expected x = e.getValue();
      String id = e.getKey();
      assertThat(f.getAttribute("cell")).as(id).isEqualTo(x.cell);
      assertThat(f.getAttribute("kind")).as(id).isEqualTo(x.kind);
      assertThat(((Date) f.getAttribute("window_start")).getTime()).as(id).isEqualTo(x.start);
      assertThat(((Date) f.getAttribute("window_end")).getTime()).as(id).isEqualTo(x.start + size);
      if ((Boolean) f.getAttribute("final")) {
        assertThat(x.start + size).as("%s is final only once the watermark passed its end", id)
            .isLessThanOrEqualTo(finalWatermark);
      }
      assertThat(f.getAttribute("count")).as(id).isEqualTo(x.count);
      assertThat(f.getAttribute("sum_speed")).as(id).isEqualTo(x.sum);
      assertThat(f.getAttribute("avg_speed")).as(id).isEqualTo(x.sum / x.count);
      assertThat(f.getAttribute("min_speed")).as(id).isEqualTo((double) x.min);
      assertThat(f.getAttribute("max_speed")).as(id).isEqualTo((double) x.max);
      assertThat(f.getAttribute("first_speed")).as(id).isEqualTo((double) x.first);
      assertThat(f.getAttribute("last_speed")).as(id).isEqualTo((double) x.last);
      if (x.count > 1) {
        assertThat((Double) f.getAttribute("stddev_speed")).as(id).isCloseTo(x.stddev(), within(1e-9));
      } else {
        assertThat(f.getAttribute("stddev_speed")).as(id).isNull();
      }
      // HyperLogLog is exact at these cardinalities (its coupon list and set modes).
      assertThat(f.getAttribute("distinct_vehicle")).as(id).isEqualTo((long) x.vehicles.size());
      assertThat(((Geometry) f.getAttribute("extent")).getEnvelopeInternal()).as(id).isEqualTo(x.extent);
      Point c = (Point) f.getAttribute("centroid");
      assertThat(c.getX()).as(id).isEqualTo(x.sumX / x.count);
      assertThat(c.getY()).as(id).isEqualTo(x.sumY / x.count);
      Geometry cellPolygon = (Geometry) f.getDefaultGeometry();
      assertThat(cellPolygon.covers(new org.locationtech.jts.geom.GeometryFactory().toGeometry(x.extent)))
          .as("%s: the cell covers its points", id).isTrue();
    }
  }
}
