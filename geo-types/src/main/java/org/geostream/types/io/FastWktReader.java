package org.geostream.types.io;

import java.util.ArrayList;
import java.util.List;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateXYM;
import org.locationtech.jts.geom.CoordinateXYZM;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.CoordinateArraySequence;

/**
 * A single-pass WKT reader for the well-formed common case: the seven OGC types with optional
 * {@code Z}, {@code M} or {@code ZM}, {@code EMPTY}, and plain decimal numbers. It scans the string
 * once without a tokenizer and converts numbers exactly (mantissas below 2^53 with powers of ten up
 * to 22 are one correctly rounded IEEE operation; anything else goes to {@link Double#parseDouble}).
 * On any input it does not fully understand it gives up by returning null, and {@link Wkt} reads the
 * text with JTS's reader instead, which also produces the error messages. Not thread-safe: one
 * instance per call.
 */
final class FastWktReader {
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long EXACT_MANTISSA = 1L << 53;

  private final String s;
  private final int end;
  private final GeometryFactory factory = GeometryCodec.FACTORY;
  private int pos;

  /** Signals input outside the fast path; never escapes {@link #read}. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
      super(null, null, false, false);
    }
  }

  private FastWktReader(String s, int start, int end) {
    this.s = s;
    this.pos = start;
    this.end = end;
  }

  /** The geometry of {@code s[start, end)}, or null when the text needs the full reader. */
  static Geometry read(String s, int start, int end) {
    FastWktReader r = new FastWktReader(s, start, end);
    try {
      Geometry g = r.geometry(0);
      r.skipSpace();
      return r.pos == r.end ? g : null;
    } catch (GiveUp | IllegalArgumentException e) {
      return null;
    }
  }

