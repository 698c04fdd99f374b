package org.geostream.bench.store;

import java.time.Instant;
import java.util.Locale;

/**
 * The data and the query of the store benchmark, shared by every JVM: vehicle points spread
 * uniformly over a region and a time span, and a bounding box + one-hour query chosen to return
 * about 1% of them. Plain Java, so that the Sedona JVM can use it without GeoStream's classes.
 *
 * <p>Every attribute of point {@code id} is a pure function of {@code (seed, id)} (SplitMix64), so
 * the data do not depend on partitioning, and the expected answer is computed from the generator
 * itself ({@link #matches}).
 *
 * <p>Choice: 48 hours of data over a 40° x 25° region (Europe, lon -10..30, lat 35..60). One hour is
 * 1/48 of the time span (2.08%); the box (lon 0..28, lat 40..57.5) is 0.7 x 0.7 = 49% of the region,
 * so the query returns 0.49 / 48 = 1.02% of the points.
 */
final class StoreQuery {
  private StoreQuery() {}

  /** Feature type name. */
  static final String TYPE = "vehicles";
  /** Feature type, GeoTools/GeoMesa spec form. */
  static final String SPEC = "kind:String,speed:Double,dtg:Date,*geom:Point:srid=4326";

  /** Region of the points: longitudes [XMIN, XMAX), latitudes [YMIN, YMAX). */
  static final double XMIN = -10;
  static final double XMAX = 30;
  static final double YMIN = 35;
  static final double YMAX = 60;
  /** Time span of the points: [T0, T0 + SPAN_MS), whole milliseconds. */
  static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  static final long SPAN_MS = 48L * 3_600_000L;

  /** The query box (inclusive, as BBOX and ST_Intersects are). */
  static final double QXMIN = 0;
  static final double QYMIN = 40;
  static final double QXMAX = 28;
  static final double QYMAX = 57.5;
  /** The query hour: (Q_FROM, Q_TO), exclusive at both ends, as GeoTools' DURING. */
  static final String Q_FROM_TEXT = "2026-11-02T08:00:00Z";
  static final String Q_TO_TEXT = "2026-11-02T09:00:00Z";
  static final long Q_FROM = Instant.parse(Q_FROM_TEXT).toEpochMilli();
  static final long Q_TO = Instant.parse(Q_TO_TEXT).toEpochMilli();

  static final String[] KINDS = {"car", "van", "truck", "bus", "taxi"};

  /** Share of the points the query returns in expectation. */
  static double expectedFraction() {
    return (QXMAX - QXMIN) * (QYMAX - QYMIN) / ((XMAX - XMIN) * (YMAX - YMIN)) * (Q_TO - Q_FROM) / (double) SPAN_MS;
  }

  /** The query as ECQL, as GeoStream runs it. */
  static String ecql() {
    return String.format(Locale.ROOT, "BBOX(geom, %s, %s, %s, %s) AND dtg DURING %s/%s",
        QXMIN, QYMIN, QXMAX, QYMAX, Q_FROM_TEXT, Q_TO_TEXT);
  }

  /** The query's predicate in Sedona SQL (session time zone UTC). */
  static String sedonaPredicate() {
    return String.format(Locale.ROOT,
        "ST_Intersects(geom, ST_PolygonFromEnvelope(%s, %s, %s, %s)) AND dtg > TIMESTAMP '%s' AND dtg < TIMESTAMP '%s'",
        QXMIN, QYMIN, QXMAX, QYMAX, sqlTime(Q_FROM), sqlTime(Q_TO));
  }

  /** A predicate of the same shape that every point matches (the whole world, any time this century). */
  static String sedonaAllPredicate() {
    return "ST_Intersects(geom, ST_PolygonFromEnvelope(-180.0, -90.0, 180.0, 90.0)) "
        + "AND dtg > TIMESTAMP '2000-01-01 00:00:00' AND dtg < TIMESTAMP '2100-01-01 00:00:00'";
  }

  private static String sqlTime(long millis) {
    return Instant.ofEpochMilli(millis).toString().replace('T', ' ').replace("Z", "");
  }

  /** True when a point of these coordinates and time is in the query's answer. */
  static boolean matches(double x, double y, long t) {
    return x >= QXMIN && x <= QXMAX && y >= QYMIN && y <= QYMAX && t > Q_FROM && t < Q_TO;
  }

  // ------------------------------------------------------------------ the generator

  static double x(long seed, long id) {
    return XMIN + unit(seed, id, 1) * (XMAX - XMIN);
  }

  static double y(long seed, long id) {
    return YMIN + unit(seed, id, 2) * (YMAX - YMIN);
  }

  static long time(long seed, long id) {
    return T0 + (long) (unit(seed, id, 3) * SPAN_MS);
  }

  /** Speed in km/h, one decimal, 0 to 120. */
  static double speed(long seed, long id) {
    return Math.round(unit(seed, id, 4) * 1200) / 10.0;
  }

  static String kind(long seed, long id) {
    return KINDS[(int) ((hash(seed, id, 5) >>> 1) % KINDS.length)];
  }

  /** The feature id of point {@code id}. */
  static String fid(long id) {
    return "v" + id;
  }

  /** First id of partition {@code p} of {@code parts} over {@code n} points. */
  static long partitionStart(long n, int parts, int p) {
    return n / parts * p + Math.min(p, n % parts);
  }

  private static double unit(long seed, long id, int k) {
    return (hash(seed, id, k) >>> 11) * 0x1.0p-53;
  }

  private static long hash(long seed, long id, int k) {
    return mix(seed * 0x9E3779B97F4A7C15L + id * 0xD1B54A32D192ED03L + k * 0x8CB92BA72F3D8DD7L);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
