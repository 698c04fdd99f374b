package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.DOUBLE;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.GEOMETRY_ARRAY;
import static org.geostream.types.fn.ValueType.GEOMETRY_BYTES;

import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.algorithm.MinimumDiameter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.precision.MinimumClearance;

/** Measures: areas, lengths, distances (planar, sphere, spheroid), centroids and nearest points. */
final class Measures {
  private Measures() {}

  private static final String LINE = "st_geomFromText('LINESTRING(0 0,3 4)')";
  private static final String SQUARE = "st_geomFromText('POLYGON((0 0,2 0,2 2,0 2,0 0))')";

  static void define(Catalog c) {
    c.fn("st_area", DOUBLE, "Planar area in CRS units squared; 0 for points and lines.", "st_area(" + SQUARE + ")")
        .g(Geometry::getArea);
    c.fn("st_length", DOUBLE,
        "Planar length of lines in CRS units, also of the lines inside collections; 0 for points and polygons (PostGIS). GeoMesa returns a polygon's perimeter, which `spark.geostream.compat=geomesa` restores.",
        "st_length(" + LINE + ")")
        .geomesa(a -> ((Geometry) a[0]).getLength())
        .g(Measures::linealLength);
    c.fn("st_perimeter", DOUBLE, "Planar length of the rings of polygons; 0 for other types.", "st_perimeter(" + SQUARE + ")")
        .g(g -> g instanceof Polygonal ? g.getLength() : polygonalPartsLength(g));
    c.fn("st_distance", DOUBLE, "Planar minimum distance in CRS units; null when either is empty.",
        "st_distance(st_point(0, 0), st_point(3, 4))")
        .direct(Fast.class, "distance", GEOMETRY_BYTES, GEOMETRY_BYTES);
    c.fn("st_distanceSphere", DOUBLE,
        "Minimum distance in metres between lon/lat geometries on a sphere of radius 6371008.7714 m. Between non-points it is the true minimum distance (GeoMesa measures between first vertices).",
        "round(st_distanceSphere(st_point(0, 0), st_point(1, 0)), 3)")
        .gg(Spherical::sphereDistance);
    c.fn("st_distanceSpheroid", DOUBLE,
        "Minimum distance in metres between lon/lat geometries on the WGS84 spheroid (geodesic).",
        "round(st_distanceSpheroid(st_point(0, 0), st_point(1, 0)), 3)")
        .gg(Spherical::spheroidDistance);
    c.fn("st_lengthSphere", DOUBLE, "Length in metres of lon/lat lines on the sphere.",
        "round(st_lengthSphere(st_geomFromText('LINESTRING(0 0,1 0)')), 3)")
        .g(g -> Spherical.length(g, false));
    c.fn("st_lengthSpheroid", DOUBLE,
        "Length in metres of lon/lat lines on the WGS84 spheroid; polygons count with their perimeter (PostGIS's ST_LengthSpheroid).",
        "round(st_lengthSpheroid(st_geomFromText('LINESTRING(0 0,1 0)')), 3)")
        .g(g -> Spherical.length(g, true, true));
    c.fn("st_aggregateDistanceSphere", DOUBLE,
        "The total sphere distance in metres along an array of geometries, element to element (for example a `collect_list` over a window). GeoMesa uses only the first two elements; for two-element arrays the results agree.",
        "round(st_aggregateDistanceSphere(array(st_point(0, 0), st_point(1, 0), st_point(1, 1))), 3)")
        .k(a -> chainDistance((Geometry[]) a[0], false), GEOMETRY_ARRAY);
    c.fn("st_aggregateDistanceSpheroid", DOUBLE, "As st_aggregateDistanceSphere, on the WGS84 spheroid.",
        "round(st_aggregateDistanceSpheroid(array(st_point(0, 0), st_point(1, 0))), 3)")
        .k(a -> chainDistance((Geometry[]) a[0], true), GEOMETRY_ARRAY);

    c.fn("st_centroid", GEOMETRY, "The centre of mass (of the highest-dimension parts); an empty point for an empty geometry.",
        "st_asText(st_centroid(" + SQUARE + "))")
        .g(Geometry::getCentroid);
    c.fn("st_closestPoint", GEOMETRY, "The point of A nearest to B, in 2D.", "st_asText(st_closestPoint(" + LINE + ", st_point(3, 0)))")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : Args.F.createPoint(xy(DistanceOp.nearestPoints(a, b))[0]));
    c.fn("st_shortestLine", GEOMETRY, "The shortest line from A to B, in 2D.", "st_asText(st_shortestLine(st_point(0, 0), " + SQUARE + "))")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : Args.F.createLineString(xy(DistanceOp.nearestPoints(a, b))));
    c.fn("st_maxDistance", DOUBLE, "The largest distance between a point of A and a point of B.",
        "st_maxDistance(st_point(0, 0), " + SQUARE + ")")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : maxDistance(a, b));
    c.fn("st_longestLine", GEOMETRY, "The line between the two vertices of A and B farthest apart, in 2D.",
        "st_asText(st_longestLine(st_point(0, 0), " + SQUARE + "))")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : Args.F.createLineString(xy(farthestPair(a, b))));
    c.fn("st_hausdorffDistance", DOUBLE, "The discrete Hausdorff distance: how far the two shapes differ.",
        "st_hausdorffDistance(st_geomFromText('LINESTRING(0 0,2 0)'), st_geomFromText('LINESTRING(0 1,2 1)'))")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : DiscreteHausdorffDistance.distance(a, b));
    c.fn("st_hausdorffDistance", DOUBLE, "With each segment densified into pieces of this fraction of its length.",
        "st_hausdorffDistance(st_geomFromText('LINESTRING(0 0,2 0)'), st_geomFromText('LINESTRING(0 1,2 1)'), 0.5)")
        .k(a -> ((Geometry) a[0]).isEmpty() || ((Geometry) a[1]).isEmpty() ? null
            : DiscreteHausdorffDistance.distance((Geometry) a[0], (Geometry) a[1], (Double) a[2]), GEOMETRY, GEOMETRY, DOUBLE);
    c.fn("st_frechetDistance", DOUBLE, "The discrete Fréchet distance between two lines.",
        "st_frechetDistance(st_geomFromText('LINESTRING(0 0,2 0)'), st_geomFromText('LINESTRING(0 1,2 1)'))")
        .gg((a, b) -> a.isEmpty() || b.isEmpty() ? null : frechet(a.getCoordinates(), b.getCoordinates()));
    c.fn("st_azimuth", DOUBLE,
        "The angle in radians from north, clockwise, of the segment from point A to point B; null when they coincide; an error for an empty point (PostGIS).",
        "round(degrees(st_azimuth(st_point(0, 0), st_point(1, 1))), 6)")
        .gg((a, b) -> {
          Point p = Args.point(a, "st_azimuth");
          Point q = Args.point(b, "st_azimuth");
          if (p.isEmpty() || q.isEmpty()) {
            throw Args.bad("st_azimuth", "an empty point has no position", p.isEmpty() ? p : q);
          }
          if (p.getCoordinate().equals2D(q.getCoordinate())) {
            return null;
          }
          double az = Math.atan2(q.getX() - p.getX(), q.getY() - p.getY());
          return az < 0 ? az + 2 * Math.PI : az;
        });
    c.fn("st_lineInterpolatePoint", GEOMETRY,
        "The point at a fraction (0..1) of a line's 2D length, with Z and M interpolated; an empty point for an empty line.",
        "st_asText(st_lineInterpolatePoint(" + LINE + ", 0.5))")
        .gd((g, f) -> {
          LineString l = Args.line(g, "st_lineInterpolatePoint");
          if (f < 0 || f > 1) {
            throw Args.bad("st_lineInterpolatePoint", "fraction must be between 0 and 1", f);
          }
          return interpolate(l, f);
        });
    c.fn("st_lineLocatePoint", DOUBLE,
        "The fraction (0..1) of a line's length at the point of the line closest to a point; null when either is empty.",
        "st_lineLocatePoint(" + LINE + ", st_point(3, 0))")
        .gg((g, p) -> {
          LineString l = Args.line(g, "st_lineLocatePoint");
          Point q = Args.point(p, "st_lineLocatePoint");
          if (l.isEmpty() || q.isEmpty()) {
            return null;
          }
          double len = l.getLength();
          return len == 0 ? 0.0 : new LengthIndexedLine(l).project(q.getCoordinate()) / len;
        });
    c.fn("st_boundingDiagonal", GEOMETRY, "The diagonal of the bounding box, from its lower-left to its upper-right corner.",
        "st_asText(st_boundingDiagonal(" + SQUARE + "))")
        .k(a -> {
          Envelope e = GeometryCodec.envelope((byte[]) a[0]);
          if (e.isNull()) {
            return Args.F.createLineString();
          }
          return Args.F.createLineString(new Coordinate[] {new Coordinate(e.getMinX(), e.getMinY()), new Coordinate(e.getMaxX(), e.getMaxY())});
        }, GEOMETRY_BYTES);
    c.fn("st_minimumClearance", DOUBLE, "The smallest distance a vertex could move to make the geometry invalid; infinity when none can.",
        "st_minimumClearance(" + SQUARE + ")")
        .g(g -> {
          double d = MinimumClearance.getDistance(g);
          // JTS answers Double.MAX_VALUE when no vertex can move the geometry into invalidity.
          return d == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : d;
        });
    c.fn("st_minimumDiameter", DOUBLE, "The width of the narrowest strip containing the geometry.",
        "st_minimumDiameter(" + SQUARE + ")")
        .g(g -> new MinimumDiameter(g).getLength());
  }

  /** The positions as 2D coordinates: these are planar answers (as PostGIS's), and a Z or M from one input only would be half-known. */
  private static Coordinate[] xy(Coordinate[] cs) {
    Coordinate[] out = new Coordinate[cs.length];
    for (int i = 0; i < cs.length; i++) {
      out[i] = new org.locationtech.jts.geom.CoordinateXY(cs[i].getX(), cs[i].getY());
    }
    return out;
  }

  /**
   * The discrete Fréchet distance between two vertex sequences: the least, over all monotone
   * walks through both, of the largest distance between the two current vertices. Dynamic
   * programming over the n·m vertex pairs, one row at a time: O(n·m) time, O(m) memory. (JTS 1.20's
   * DiscreteFrechetDistance is not minimal on some inputs, e.g. a bowtie against two overlapping
   * squares, where it gives 3.16 for 2.83.)
   */
  static double frechet(Coordinate[] p, Coordinate[] q) {
    double[] prev = new double[q.length];
    double[] row = new double[q.length];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q.length; j++) {
        double d = p[i].distance(q[j]);
        double reach;
        if (i == 0 && j == 0) {
          reach = d;
        } else if (i == 0) {
          reach = Math.max(row[j - 1], d);
        } else if (j == 0) {
          reach = Math.max(prev[0], d);
        } else {
          reach = Math.max(Math.min(Math.min(prev[j], prev[j - 1]), row[j - 1]), d);
        }
        row[j] = reach;
      }
      double[] t = prev;
      prev = row;
      row = t;
    }
    return prev[q.length - 1];
  }

  /** The length of the lines of {@code g}, inside collections too (PostGIS's ST_Length). */
  private static double linealLength(Geometry g) {
    if (g instanceof Lineal) {
      return g.getLength();
    }
    double total = 0;
    if (g instanceof org.locationtech.jts.geom.GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        total += linealLength(g.getGeometryN(i));
      }
    }
    return total;
  }

  /**
   * The point at fraction {@code f} of the 2D length of {@code l}, every ordinate (Z, M) interpolated
   * along the segment it falls on; an empty point for an empty line.
   */
  static Point interpolate(LineString l, double f) {
    if (l.isEmpty()) {
      return Args.F.createPoint();
    }
    org.locationtech.jts.geom.CoordinateSequence s = l.getCoordinateSequence();
    int n = s.size();
    // A line of zero length gives its last vertex.
    int from = n - 1;
    int to = n - 1;
    double t = 0;
    double target = f * l.getLength();
    double run = 0;
    for (int i = 1; i < n; i++) {
      double seg = Math.hypot(s.getX(i) - s.getX(i - 1), s.getY(i) - s.getY(i - 1));
      if (seg > 0 && run + seg >= target) {
        from = i - 1;
        to = i;
        t = Math.min(1, (target - run) / seg);
        break;
      }
      run += seg;
    }
    org.locationtech.jts.geom.CoordinateSequence out =
        Args.F.getCoordinateSequenceFactory().create(1, s.getDimension(), s.getMeasures());
    for (int k = 0; k < s.getDimension(); k++) {
      double a = s.getOrdinate(from, k);
      out.setOrdinate(0, k, a + t * (s.getOrdinate(to, k) - a));
    }
    return Args.F.createPoint(out);
  }


  private static double polygonalPartsLength(Geometry g) {
    double total = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygonal) {
        total += part.getLength();
      }
    }
    return total;
  }

  static Double distance(byte[] a, byte[] b) {
    if (GeometryCodec.isSimplePoint(a) && GeometryCodec.isSimplePoint(b)) {
      double dx = GeometryCodec.simplePointX(a) - GeometryCodec.simplePointX(b);
      double dy = GeometryCodec.simplePointY(a) - GeometryCodec.simplePointY(b);
      double d = Math.sqrt(dx * dx + dy * dy);
      return Double.isNaN(d) ? null : d;
    }
    Geometry ga = GeometryCodec.decode(a);
    Geometry gb = GeometryCodec.decode(b);
    return ga.isEmpty() || gb.isEmpty() ? null : ga.distance(gb);
  }

  static double maxDistance(Geometry a, Geometry b) {
    Coordinate[] pair = farthestPair(a, b);
    return pair[0].distance(pair[1]);
  }

  /**
   * The two vertices of A and B farthest apart. They lie on the convex hulls, so only hull vertices
   * are compared: O(n log n + h_a·h_b) rather than O(n·m).
   */
  private static Coordinate[] farthestPair(Geometry a, Geometry b) {
    Coordinate[] best = null;
    double max = -1;
    Coordinate[] cb = b.convexHull().getCoordinates();
    for (Coordinate p : a.convexHull().getCoordinates()) {
      for (Coordinate q : cb) {
        double d = p.distance(q);
        if (d > max) {
          max = d;
          best = new Coordinate[] {p, q};
        }
      }
    }
    return best;
  }

  private static Double chainDistance(Geometry[] gs, boolean spheroid) {
    double total = 0;
    Geometry prev = null;
    for (Geometry g : gs) {
      if (g == null) {
        continue;
      }
      if (prev != null) {
        Double d = spheroid ? Spherical.spheroidDistance(prev, g) : Spherical.sphereDistance(prev, g);
        if (d != null) {
          total += d;
        }
      }
      prev = g;
    }
    return total;
  }
}
