package org.geostream.types.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * The binary encoding of every GeoStream geometry value: little-endian EWKB, as PostGIS writes it.
 *
 * <p>Layout: byte order (always {@code 01} when written here), a 32-bit type word holding the WKB
 * base type (1 point … 7 collection) with the flags {@code 0x80000000} (has Z), {@code 0x40000000}
 * (has M) and {@code 0x20000000} (SRID follows), then the SRID when non-zero, then the standard WKB
 * body. Nested members carry their own header without SRID. An empty point is written with NaN
 * coordinates. Any WKB reader that understands EWKB (GEOS and so shapely, PostGIS, DuckDB spatial)
 * reads it unchanged; when the SRID is 0 the bytes are also plain 2D OGC WKB.
 *
 * <p>{@link #decode} also accepts big-endian input and ISO type codes (1001, 2001, 3001 …), so it
 * reads any WKB. Decoding and encoding are linear in the number of coordinates. Thread-safe.
 */
public final class GeometryCodec {
  /** The factory every decoded geometry is built with (floating precision, SRID 0). */
  public static final GeometryFactory FACTORY = new GeometryFactory();

  static final int FLAG_Z = 0x80000000;
  static final int FLAG_M = 0x40000000;
  static final int FLAG_SRID = 0x20000000;

  private static final VarHandle LE_DOUBLE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private GeometryCodec() {}

  // ---------------------------------------------------------------- encoding

  /** Encodes {@code g} (with its SRID, Z and M) as EWKB; null gives null. */
  public static byte[] encode(Geometry g) {
    if (g == null) {
      return null;
    }
    return new WkbWriter(g).write();
  }

  /**
   * Encodes {@code g} as ISO WKB, little-endian, without SRID: Z and M are type codes 1001…,
   * 2001…, 3001… instead of EWKB flags, as GeoParquet requires. 2D geometries give the same bytes
   * as {@link #encode} of a geometry with SRID 0. Null gives null.
   */
  public static byte[] encodeIso(Geometry g) {
    if (g == null) {
      return null;
    }
    return new WkbWriter(g, true).write();
  }

  /** The 21-byte encoding of a 2D point (25 bytes when {@code srid != 0}), without a JTS object. */
  public static byte[] encodePoint(double x, double y, int srid) {
    byte[] out = new byte[srid == 0 ? 21 : 25];
    out[0] = 1;
    int pos = 5;
    if (srid == 0) {
      LE_INT.set(out, 1, 1);
    } else {
      LE_INT.set(out, 1, 1 | FLAG_SRID);
      LE_INT.set(out, 5, srid);
      pos = 9;
    }
    LE_DOUBLE.set(out, pos, x);
    LE_DOUBLE.set(out, pos + 8, y);
    return out;
  }

  // ---------------------------------------------------------------- decoding

  /**
   * Decodes WKB or EWKB of either byte order; null gives null.
   *
   * @throws org.geostream.types.GeoStreamException if the bytes are not well-formed WKB, naming the
   *     byte offset and showing an excerpt of the input
   */
  public static Geometry decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return new WkbReader(bytes).read();
  }

  /** True when {@code bytes} hold a little-endian 2D point (the layout of {@link #encodePoint}). */
  public static boolean isSimplePoint(byte[] bytes) {
    if (bytes.length < 21 || bytes[0] != 1) {
      return false;
    }
    int type = (int) LE_INT.get(bytes, 1);
    return (type & ~FLAG_SRID) == 1;
  }

  /** X of a point tested with {@link #isSimplePoint}, read straight from the bytes. */
  public static double simplePointX(byte[] bytes) {
    return (double) LE_DOUBLE.get(bytes, bytes.length - 16);
  }

  /** Y of a point tested with {@link #isSimplePoint}, read straight from the bytes. */
  public static double simplePointY(byte[] bytes) {
    return (double) LE_DOUBLE.get(bytes, bytes.length - 8);
  }

  /** The SRID stored in an encoded geometry, 0 when none; reads the header only. */
  public static int srid(byte[] bytes) {
    if (bytes.length >= 9) {
      boolean le = bytes[0] == 1;
      int type = le ? (int) LE_INT.get(bytes, 1) : readIntBE(bytes, 1);
      if ((type & FLAG_SRID) != 0) {
        return le ? (int) LE_INT.get(bytes, 5) : readIntBE(bytes, 5);
      }
    }
    return 0;
  }

  /**
   * The bounding box of an encoded geometry, computed from its coordinates without building JTS
   * objects; an empty geometry gives a null envelope ({@link Envelope#isNull()}).
   */
  public static Envelope envelope(byte[] bytes) {
    if (isSimplePoint(bytes)) {
      double x = simplePointX(bytes);
      double y = simplePointY(bytes);
      return Double.isNaN(x) ? new Envelope() : new Envelope(x, x, y, y);
    }
    return decode(bytes).getEnvelopeInternal();
  }

  /**
   * Sets {@code dims[0]} to 1 when any coordinate of {@code g} has a non-NaN Z, and {@code dims[1]}
   * to 1 when {@code g} carries M values. Linear in the number of coordinates.
   */
  public static void scanDimensions(Geometry g, int[] dims) {
    if (g instanceof GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        scanDimensions(g.getGeometryN(i), dims);
      }
    } else if (g instanceof Polygon p) {
      scanSequence(p.getExteriorRing().getCoordinateSequence(), dims);
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        scanSequence(p.getInteriorRingN(i).getCoordinateSequence(), dims);
      }
    } else if (g instanceof LineString l) {
      scanSequence(l.getCoordinateSequence(), dims);
    } else if (g instanceof Point p) {
      scanSequence(p.getCoordinateSequence(), dims);
    }
  }

  private static void scanSequence(CoordinateSequence seq, int[] dims) {
    if (seq.hasM()) {
      dims[1] = 1;
    }
    if (dims[0] == 0 && seq.hasZ()) {
      for (int i = 0, n = seq.size(); i < n; i++) {
        if (!Double.isNaN(seq.getZ(i))) {
          dims[0] = 1;
          return;
        }
      }
    }
  }

  static int readIntBE(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
  }

  // ---------------------------------------------------------------- writer

  /** Writes one geometry; sizes the output exactly first, so one allocation per value. */
  private static final class WkbWriter {
    private final Geometry root;
    private final boolean hasZ;
    private final boolean hasM;
    private final int ordinates;
    private final boolean iso;
    private byte[] out;
    private int pos;

    WkbWriter(Geometry g) {
      this(g, false);
    }

    WkbWriter(Geometry g, boolean iso) {
      this.root = g;
      this.iso = iso;
      int[] dims = new int[2];
      scanDimensions(g, dims);
      this.hasZ = dims[0] != 0;
      this.hasM = dims[1] != 0;
      this.ordinates = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    }

    byte[] write() {
      int srid = iso ? 0 : root.getSRID();
      out = new byte[size(root) + (srid != 0 ? 4 : 0)];
      pos = 0;
      writeGeometry(root, srid);
      return out;
    }

    private int size(Geometry g) {
      int coordBytes = 8 * ordinates;
      if (g instanceof Point p) {
        return 5 + coordBytes;
      } else if (g instanceof LineString l) {
        return 9 + l.getNumPoints() * coordBytes;
      } else if (g instanceof Polygon p) {
        if (p.isEmpty()) {
          return 9;
        }
        int s = 9 + 4 + p.getExteriorRing().getNumPoints() * coordBytes;
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
          s += 4 + p.getInteriorRingN(i).getNumPoints() * coordBytes;
        }
        return s;
      } else {
        int s = 9;
        for (int i = 0; i < g.getNumGeometries(); i++) {
          s += size(g.getGeometryN(i));
        }
        return s;
      }
    }

    private void writeHeader(int baseType, int srid) {
      int type = iso
          ? baseType + (hasZ ? 1000 : 0) + (hasM ? 2000 : 0)
          : baseType | (hasZ ? FLAG_Z : 0) | (hasM ? FLAG_M : 0) | (srid != 0 ? FLAG_SRID : 0);
      out[pos] = 1;
      LE_INT.set(out, pos + 1, type);
      pos += 5;
      if (srid != 0) {
        LE_INT.set(out, pos, srid);
        pos += 4;
      }
    }

    private void writeInt(int v) {
      LE_INT.set(out, pos, v);
      pos += 4;
    }

    private void writeGeometry(Geometry g, int srid) {
      if (g instanceof Point p) {
        writeHeader(1, srid);
        if (p.isEmpty()) {
          for (int i = 0; i < ordinates; i++) {
            LE_DOUBLE.set(out, pos, Double.NaN);
            pos += 8;
          }
        } else {
          writeCoordinates(p.getCoordinateSequence(), false);
        }
      } else if (g instanceof LineString l) {
        writeHeader(2, srid);
        writeCoordinates(l.getCoordinateSequence(), true);
      } else if (g instanceof Polygon p) {
        writeHeader(3, srid);
        if (p.isEmpty()) {
          writeInt(0);
          return;
        }
        writeInt(1 + p.getNumInteriorRing());
        writeCoordinates(p.getExteriorRing().getCoordinateSequence(), true);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
          writeCoordinates(p.getInteriorRingN(i).getCoordinateSequence(), true);
        }
      } else {
        writeHeader(collectionType(g), srid);
        writeInt(g.getNumGeometries());
        for (int i = 0; i < g.getNumGeometries(); i++) {
          writeGeometry(g.getGeometryN(i), 0);
        }
      }
    }

    private void writeCoordinates(CoordinateSequence seq, boolean withCount) {
      int n = seq.size();
      if (withCount) {
        writeInt(n);
      }
      for (int i = 0; i < n; i++) {
        LE_DOUBLE.set(out, pos, seq.getX(i));
        LE_DOUBLE.set(out, pos + 8, seq.getY(i));
        pos += 16;
        if (hasZ) {
          LE_DOUBLE.set(out, pos, seq.hasZ() ? seq.getZ(i) : Double.NaN);
          pos += 8;
        }
        if (hasM) {
          LE_DOUBLE.set(out, pos, seq.hasM() ? seq.getM(i) : Double.NaN);
          pos += 8;
        }
      }
    }
  }

  static int collectionType(Geometry g) {
    return switch (g.getGeometryType()) {
      case Geometry.TYPENAME_MULTIPOINT -> 4;
      case Geometry.TYPENAME_MULTILINESTRING -> 5;
      case Geometry.TYPENAME_MULTIPOLYGON -> 6;
      default -> 7;
    };
  }
}
