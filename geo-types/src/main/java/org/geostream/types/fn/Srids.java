package org.geostream.types.fn;

import org.geostream.types.Errors;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;

/**
 * The SRID rule of functions of two geometries: operands whose SRIDs are both set and differ are
 * rejected, since coordinates in different reference systems cannot be compared. Unlike PostGIS,
 * SRID 0 ("unknown") goes with any SRID: a literal such as {@code st_point(2.35, 48.86)} can be
 * compared with a column whose geometries carry 4326, as in Sedona and GeoMesa. Thread-safe.
 */
public final class Srids {
  private Srids() {}

  /** The SRID of a geometry argument, JTS or encoded; 0 for anything else. */
  public static int of(Object g) {
    if (g instanceof Geometry geom) {
      return geom.getSRID();
    }
    return g instanceof byte[] bytes ? GeometryCodec.srid(bytes) : 0;
  }

  /** Whether two SRIDs agree: equal, or one of them 0 (unknown). */
  public static boolean agree(int a, int b) {
    return a == b || a == 0 || b == 0;
  }

  /**
   * Checks that two SRIDs {@link #agree}.
   *
   * @throws org.geostream.types.GeoStreamException naming both SRIDs when both are set and differ
   */
  public static void requireSame(int a, int b) {
    if (!agree(a, b)) {
      throw Errors.cannot("compare geometries", "the operands have different SRIDs (" + a + " and " + b
          + "); st_transform or st_setSRID makes them agree", null);
    }
  }

  /** {@link #requireSame(int, int)} for two encoded geometries. */
  static void requireSame(byte[] a, byte[] b) {
    if (a.length > 5 && b.length > 5 && (a[4] & b[4] & 0x20) != 0) {
      requireSame(GeometryCodec.srid(a), GeometryCodec.srid(b));
    }
  }
}
