package org.apache.spark.sql.geostream.postgis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/**
 * How one function's results are compared, and the comparison itself. Both sides are first brought
 * to a common Java value: PostGIS gives text (geometries as hex EWKB, read with JTS's own WKB
 * reader, not GeoStream's), GeoStream gives Spark values.
 *
 * <p>Rules: booleans, integers and strings exactly; planar doubles to 1e-9 relative (plus 1e-12
 * absolute, for results that should be zero); sphere and spheroid distances to 1e-6 relative; byte
 * arrays exactly. Geometries: equal when both are empty; otherwise same SRID, same Z/M, and either
 * equal vertex by vertex (after normalizing, unless the order is the point of the function) within
 * 1e-9 of their size, or, where order does not matter, of the same type with a Hausdorff distance
 * within 1e-9 of their size (not measured past 25 million vertex pairs). WKT
 * and EWKT are parsed and compared as geometries (same type and dimension words, 1e-12 relative,
 * since PostGIS prints 15 significant digits); GeoJSON is compared as a JSON tree with numbers to
 * 1e-9 (PostGIS prints 9 decimals).
 */
enum Compare {
  BOOL, INT, DOUBLE, SPHERE, STRING, BYTES,
  /** Geometry, compared after normalization (ring starts, orientation and part order ignored). */
  GEOM,
  /** Geometry whose vertex order matters (reverse, pointN, snapToGrid, …). */
  GEOM_ORDERED,
  /** WKT or EWKT text. */
  WKT,
  /** GeoJSON text. */
  GEOJSON;

  private static final double PLANAR = 1e-9;
  private static final double SPHERICAL = 1e-6;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The PostGIS text of one value, as the Java value GeoStream's side is compared with. */
  Object fromPostgis(String text) {
    return switch (this) {
      case BOOL -> switch (text) {
        case "true", "t" -> Boolean.TRUE;
        case "false", "f" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("not a boolean: " + text);
      };
      case INT -> Long.parseLong(text);
      case DOUBLE, SPHERE -> Double.parseDouble(text);
      case STRING, WKT, GEOJSON -> text;
      case BYTES -> HexFormat.of().parseHex(text.startsWith("\\x") ? text.substring(2) : text);
      case GEOM, GEOM_ORDERED -> readWkb(HexFormat.of().parseHex(text));
    };
  }

  /** A GeoStream value as the same Java value. */
  Object fromSpark(Object v) {
    return switch (this) {
      case INT -> ((Number) v).longValue();
      case DOUBLE, SPHERE -> ((Number) v).doubleValue();
      case STRING, WKT, GEOJSON -> v.toString();
      default -> v;
    };
  }

  /** Whether the two values agree under this rule. */
  boolean agree(Object spark, Object postgis) {
    return switch (this) {
      case BOOL, INT, STRING -> spark.equals(postgis);
      case DOUBLE -> close((Double) spark, (Double) postgis, PLANAR, 1e-12);
      case SPHERE -> close((Double) spark, (Double) postgis, SPHERICAL, 1e-6);
      case BYTES -> Arrays.equals((byte[]) spark, (byte[]) postgis);
      case GEOM -> geometriesAgree((Geometry) spark, (Geometry) postgis, true);
      case GEOM_ORDERED -> geometriesAgree((Geometry) spark, (Geometry) postgis, false);
      case WKT -> wktAgree((String) spark, (String) postgis);
      case GEOJSON -> jsonAgree((String) spark, (String) postgis);
    };
  }

