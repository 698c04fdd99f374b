package org.geostream.sql.join;

import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * {@code st_intersects} of two polygonal geometries (Polygon or MultiPolygon) with the answer of
 * JTS's {@code RelateNG}, without its allocations, for geometries whose coordinates all lie inside
 * their JTS envelope (holes inside the shells' boxes: true of every valid polygon). RelateNG decides
 * intersects for two areas from three kinds of evidence, any of which makes it true:
 *
 * <ol>
 *   <li>the first vertex of a ring of B lies in A or on its boundary (located ring by ring, as
 *       {@code SimplePointInAreaLocator} does);
 *   <li>the first vertex of a ring of A lies in B or on its boundary;
 *   <li>a segment of A intersects a segment of B ({@code RobustLineIntersector}).
 * </ol>
 *
 * This class tests the same points with the same point locator and the same segment pairs with the
 * same intersector, so it gives the same answer. RelateNG only looks for segment intersections inside
 * the intersection of the two envelopes; with every coordinate inside its geometry's envelope there
 * is no other, which is why geometries with coordinates outside their envelope (a hole sticking out
 * of its shell) are declined ({@link #applies}) and left to RelateNG.
 *
 * <p>Cost: O(r·n) for the ring vertices and O(n·m) segment pairs after a box test, so it is used for
 * small geometries only. Not thread-safe (it keeps a line intersector): one instance per thread.
 */
public final class PolygonIntersects {
  /** Most segment pairs tested; larger pairs of geometries go to RelateNG. */
  static final int MAX_PAIRS = 1 << 14;

  private final LineIntersector intersector = new RobustLineIntersector();

  /**
   * Whether {@code g} (with extent {@code extent}, {@link Extent}) can be decided here: a non-empty
   * Polygon or MultiPolygon whose coordinates all lie inside its JTS envelope, small enough.
   */
  public static boolean applies(Geometry g, Envelope extent) {
    return (g instanceof Polygon || g instanceof MultiPolygon) && !g.isEmpty()
        && g.getNumPoints() <= 512 && g.getEnvelopeInternal().equals(extent);
  }

  /** Whether {@code a} and {@code b}, both {@link #applies applicable}, intersect. */
  public boolean intersects(Geometry a, Geometry b) {
    Envelope ea = a.getEnvelopeInternal();
    Envelope eb = b.getEnvelopeInternal();
    if (!ea.intersects(eb)) {
      return false;
    }
    if (ringVertexIn(b, a) || ringVertexIn(a, b)) {
      return true;
    }
    return segmentsIntersect(a, b, eb);
  }

  /** Whether the first vertex of some ring of {@code from} is not exterior to {@code target}. */
  private static boolean ringVertexIn(Geometry from, Geometry target) {
    for (int i = 0; i < from.getNumGeometries(); i++) {
      Polygon p = (Polygon) from.getGeometryN(i);
      if (p.isEmpty()) {
        continue;
      }
      if (vertexIn(p.getExteriorRing(), target)) {
        return true;
      }
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        if (vertexIn(p.getInteriorRingN(h), target)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean vertexIn(LinearRing ring, Geometry target) {
    return !ring.isEmpty() && SimplePointInAreaLocator.locate(ring.getCoordinateN(0), target) != Location.EXTERIOR;
  }

  /** Whether a segment of {@code a} intersects a segment of {@code b}. */
  private boolean segmentsIntersect(Geometry a, Geometry b, Envelope eb) {
    for (int i = 0; i < a.getNumGeometries(); i++) {
      Polygon p = (Polygon) a.getGeometryN(i);
      if (p.isEmpty()) {
        continue;
      }
      for (int r = -1; r < p.getNumInteriorRing(); r++) {
        Coordinate[] ring = (r < 0 ? p.getExteriorRing() : p.getInteriorRingN(r)).getCoordinates();
        for (int s = 1; s < ring.length; s++) {
          Coordinate a0 = ring[s - 1];
          Coordinate a1 = ring[s];
          double x0 = Math.min(a0.x, a1.x);
          double x1 = Math.max(a0.x, a1.x);
          double y0 = Math.min(a0.y, a1.y);
          double y1 = Math.max(a0.y, a1.y);
          if (x0 > eb.getMaxX() || x1 < eb.getMinX() || y0 > eb.getMaxY() || y1 < eb.getMinY()) {
            continue;
          }
          if (segmentHits(a0, a1, x0, y0, x1, y1, b)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean segmentHits(Coordinate a0, Coordinate a1, double x0, double y0, double x1, double y1, Geometry b) {
    for (int i = 0; i < b.getNumGeometries(); i++) {
      Polygon p = (Polygon) b.getGeometryN(i);
      if (p.isEmpty()) {
        continue;
      }
      for (int r = -1; r < p.getNumInteriorRing(); r++) {
        Coordinate[] ring = (r < 0 ? p.getExteriorRing() : p.getInteriorRingN(r)).getCoordinates();
        for (int s = 1; s < ring.length; s++) {
          Coordinate b0 = ring[s - 1];
          Coordinate b1 = ring[s];
          if (Math.min(b0.x, b1.x) > x1 || Math.max(b0.x, b1.x) < x0
              || Math.min(b0.y, b1.y) > y1 || Math.max(b0.y, b1.y) < y0) {
            continue;
          }
          intersector.computeIntersection(a0, a1, b0, b1);
          if (intersector.hasIntersection()) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
