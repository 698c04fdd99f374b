package org.geostream.types.fn;

import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The bodies of the functions that run per row in the hottest workloads (building points, reading
 * coordinates, distance tests, cell keys), written against the encoded bytes and primitive values so
 * that generated code can call them without boxing, argument arrays or JTS objects. Each falls back to
 * the general kernel path for anything but simple points. Thread-safe.
 */
public final class Fast {
  private Fast() {}

  /** st_point(x, y) and st_makePoint(x, y): the 21-byte encoding. */
  public static byte[] point(double x, double y) {
    if (!Double.isFinite(x)) {
      throw Args.bad("st_point", "x must be a finite number", x);
    }
    if (!Double.isFinite(y)) {
      throw Args.bad("st_point", "y must be a finite number", y);
    }
    return GeometryCodec.encodePoint(x, y, 0);
  }

  /** st_x. */
  public static Double x(byte[] g) {
    return ordinate(g, 0, "st_x");
  }

  /** st_y. */
  public static Double y(byte[] g) {
    return ordinate(g, 1, "st_y");
  }

  private static Double ordinate(byte[] g, int which, String fn) {
    if (GeometryCodec.isSimplePoint(g)) {
      double v = which == 0 ? GeometryCodec.simplePointX(g) : GeometryCodec.simplePointY(g);
      return Double.isNaN(v) ? null : v;
    }
    org.locationtech.jts.geom.Point p = Args.point(GeometryCodec.decode(g), fn);
    return p.isEmpty() ? null : which == 0 ? p.getX() : p.getY();
  }

  /**
   * st_asBinary: ISO WKB, little-endian. A 2D value is stored in exactly that form, so it is returned
   * as stored, less the SRID when it has one; values with Z or M are rewritten with ISO type codes.
   */
  public static byte[] asBinary(byte[] g) {
    if (g.length >= 5 && g[0] == 1 && (g[4] & 0xC0) == 0) {
      if ((g[4] & 0x20) == 0) {
        return g;
      }
      byte[] out = new byte[g.length - 4];
      System.arraycopy(g, 0, out, 0, 5);
      out[4] &= (byte) ~0x20;
      System.arraycopy(g, 9, out, 5, g.length - 9);
      return out;
    }
    return Outputs.wkb(GeometryCodec.decode(g), org.locationtech.jts.io.ByteOrderValues.LITTLE_ENDIAN);
  }

  /** st_distance; the operands' SRIDs must agree. */
  public static Double distance(byte[] a, byte[] b) {
    Srids.requireSame(a, b);
    return Measures.distance(a, b);
  }

  /** st_dwithin; the operands' SRIDs must agree. */
  public static boolean dwithin(byte[] a, byte[] b, double d) {
    Srids.requireSame(a, b);
    return Predicates.dwithin(a, b, d);
  }

  /** st_geoHash(geom, chars), PostGIS semantics, as ASCII bytes (Spark strings are UTF-8 bytes). */
  public static byte[] geohash(byte[] g, int chars) {
    if (GeometryCodec.isSimplePoint(g) && chars > 0) {
      double x = GeometryCodec.simplePointX(g);
      double y = GeometryCodec.simplePointY(g);
      if (Double.isNaN(x)) {
        return null;
      }
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
        throw Args.bad("st_geoHash", "longitude must be within [-180, 180] and latitude within [-90, 90]", x + " " + y);
      }
      return GeoHash.encodeAscii(x, y, chars);
    }
    String hash = Cells.geohashPostgis(GeometryCodec.decode(g), chars);
    return hash == null ? null : hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** st_h3CellId(point, resolution). */
  public static Long h3CellId(byte[] g, int res) {
    if (GeometryCodec.isSimplePoint(g)) {
      double x = GeometryCodec.simplePointX(g);
      double y = GeometryCodec.simplePointY(g);
      if (Double.isNaN(x)) {
        return null;
      }
      return Cells.h3Cell(x, y, res);
    }
    Geometry geom = GeometryCodec.decode(g);
    org.locationtech.jts.geom.Point p = Args.point(geom, "st_h3CellId");
    return p.isEmpty() ? null : Cells.h3Cell(p.getX(), p.getY(), res);
  }
}