  /** A short printable form of a value of this kind (geometries as WKT). */
  String show(Object v) {
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof Geometry g) {
      return (g.getSRID() == 0 ? "" : "SRID=" + g.getSRID() + ";") + Wkt.of(g);
    }
    return String.valueOf(v);
  }

  // ---------------------------------------------------------------- numbers

  static boolean close(double a, double b, double relative, double absolute) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + absolute;
  }

  // ---------------------------------------------------------------- geometries

  static Geometry readWkb(byte[] bytes) {
    try {
      return new WKBReader(new GeometryFactory()).read(bytes);
    } catch (ParseException e) {
      throw new IllegalArgumentException("Cannot read PostGIS's EWKB: " + e.getMessage(), e);
    }
  }

  static boolean geometriesAgree(Geometry a, Geometry b, boolean normalize) {
    if (a.isEmpty() && b.isEmpty()) {
      return true;
    }
    if (a.isEmpty() != b.isEmpty() || a.getSRID() != b.getSRID() || hasZ(a) != hasZ(b) || hasM(a) != hasM(b)) {
      return false;
    }
    double tolerance = PLANAR * Math.max(1, size(a, b));
    Geometry x = normalize ? normalized(a) : a;
    Geometry y = normalize ? normalized(b) : b;
    if (sameVertices(x, y, tolerance)) {
      return true;
    }
    // The Hausdorff fallback ignores vertex order, so it is for unordered comparisons only.
    if (!normalize || !a.getGeometryType().equals(b.getGeometryType()) || a.getNumGeometries() != b.getNumGeometries()) {
      return false;
    }
    if ((long) a.getNumPoints() * b.getNumPoints() > 25_000_000L) {
      // Too costly to measure (O(n·m)); vertex-by-vertex equality has already failed.
      return false;
    }
    try {
      return DiscreteHausdorffDistance.distance(a, b) <= tolerance;
    } catch (RuntimeException e) {
      // JTS's Hausdorff distance fails on collections with empty members: no fallback then.
      return false;
    }
  }

  /** The normal form, or the geometry itself where JTS cannot normalize it (collections with empty members). */
  private static Geometry normalized(Geometry g) {
    try {
      return g.norm();
    } catch (RuntimeException e) {
      return g;
    }
  }

  /** The larger of the two bounding boxes' largest extent or coordinate magnitude. */
  private static double size(Geometry a, Geometry b) {
    Envelope e = new Envelope(a.getEnvelopeInternal());
    e.expandToInclude(b.getEnvelopeInternal());
    return Math.max(Math.max(e.getWidth(), e.getHeight()),
        Math.max(Math.max(Math.abs(e.getMinX()), Math.abs(e.getMaxX())), Math.max(Math.abs(e.getMinY()), Math.abs(e.getMaxY()))));
  }

  /** Same structure (types, parts, rings, vertex counts) and every ordinate within the tolerance. */
  static boolean sameVertices(Geometry a, Geometry b, double tolerance) {
    if (!a.getGeometryType().equals(b.getGeometryType())) {
      return false;
    }
    if (a instanceof GeometryCollection) {
      if (a.getNumGeometries() != b.getNumGeometries()) {
        return false;
      }
      for (int i = 0; i < a.getNumGeometries(); i++) {
        if (!sameVertices(a.getGeometryN(i), b.getGeometryN(i), tolerance)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Polygon p && b instanceof Polygon q) {
      if (p.isEmpty() || q.isEmpty()) {
        return p.isEmpty() == q.isEmpty();
      }
      if (p.getNumInteriorRing() != q.getNumInteriorRing()
          || !sameSequence(p.getExteriorRing().getCoordinateSequence(), q.getExteriorRing().getCoordinateSequence(), tolerance)) {
        return false;
      }
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        if (!sameSequence(p.getInteriorRingN(i).getCoordinateSequence(), q.getInteriorRingN(i).getCoordinateSequence(), tolerance)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof LineString l && b instanceof LineString m) {
      return sameSequence(l.getCoordinateSequence(), m.getCoordinateSequence(), tolerance);
    }
    if (a instanceof Point p && b instanceof Point q) {
      return sameSequence(p.getCoordinateSequence(), q.getCoordinateSequence(), tolerance);
    }
    return false;
  }

  private static boolean sameSequence(CoordinateSequence s, CoordinateSequence t, double tolerance) {
    if (s.size() != t.size()) {
      return false;
    }
    for (int i = 0; i < s.size(); i++) {
      if (!near(s.getX(i), t.getX(i), tolerance) || !near(s.getY(i), t.getY(i), tolerance)
          || !near(s.getZ(i), t.getZ(i), tolerance) || !near(s.getM(i), t.getM(i), tolerance)) {
        return false;
      }
    }
    return true;
  }

  private static boolean near(double a, double b, double tolerance) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    return Math.abs(a - b) <= tolerance;
  }

  static boolean hasZ(Geometry g) {
    boolean[] z = {false};
    g.apply((org.locationtech.jts.geom.CoordinateSequenceFilter) new ZmScan(z, true));
    return z[0];
  }

  static boolean hasM(Geometry g) {
    boolean[] m = {false};
    g.apply((org.locationtech.jts.geom.CoordinateSequenceFilter) new ZmScan(m, false));
    return m[0];
  }

  /** Finds a non-NaN Z (or M) anywhere in a geometry. */
  private record ZmScan(boolean[] found, boolean z) implements org.locationtech.jts.geom.CoordinateSequenceFilter {
    @Override
    public void filter(CoordinateSequence seq, int i) {
      double v = z ? seq.getZ(i) : (seq.hasM() ? seq.getM(i) : Double.NaN);
      if (!Double.isNaN(v)) {
        found[0] = true;
      }
    }

    @Override
    public boolean isDone() {
      return found[0];
    }

    @Override
    public boolean isGeometryChanged() {
      return false;
    }
  }

  // ---------------------------------------------------------------- text formats

  private static boolean wktAgree(String a, String b) {
    Wkt x = Wkt.parse(a);
    Wkt y = Wkt.parse(b);
    if (!x.words().equals(y.words()) || x.srid() != y.srid()) {
      return false;
    }
    if (x.geometry().isEmpty() || y.geometry().isEmpty()) {
      return x.geometry().isEmpty() && y.geometry().isEmpty();
    }
    Envelope e = x.geometry().getEnvelopeInternal();
    double magnitude = Math.max(Math.max(Math.abs(e.getMinX()), Math.abs(e.getMaxX())), Math.max(Math.abs(e.getMinY()), Math.abs(e.getMaxY())));
    return sameVertices(x.geometry(), y.geometry(), 1e-12 * Math.max(1, magnitude));
  }

  private static boolean jsonAgree(String a, String b) {
    try {
      return jsonEqual(JSON.readTree(a), JSON.readTree(b));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static boolean jsonEqual(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return Math.abs(x - y) <= 1e-9 + 1e-15 * Math.abs(x);
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!jsonEqual(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!b.has(k) || !jsonEqual(a.get(k), b.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** A parsed WKT or EWKT: its SRID, the type and dimension words of every level, and the geometry. */
  record Wkt(int srid, String words, Geometry geometry) {
    static Wkt parse(String text) {
      int srid = 0;
      String wkt = text.strip();
      if (wkt.toUpperCase(Locale.ROOT).startsWith("SRID=")) {
        int semi = wkt.indexOf(';');
        srid = Integer.parseInt(wkt.substring(5, semi));
        wkt = wkt.substring(semi + 1);
      }
      // The words (POINT, Z, M, EMPTY, ...) in order, without numbers or punctuation: type and dimension at every level.
      String words = wkt.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", " ").replaceAll("\\b(NAN|INF|INFINITY|E)\\b", " ")
          .replaceAll("\\s+", " ").strip();
      WKTReader reader = new WKTReader(new GeometryFactory());
      reader.setIsOldJtsCoordinateSyntaxAllowed(false);
      try {
        return new Wkt(srid, words, reader.read(wkt));
      } catch (ParseException e) {
        try {
          // PostGIS's EWKT dialect (POINT(1 2 3) for Z, POINT(1 2 3 4) for ZM), which strict WKT rejects.
          return new Wkt(srid, words, org.geostream.types.io.Wkt.read(wkt));
        } catch (RuntimeException again) {
          throw new IllegalArgumentException("Cannot parse WKT: " + e.getMessage() + ": " + text, e);
        }
      }
    }

    /** WKT of a geometry with Z and M, as JTS writes it. */
    static String of(Geometry g) {
      java.util.EnumSet<org.locationtech.jts.io.Ordinate> ordinates = org.locationtech.jts.io.Ordinate.createXY();
      if (hasZ(g)) {
        ordinates.add(org.locationtech.jts.io.Ordinate.Z);
      }
      if (hasM(g)) {
        ordinates.add(org.locationtech.jts.io.Ordinate.M);
      }
      org.locationtech.jts.io.WKTWriter w = new org.locationtech.jts.io.WKTWriter(ordinates.size());
      w.setOutputOrdinates(ordinates);
      return w.write(g);
    }
  }
}
