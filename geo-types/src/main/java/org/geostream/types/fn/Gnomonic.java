package org.geostream.types.fn;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;

/**
 * Whether two longitude/latitude geometries meet on the sphere, their edges taken as minor
 * great-circle arcs (as PostGIS's geography and ST_DistanceSphere/ST_DistanceSpheroid take them),
 * not as straight lines in the lon/lat plane. A long edge bows poleward of its planar course, so
 * geometries that cross in the lon/lat plane may pass each other on the sphere, and the reverse.
 *
 * <p>Both geometries are mapped by the gnomonic projection centred on the mean direction of their
 * vertices. That projection maps every great circle to a straight line, so JTS's planar predicates
 * on the projected geometries (RelateNG, robust on invalid polygons) decide spherical intersection
 * and containment exactly. It covers only the open hemisphere around its centre: geometries that do
 * not fit well inside one hemisphere fall back to the lon/lat plane. Cost O(n + m) to project plus
 * one RelateNG evaluation. Thread-safe (no state).
 */
final class Gnomonic {
  /**
   * The smallest cosine of the angle between a vertex and the projection centre (about 88.9°):
   * nearer the horizon the projected coordinates grow without bound.
   */
  private static final double MIN_COS = 0.02;

  private Gnomonic() {}

  /**
   * A position the two non-empty geometries share on the sphere (in lon/lat), or null when they are
   * disjoint there. Geometries that fit in no hemisphere are decided in the lon/lat plane.
   */
  static Coordinate sharedPoint(Geometry a, Geometry b) {
    double[] c = centre(a, b);
    if (c == null) {
      if (!RelateNG.relate(a, b, RelatePredicate.intersects())) {
        return null;
      }
      return DistanceOp.nearestPoints(a, b)[0];
    }
    double[] e1 = normalize(Math.abs(c[2]) < 0.9 ? cross(new double[] {0, 0, 1}, c) : cross(new double[] {1, 0, 0}, c));
    double[] e2 = cross(c, e1);
    Geometry pa = project(a, c, e1, e2);
    Geometry pb = project(b, c, e1, e2);
    if (!RelateNG.relate(pa, pb, RelatePredicate.intersects())) {
      return null;
    }
    Coordinate p = DistanceOp.nearestPoints(pa, pb)[0];
    double[] v = normalize(new double[] {
        c[0] + p.x * e1[0] + p.y * e2[0], c[1] + p.x * e1[1] + p.y * e2[1], c[2] + p.x * e1[2] + p.y * e2[2]});
    return new Coordinate(Math.toDegrees(Math.atan2(v[1], v[0])), Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[2])))));
  }

  /**
   * The unit vector of the mean direction of all vertices, or null when some vertex lies too far
   * from it (the geometries fit in no hemisphere around it).
   */
  private static double[] centre(Geometry a, Geometry b) {
    double[] sum = new double[3];
    for (Geometry g : new Geometry[] {a, b}) {
      for (Coordinate k : g.getCoordinates()) {
        double[] u = unit(k.x, k.y);
        sum[0] += u[0];
        sum[1] += u[1];
        sum[2] += u[2];
      }
    }
    double len = Math.sqrt(dot(sum, sum));
    if (len < 1e-9) {
      return null;
    }
    double[] c = {sum[0] / len, sum[1] / len, sum[2] / len};
    for (Geometry g : new Geometry[] {a, b}) {
      for (Coordinate k : g.getCoordinates()) {
        if (dot(unit(k.x, k.y), c) < MIN_COS) {
          return null;
        }
      }
    }
    return c;
  }

  /** A copy of {@code g} in the gnomonic plane of centre {@code c} and axes {@code e1}, {@code e2}. */
  private static Geometry project(Geometry g, double[] c, double[] e1, double[] e2) {
    Geometry copy = g.copy();
    copy.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        double[] u = unit(seq.getX(i), seq.getY(i));
        double d = dot(u, c);
        seq.setOrdinate(i, 0, dot(u, e1) / d);
        seq.setOrdinate(i, 1, dot(u, e2) / d);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    return copy;
  }

  private static double[] unit(double lonDeg, double latDeg) {
    double lon = Math.toRadians(lonDeg);
    double lat = Math.toRadians(latDeg);
    double cl = Math.cos(lat);
    return new double[] {cl * Math.cos(lon), cl * Math.sin(lon), Math.sin(lat)};
  }

  private static double[] normalize(double[] v) {
    double len = Math.sqrt(dot(v, v));
    return new double[] {v[0] / len, v[1] / len, v[2] / len};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
