package org.geostream.types.fn;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Distances on the Earth for longitude/latitude geometries: on a sphere of the WGS84 mean radius
 * (haversine, as PostGIS's ST_DistanceSphere and GeoMesa) and on the WGS84 spheroid (GeographicLib's
 * geodesics, accurate to nanometres). Distances between non-points are true minimum distances:
 * vertex-to-great-circle-arc over both geometries, zero when they meet on the sphere (edges are
 * great-circle arcs, as in PostGIS's geography; see {@link Gnomonic}). On the spheroid it is the
 * geodesic between the pair nearest on the sphere, as PostGIS's geography distance measures it.
 * Cost O(n·m) in the vertex counts. Thread-safe.
 */
final class Spherical {
  /** Mean Earth radius of WGS84, (2a + b) / 3, in metres. */
  static final double RADIUS = 6371008.7714;

  private Spherical() {}

  /** Haversine distance in metres between two lon/lat positions. */
  static double haversine(double lon1, double lat1, double lon2, double lat2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Geodesic distance in metres on the WGS84 spheroid between two lon/lat positions. */
  static double geodesic(double lon1, double lat1, double lon2, double lat2) {
    GeodesicData d = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE);
    return d.s12;
  }

  /** Minimum distance in metres on the sphere; null when either geometry is empty. */
  static Double sphereDistance(Geometry a, Geometry b) {
    Coordinate[] pair = closestPair(a, b);
    return pair == null ? null : haversine(pair[0].x, pair[0].y, pair[1].x, pair[1].y);
  }

  /** Minimum distance in metres on the WGS84 spheroid; null when either geometry is empty. */
  static Double spheroidDistance(Geometry a, Geometry b) {
    Coordinate[] pair = closestPair(a, b);
    return pair == null ? null : geodesic(pair[0].x, pair[0].y, pair[1].x, pair[1].y);
  }

  /** Length in metres of the lines of {@code g} (polygons give 0) on the sphere or spheroid. */
  static double length(Geometry g, boolean spheroid) {
    return length(g, spheroid, false);
  }

  /**
   * Length in metres of the lines of {@code g} on the sphere or spheroid; with {@code rings}, the
   * rings of polygons count too (PostGIS's ST_LengthSpheroid gives a polygon its perimeter).
   */
  static double length(Geometry g, boolean spheroid, boolean rings) {
    double total = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof LineString l) {
        for (int k = 1; k < l.getNumPoints(); k++) {
          Coordinate p = l.getCoordinateN(k - 1);
          Coordinate q = l.getCoordinateN(k);
          total += spheroid ? geodesic(p.x, p.y, q.x, q.y) : haversine(p.x, p.y, q.x, q.y);
        }
      } else if (rings && part instanceof Polygon poly && !poly.isEmpty()) {
        total += length(poly.getExteriorRing(), spheroid, false);
        for (int h = 0; h < poly.getNumInteriorRing(); h++) {
          total += length(poly.getInteriorRingN(h), spheroid, false);
        }
      } else if (part != g && !(part instanceof Point) && !(part instanceof Polygon)) {
        total += length(part, spheroid, rings);
      }
    }
    return total;
  }

  /**
   * The closest pair of positions between {@code a} and {@code b} on the sphere (one on each, in
   * lon/lat); null when either is empty. Intersecting geometries give a shared position.
   */
  static Coordinate[] closestPair(Geometry a, Geometry b) {
    if (a.isEmpty() || b.isEmpty()) {
      return null;
    }
    if (a instanceof Point p && b instanceof Point q) {
      return new Coordinate[] {p.getCoordinate(), q.getCoordinate()};
    }
    Coordinate shared = Gnomonic.sharedPoint(a, b);
    if (shared != null) {
      return new Coordinate[] {shared, shared};
    }
    Best best = new Best();
    scan(a, b, best, false);
    scan(b, a, best, true);
    return best.pair;
  }

  private static final class Best {
    double angle = Double.POSITIVE_INFINITY;
    Coordinate[] pair;
  }

  /** Every vertex of {@code from} against every segment (or vertex) of {@code to}. */
  private static void scan(Geometry from, Geometry to, Best best, boolean swapped) {
    Coordinate[] vertices = from.getCoordinates();
    java.util.List<Coordinate[]> lines = new java.util.ArrayList<>();
    collectLines(to, lines);
    for (Coordinate v : vertices) {
      double[] pv = unit(v);
      for (Coordinate[] line : lines) {
        if (line.length == 1) {
          offer(best, pv, v, unit(line[0]), line[0], swapped);
          continue;
        }
        for (int i = 1; i < line.length; i++) {
          double[] s = unit(line[i - 1]);
          double[] e = unit(line[i]);
          double[] q = closestOnArc(pv, s, e);
          offer(best, pv, v, q, toLonLat(q), swapped);
        }
      }
    }
  }

  private static void offer(Best best, double[] pv, Coordinate v, double[] q, Coordinate qc, boolean swapped) {
    double angle = angle(pv, q);
    if (angle < best.angle) {
      best.angle = angle;
      best.pair = swapped ? new Coordinate[] {qc, v} : new Coordinate[] {v, qc};
    }
  }

  private static void collectLines(Geometry g, java.util.List<Coordinate[]> out) {
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Point p && !p.isEmpty()) {
        out.add(new Coordinate[] {p.getCoordinate()});
      } else if (part instanceof LineString l) {
        out.add(l.getCoordinates());
      } else if (part instanceof Polygon poly && !poly.isEmpty()) {
        out.add(poly.getExteriorRing().getCoordinates());
        for (int h = 0; h < poly.getNumInteriorRing(); h++) {
          out.add(poly.getInteriorRingN(h).getCoordinates());
        }
      } else if (part != g) {
        collectLines(part, out);
      }
    }
  }

  private static double[] unit(Coordinate c) {
    double lon = Math.toRadians(c.x);
    double lat = Math.toRadians(c.y);
    double cl = Math.cos(lat);
    return new double[] {cl * Math.cos(lon), cl * Math.sin(lon), Math.sin(lat)};
  }

  private static Coordinate toLonLat(double[] v) {
    return new Coordinate(Math.toDegrees(Math.atan2(v[1], v[0])), Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[2])))));
  }

  private static double angle(double[] a, double[] b) {
    double[] x = cross(a, b);
    return Math.atan2(Math.sqrt(dot(x, x)), dot(a, b));
  }

  /** The point of the minor great-circle arc s..e closest to p. */
  private static double[] closestOnArc(double[] p, double[] s, double[] e) {
    double[] n = cross(s, e);
    double nn = Math.sqrt(dot(n, n));
    if (nn < 1e-15) {
      return s;
    }
    n = new double[] {n[0] / nn, n[1] / nn, n[2] / nn};
    double d = dot(p, n);
    double[] proj = {p[0] - d * n[0], p[1] - d * n[1], p[2] - d * n[2]};
    double len = Math.sqrt(dot(proj, proj));
    if (len > 1e-15) {
      proj = new double[] {proj[0] / len, proj[1] / len, proj[2] / len};
      if (dot(cross(s, proj), n) >= 0 && dot(cross(proj, e), n) >= 0) {
        return proj;
      }
    }
    return angle(p, s) <= angle(p, e) ? s : e;
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