  private void skipSpace() {
    while (pos < end && s.charAt(pos) <= ' ') {
      pos++;
    }
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw GiveUp.INSTANCE;
    }
    return s.substring(start, pos);
  }

  private boolean peek(char c) {
    skipSpace();
    return pos < end && s.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw GiveUp.INSTANCE;
    }
    pos++;
  }

  private boolean emptyNext() {
    skipSpace();
    if (pos + 5 <= end && s.regionMatches(true, pos, "EMPTY", 0, 5)) {
      pos += 5;
      return true;
    }
    return false;
  }

  /** Dimension flags: bit 1 Z, bit 2 M; -1 when not stated (decided by the first coordinate). */
  private int dimensionTag() {
    skipSpace();
    int save = pos;
    if (pos < end && Character.isLetter(s.charAt(pos))) {
      String w = word();
      switch (w.toUpperCase(java.util.Locale.ROOT)) {
        case "Z":
          return 1;
        case "M":
          return 2;
        case "ZM":
          return 3;
        case "EMPTY":
          pos = save;
          return -1;
        default:
          throw GiveUp.INSTANCE;
      }
    }
    return -1;
  }

  private Geometry geometry(int depth) {
    if (depth > 32) {
      throw GiveUp.INSTANCE;
    }
    String type = word().toUpperCase(java.util.Locale.ROOT);
    int dims = dimensionTag();
    boolean empty = emptyNext();
    switch (type) {
      case "POINT":
        if (empty) {
          return factory.createPoint();
        }
        expect('(');
        Coordinate c = coordinate(dims);
        expect(')');
        return factory.createPoint(sequence(new Coordinate[] {c}));
      case "LINESTRING":
        return empty ? factory.createLineString() : factory.createLineString(sequence(coordinates(dims)));
      case "POLYGON":
        return empty ? factory.createPolygon() : polygon(dims);
      case "MULTIPOINT":
        return empty ? factory.createMultiPoint() : multiPoint(dims);
      case "MULTILINESTRING": {
        if (empty) {
          return factory.createMultiLineString();
        }
        List<LineString> lines = new ArrayList<>();
        expect('(');
        do {
          lines.add(emptyNext() ? factory.createLineString() : factory.createLineString(sequence(coordinates(dims))));
        } while (comma());
        expect(')');
        return factory.createMultiLineString(lines.toArray(new LineString[0]));
      }
      case "MULTIPOLYGON": {
        if (empty) {
          return factory.createMultiPolygon();
        }
        List<Polygon> polys = new ArrayList<>();
        expect('(');
        do {
          polys.add(emptyNext() ? factory.createPolygon() : polygon(dims));
        } while (comma());
        expect(')');
        return factory.createMultiPolygon(polys.toArray(new Polygon[0]));
      }
      case "GEOMETRYCOLLECTION": {
        if (empty) {
          return factory.createGeometryCollection();
        }
        List<Geometry> parts = new ArrayList<>();
        expect('(');
        do {
          parts.add(geometry(depth + 1));
        } while (comma());
        expect(')');
        return factory.createGeometryCollection(parts.toArray(new Geometry[0]));
      }
      default:
        throw GiveUp.INSTANCE;
    }
  }

  private boolean comma() {
    if (peek(',')) {
      pos++;
      return true;
    }
    return false;
  }

  private Polygon polygon(int dims) {
    expect('(');
    LinearRing shell = factory.createLinearRing(sequence(coordinates(dims)));
    List<LinearRing> holes = new ArrayList<>();
    while (comma()) {
      holes.add(factory.createLinearRing(sequence(coordinates(dims))));
    }
    expect(')');
    return factory.createPolygon(shell, holes.toArray(new LinearRing[0]));
  }

  private Geometry multiPoint(int dims) {
    List<Point> points = new ArrayList<>();
    expect('(');
    do {
      if (emptyNext()) {
        points.add(factory.createPoint());
      } else if (peek('(')) {
        pos++;
        points.add(factory.createPoint(sequence(new Coordinate[] {coordinate(dims)})));
        expect(')');
      } else {
        points.add(factory.createPoint(sequence(new Coordinate[] {coordinate(dims)})));
      }
    } while (comma());
    expect(')');
    return factory.createMultiPoint(points.toArray(new Point[0]));
  }

  private Coordinate[] coordinates(int dims) {
    expect('(');
    List<Coordinate> out = new ArrayList<>();
    int dimension = -1;
    int measures = -1;
    do {
      out.add(coordinate(dims));
      if (dimension >= 0 && (dimension != seqDimension || measures != seqMeasures)) {
        throw GiveUp.INSTANCE;
      }
      dimension = seqDimension;
      measures = seqMeasures;
    } while (comma());
    expect(')');
    return out.toArray(new Coordinate[0]);
  }

  private int seqDimension;
  private int seqMeasures;

  private CoordinateArraySequence sequence(Coordinate[] coords) {
    return new CoordinateArraySequence(coords, seqDimension, seqMeasures);
  }

  private Coordinate coordinate(int dims) {
    double x = number();
    double y = number();
    skipSpace();
    int extra = 0;
    double third = Double.NaN;
    double fourth = Double.NaN;
    if (pos < end && isNumberStart(s.charAt(pos))) {
      third = number();
      extra = 1;
      skipSpace();
      if (pos < end && isNumberStart(s.charAt(pos))) {
        fourth = number();
        extra = 2;
      }
    }
    boolean z;
    boolean m;
    if (dims < 0) {
      z = extra >= 1;
      m = extra == 2;
    } else {
      z = (dims & 1) != 0;
      m = (dims & 2) != 0;
      if (extra != (z ? 1 : 0) + (m ? 1 : 0)) {
        throw GiveUp.INSTANCE;
      }
    }
    seqDimension = m ? (z ? 4 : 3) : 3;
    seqMeasures = m ? 1 : 0;
    if (!z && !m) {
      return new Coordinate(x, y);
    } else if (z && !m) {
      return new Coordinate(x, y, third);
    } else if (!z) {
      return new CoordinateXYM(x, y, third);
    }
    return new CoordinateXYZM(x, y, third, fourth);
  }

  private static boolean isNumberStart(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
  }

  /** A decimal number, converted exactly; gives up on NaN, infinity and malformed numbers. */
  private double number() {
    skipSpace();
    int start = pos;
    boolean negative = false;
    if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
      negative = s.charAt(pos) == '-';
      pos++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean overflow = false;
    int intStart = pos;
    while (pos < end && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      if (digits < 18) {
        mantissa = mantissa * 10 + (s.charAt(pos) - '0');
        if (mantissa != 0) {
          digits++;
        }
      } else {
        overflow = true;
        scale++;
      }
      pos++;
    }
    boolean anyDigits = pos > intStart;
    if (pos < end && s.charAt(pos) == '.') {
      pos++;
      int fracStart = pos;
      while (pos < end && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        if (digits < 18) {
          mantissa = mantissa * 10 + (s.charAt(pos) - '0');
          if (mantissa != 0) {
            digits++;
          }
          scale--;
        } else {
          overflow = true;
        }
        pos++;
      }
      anyDigits |= pos > fracStart;
    }
    if (!anyDigits) {
      throw GiveUp.INSTANCE;
    }
    if (pos < end && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      boolean expNegative = false;
      if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
        expNegative = s.charAt(pos) == '-';
        pos++;
      }
      int expStart = pos;
      int exp = 0;
      while (pos < end && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        exp = Math.min(exp * 10 + (s.charAt(pos) - '0'), 100_000);
        pos++;
      }
      if (pos == expStart) {
        throw GiveUp.INSTANCE;
      }
      scale += expNegative ? -exp : exp;
    }
    if (pos < end && Character.isLetter(s.charAt(pos))) {
      throw GiveUp.INSTANCE;
    }
    double v;
    if (!overflow && mantissa < EXACT_MANTISSA && scale >= -22 && scale <= 22) {
      v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
    } else {
      v = Double.parseDouble(s.substring(start, pos));
      return v;
    }
    return negative ? -v : v;
  }
}
