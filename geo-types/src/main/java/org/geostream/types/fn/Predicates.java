package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.BOOLEAN;
import static org.geostream.types.fn.ValueType.DOUBLE;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.GEOMETRY_BYTES;
import static org.geostream.types.fn.ValueType.STRING;

import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;
import java.util.function.IntPredicate;
import org.locationtech.jts.geom.IntersectionMatrix;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;

/**
 * Spatial relationships (DE-9IM predicates) and distance tests. A constant geometry on either
 * side is prepared once (see {@link Prepared}); the converse predicate is used when the constant is
 * the second argument. All evaluation goes through JTS's RelateNG or prepared geometries, which do
 * not throw on invalid polygons (the old relate engine does).
 */
final class Predicates {
  private Predicates() {}

  private static final IntPredicate INTERIOR = loc -> loc == Location.INTERIOR;
  private static final IntPredicate NOT_EXTERIOR = loc -> loc != Location.EXTERIOR;
  private static final IntPredicate EXTERIOR = loc -> loc == Location.EXTERIOR;

  private static final String A = "st_geomFromText('POLYGON((0 0,4 0,4 4,0 4,0 0))')";
  private static final String P = "st_point(1, 1)";

  static void define(Catalog c) {
    c.fn("st_intersects", BOOLEAN, "Whether the geometries share any point.", "st_intersects(" + A + ", " + P + ")")
        .prepared((p, o) -> p.fast().intersects(o), (p, o) -> p.fast().intersects(o))
        .pointInArea(NOT_EXTERIOR, NOT_EXTERIOR)
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.intersects()));
    c.fn("st_disjoint", BOOLEAN, "Whether the geometries share no point.", "st_disjoint(" + A + ", st_point(9, 9))")
        .prepared((p, o) -> !p.fast().intersects(o), (p, o) -> !p.fast().intersects(o))
        .pointInArea(EXTERIOR, EXTERIOR)
        .gg((a, b) -> !RelateNG.relate(a, b, RelatePredicate.intersects()));
    c.fn("st_contains", BOOLEAN, "Whether no point of B lies outside A and some interior point of B lies in A's interior.",
        "st_contains(" + A + ", " + P + ")")
        .prepared((p, o) -> o instanceof Point ? p.fast().contains(o) : p.relate(o, RelatePredicate.contains()),
            (p, o) -> p.relate(o, RelatePredicate.within()))
        .pointInArea(INTERIOR, null)
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.contains()));
    c.fn("st_within", BOOLEAN, "Whether A lies within B (st_contains with the arguments swapped).",
        "st_within(" + P + ", " + A + ")")
        .prepared((p, o) -> p.relate(o, RelatePredicate.within()),
            (p, o) -> o instanceof Point ? p.fast().contains(o) : p.relate(o, RelatePredicate.contains()))
        .pointInArea(null, INTERIOR)
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.within()));
    c.fn("st_covers", BOOLEAN, "Whether no point of B lies outside A (boundary points count, unlike st_contains).",
        "st_covers(" + A + ", st_point(0, 0))")
        .prepared((p, o) -> o instanceof Point ? p.fast().covers(o) : p.relate(o, RelatePredicate.covers()),
            (p, o) -> p.relate(o, RelatePredicate.coveredBy()))
        .pointInArea(NOT_EXTERIOR, null)
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.covers()));
    c.fn("st_coveredBy", BOOLEAN, "Whether no point of A lies outside B.", "st_coveredBy(st_point(0, 0), " + A + ")")
        .prepared((p, o) -> p.relate(o, RelatePredicate.coveredBy()),
            (p, o) -> o instanceof Point ? p.fast().covers(o) : p.relate(o, RelatePredicate.covers()))
        .pointInArea(null, NOT_EXTERIOR)
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.coveredBy()));
    c.fn("st_containsProperly", BOOLEAN, "Whether B lies in A's interior, touching no boundary.",
        "st_containsProperly(" + A + ", " + P + ")")
        .prepared((p, o) -> p.fast().containsProperly(o), null)
        .gg((a, b) -> RelateNG.relate(a, b, "T**FF*FF*"));
    c.fn("st_crosses", BOOLEAN, "Whether the geometries have some but not all interior points in common, of lower dimension.",
        "st_crosses(st_geomFromText('LINESTRING(-1 1,5 1)'), " + A + ")")
        .prepared((p, o) -> p.relate(o, RelatePredicate.crosses()), (p, o) -> RelateNG.relate(o, p.geometry(), RelatePredicate.crosses()))
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.crosses()));
    c.fn("st_overlaps", BOOLEAN, "Whether the geometries have the same dimension and share some but not all points.",
        "st_overlaps(" + A + ", st_geomFromText('POLYGON((2 2,6 2,6 6,2 6,2 2))'))")
        .prepared((p, o) -> p.relate(o, RelatePredicate.overlaps()), (p, o) -> p.relate(o, RelatePredicate.overlaps()))
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.overlaps()));
    c.fn("st_touches", BOOLEAN, "Whether the geometries meet only at their boundaries.",
        "st_touches(" + A + ", st_geomFromText('POLYGON((4 0,8 0,8 4,4 4,4 0))'))")
        .prepared((p, o) -> p.relate(o, RelatePredicate.touches()), (p, o) -> p.relate(o, RelatePredicate.touches()))
        .gg((a, b) -> RelateNG.relate(a, b, RelatePredicate.touches()));
    c.fn("st_equals", BOOLEAN, "Whether the geometries are topologically equal (same point set; vertex order and start ignored).",
        "st_equals(st_geomFromText('LINESTRING(0 0,1 1)'), st_geomFromText('LINESTRING(1 1,0 0)'))")
        // Vertex-for-vertex equal geometries are equal without relating them (PostGIS's shortcut); RelateNG
        // answers false for some invalid geometries against themselves (overlapping multipolygon parts).
        .gg((a, b) -> a.isEmpty() && b.isEmpty() || a.equalsExact(b) || RelateNG.relate(a, b, RelatePredicate.equalsTopo()));
    c.fn("st_orderingEquals", BOOLEAN,
        "Whether the geometries are equal vertex by vertex, in the same order, with the same SRID and the same Z and M values (PostGIS).",
        "st_orderingEquals(st_geomFromText('LINESTRING(0 0,1 1)'), st_geomFromText('LINESTRING(1 1,0 0)'))")
        .gg(Predicates::orderingEquals);
    c.fn("st_relate", STRING, "The DE-9IM intersection matrix of the two geometries.",
        "st_relate(" + A + ", " + P + ")")
        .gg((a, b) -> matrix(a, b).toString());
    c.fn("st_relate", BOOLEAN, "Whether the DE-9IM matrix matches a pattern (PostGIS's 3-argument form).",
        "st_relate(" + A + ", " + P + ", 'T*****FF*')")
        .k(a -> relate((Geometry) a[0], (Geometry) a[1], (String) a[2]), GEOMETRY, GEOMETRY, STRING);
    c.fn("st_relateBool", BOOLEAN, "Whether the DE-9IM matrix matches a pattern (GeoMesa's name).",
        "st_relateBool(" + A + ", " + P + ", 'T*****FF*')")
        .k(a -> relate((Geometry) a[0], (Geometry) a[1], (String) a[2]), GEOMETRY, GEOMETRY, STRING);
    c.fn("st_dwithin", BOOLEAN, "Whether the planar distance between the geometries is at most `distance` (CRS units).",
        "st_dwithin(st_point(0, 0), st_point(3, 4), 5)")
        .direct(Fast.class, "dwithin", GEOMETRY_BYTES, GEOMETRY_BYTES, DOUBLE);
    c.fn("st_dFullyWithin", BOOLEAN, "Whether every point of each geometry is within `distance` of the other.",
        "st_dFullyWithin(st_point(0, 0), st_geomFromText('LINESTRING(0 1,0 2)'), 2)")
        .k(a -> {
          Geometry x = (Geometry) a[0];
          Geometry y = (Geometry) a[1];
          return !x.isEmpty() && !y.isEmpty() && Measures.maxDistance(x, y) <= (Double) a[2];
        }, GEOMETRY, GEOMETRY, DOUBLE);
  }

  /** {@link Geometry#equalsExact} (2D, same types and order) plus equal SRIDs and equal Z and M ordinates. */
  static boolean orderingEquals(Geometry a, Geometry b) {
    if (a.getSRID() != b.getSRID() || !a.equalsExact(b)) {
      return false;
    }
    int[] za = Accessors.dims(a);
    int[] zb = Accessors.dims(b);
    if (za[0] != zb[0] || za[1] != zb[1]) {
      return false;
    }
    org.locationtech.jts.geom.Coordinate[] ca = a.getCoordinates();
    org.locationtech.jts.geom.Coordinate[] cb = b.getCoordinates();
    for (int i = 0; i < ca.length; i++) {
      if (Double.compare(ca[i].getZ(), cb[i].getZ()) != 0 || Double.compare(ca[i].getM(), cb[i].getM()) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean relate(Geometry a, Geometry b, String pattern) {
    if (pattern.length() != 9) {
      throw Args.bad("st_relate", "a DE-9IM pattern has 9 characters", pattern);
    }
    return a.isEmpty() || b.isEmpty() ? matrix(a, b).matches(pattern) : RelateNG.relate(a, b, pattern);
  }

  /**
   * The DE-9IM matrix. With an empty operand it is built here: JTS 1.20's RelateNG gives a wrong
   * matrix for an empty polygon against a point, and fails on an empty collection.
   */
  static IntersectionMatrix matrix(Geometry a, Geometry b) {
    if (!a.isEmpty() && !b.isEmpty()) {
      return RelateNG.relate(a, b);
    }
    IntersectionMatrix im = new IntersectionMatrix();
    im.set(Location.EXTERIOR, Location.EXTERIOR, 2);
    if (!a.isEmpty()) {
      im.set(Location.INTERIOR, Location.EXTERIOR, a.getDimension());
      im.set(Location.BOUNDARY, Location.EXTERIOR, a.getBoundaryDimension());
    }
    if (!b.isEmpty()) {
      im.set(Location.EXTERIOR, Location.INTERIOR, b.getDimension());
      im.set(Location.EXTERIOR, Location.BOUNDARY, b.getBoundaryDimension());
    }
    return im;
  }

  static boolean dwithin(byte[] a, byte[] b, double d) {
    if (GeometryCodec.isSimplePoint(a) && GeometryCodec.isSimplePoint(b)) {
      double dx = GeometryCodec.simplePointX(a) - GeometryCodec.simplePointX(b);
      double dy = GeometryCodec.simplePointY(a) - GeometryCodec.simplePointY(b);
      return dx * dx + dy * dy <= d * d;
    }
    Geometry ga = GeometryCodec.decode(a);
    Geometry gb = GeometryCodec.decode(b);
    if (ga.isEmpty() || gb.isEmpty()) {
      return false;
    }
    return DistanceOp.isWithinDistance(ga, gb, d);
  }

}
