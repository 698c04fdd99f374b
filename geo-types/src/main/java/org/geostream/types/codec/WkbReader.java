package org.geostream.types.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.geostream.types.Errors;
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
 * Reads WKB, EWKB and ISO WKB of either byte order into JTS geometries. One instance per value; not
 * thread-safe. Every malformed input raises an error naming the byte offset and what was expected.
 */
final class WkbReader {
  private static final VarHandle LE_DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE_DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] b;
  private final GeometryFactory factory = GeometryCodec.FACTORY;
  private int pos;
  private boolean le;

  WkbReader(byte[] bytes) {
    this.b = bytes;
  }

  Geometry read() {
    Geometry g = readGeometry(0);
    if (pos != b.length) {
      throw fail(b.length - pos + " trailing bytes after the geometry");
    }
    return g;
  }

  private RuntimeException fail(String reason) {
    return Errors.cannot("decode WKB", reason + " (at byte " + pos + " of " + b.length + ")", b);
  }

  private void need(int n) {
    if (pos + n > b.length) {
      throw fail("input ends early, " + n + " more bytes expected");
    }
  }

  private int readInt() {
    need(4);
    int v = le ? (int) LE_INT.get(b, pos) : (int) BE_INT.get(b, pos);
    pos += 4;
    return v;
  }

  private double readDouble() {
    double v = le ? (double) LE_DOUBLE.get(b, pos) : (double) BE_DOUBLE.get(b, pos);
    pos += 8;
    return v;
  }

  private int readCount(int ordinates) {
    int n = readInt();
    if (n < 0 || (long) n * 8 * ordinates > b.length - pos) {
      throw fail("count " + Integer.toUnsignedString(n) + " exceeds the remaining input");
    }
    return n;
  }

  private Geometry readGeometry(int depth) {
    if (depth > 64) {
      throw fail("collections nested deeper than 64 levels");
    }
    need(5);
    byte order = b[pos];
    if (order != 0 && order != 1) {
      throw fail("byte order must be 0 or 1, found " + order);
    }
    le = order == 1;
    pos++;
    int word = readInt();
    boolean hasZ = (word & GeometryCodec.FLAG_Z) != 0;
    boolean hasM = (word & GeometryCodec.FLAG_M) != 0;
    boolean hasSrid = (word & GeometryCodec.FLAG_SRID) != 0;
    int code = word & 0x0FFFFFFF;
    int base = code % 1000;
    int iso = code / 1000;
    if (iso == 1 || iso == 3) {
      hasZ = true;
    }
    if (iso == 2 || iso == 3) {
      hasM = true;
    }
    if (iso > 3 || base < 1 || base > 7) {
      throw fail("unknown geometry type code " + Integer.toUnsignedString(word));
    }
    int srid = hasSrid ? readInt() : 0;
    int dim = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    Geometry g =
        switch (base) {
          case 1 -> readPoint(hasZ, hasM, dim);
          case 2 -> factory.createLineString(readSequence(hasZ, hasM, dim, readCount(dim)));
          case 3 -> readPolygon(hasZ, hasM, dim);
          default -> readCollection(base, depth);
        };
    if (srid != 0) {
      g.setSRID(srid);
    }
    return g;
  }

  private Point readPoint(boolean hasZ, boolean hasM, int dim) {
    need(8 * dim);
    CoordinateArraySequence seq = readSequence(hasZ, hasM, dim, 1);
    Coordinate c = seq.getCoordinate(0);
    if (Double.isNaN(c.x) && Double.isNaN(c.y)) {
      return factory.createPoint((Coordinate) null);
    }
    return factory.createPoint(seq);
  }

  private CoordinateArraySequence readSequence(boolean hasZ, boolean hasM, int dim, int n) {
    need(8 * dim * n);
    Coordinate[] coords = new Coordinate[n];
    for (int i = 0; i < n; i++) {
      double x = readDouble();
      double y = readDouble();
      if (!hasZ && !hasM) {
        coords[i] = new Coordinate(x, y);
      } else if (hasZ && !hasM) {
        coords[i] = new Coordinate(x, y, readDouble());
      } else if (!hasZ) {
        coords[i] = new CoordinateXYM(x, y, readDouble());
      } else {
        double z = readDouble();
        coords[i] = new CoordinateXYZM(x, y, z, readDouble());
      }
    }
    return new CoordinateArraySequence(coords, hasM ? dim : Math.max(dim, 3), hasM ? 1 : 0);
  }

  private Polygon readPolygon(boolean hasZ, boolean hasM, int dim) {
    int rings = readCount(1);
    if (rings == 0) {
      return factory.createPolygon();
    }
    LinearRing shell = readRing(hasZ, hasM, dim);
    LinearRing[] holes = new LinearRing[rings - 1];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = readRing(hasZ, hasM, dim);
    }
    return factory.createPolygon(shell, holes);
  }

  private LinearRing readRing(boolean hasZ, boolean hasM, int dim) {
    int start = pos;
    CoordinateArraySequence seq = readSequence(hasZ, hasM, dim, readCount(dim));
    try {
      return factory.createLinearRing(seq);
    } catch (IllegalArgumentException e) {
      pos = start;
      throw fail("invalid polygon ring (" + e.getMessage() + ")");
    }
  }

  private Geometry readCollection(int base, int depth) {
    int n = readCount(1);
    Geometry[] parts = new Geometry[n];
    for (int i = 0; i < n; i++) {
      int start = pos;
      Geometry part = readGeometry(depth + 1);
      int expected = base == 7 ? 0 : base - 3;
      if (expected != 0 && !isType(part, expected)) {
        pos = start;
        throw fail("a " + typeName(base) + " may not hold a " + part.getGeometryType());
      }
      parts[i] = part;
    }
    return switch (base) {
      case 4 -> factory.createMultiPoint(castArray(parts, new Point[n]));
      case 5 -> factory.createMultiLineString(castArray(parts, new LineString[n]));
      case 6 -> factory.createMultiPolygon(castArray(parts, new Polygon[n]));
      default -> factory.createGeometryCollection(parts);
    };
  }

  private static boolean isType(Geometry g, int base) {
    return switch (base) {
      case 1 -> g instanceof Point;
      case 2 -> g instanceof LineString;
      default -> g instanceof Polygon;
    };
  }

  private static String typeName(int base) {
    return switch (base) {
      case 4 -> "MultiPoint";
      case 5 -> "MultiLineString";
      case 6 -> "MultiPolygon";
      default -> "GeometryCollection";
    };
  }

  @SuppressWarnings("SuspiciousSystemArraycopy")
  private static <T> T[] castArray(Geometry[] parts, T[] into) {
    System.arraycopy(parts, 0, into, 0, parts.length);
    return into;
  }
}
