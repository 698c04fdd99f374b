package org.geostream.types.fn;

import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;

/** Argument checks and small helpers shared by the function families. */
final class Args {
  static final GeometryFactory F = GeometryCodec.FACTORY;

  private Args() {}

  /** {@code g} as a point, or an error naming {@code fn} and showing the geometry. */
  static Point point(Geometry g, String fn) {
    if (g instanceof Point p) {
      return p;
    }
    throw Errors.cannot("evaluate " + fn, "argument must be a POINT, found " + g.getGeometryType(), g);
  }

  /** {@code g} as a line string, or an error naming {@code fn}. */
  static LineString line(Geometry g, String fn) {
    if (g instanceof LineString l) {
      return l;
    }
    throw Errors.cannot("evaluate " + fn, "argument must be a LINESTRING, found " + g.getGeometryType(), g);
  }

  /** Rejects NaN and infinite coordinate values given to a constructor. */
  static double finite(double v, String fn, String what) {
    if (!Double.isFinite(v)) {
      throw Errors.cannot("evaluate " + fn, what + " must be a finite number", v);
    }
    return v;
  }

  /** An error for a bad argument value. */
  static GeoStreamException bad(String fn, String reason, Object value) {
    return Errors.cannot("evaluate " + fn, reason, value);
  }

  /** {@code g} with {@code srid} set when non-zero, for chaining. */
  static <T extends Geometry> T srid(T g, int srid) {
    if (srid != 0) {
      g.setSRID(srid);
    }
    return g;
  }
}
