package org.geostream.sql.join;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * The location of a point relative to one polygon, computed exactly as JTS's
 * {@code SimplePointInAreaLocator.locatePointInPolygon} computes it (shell first, then each hole in
 * order), which is what the unprepared {@code RelateNG} behind {@code st_contains} and its siblings
 * uses for a point against a polygon.
 *
 * <p>Each ring is located with JTS's ray-crossing count ({@code RayCrossingCounter}), the same
 * tests on the same segments in the same order of arguments, but faster:
 *
 * <ul>
 *   <li>large rings keep their segments in horizontal bands, so a point is tested only against the
 *       segments of its band (whose y-range can hold it) instead of all of them;
 *   <li>a segment wholly right of the point that spans its y (half-open, as JTS counts) is a
 *       crossing without an orientation test: every point of it lies right of the point, so JTS's
 *       exact orientation test can only say so.
 * </ul>
 *
 * <p>Why not JTS's {@code IndexedPointInAreaLocator} over the whole polygon or multipolygon (what
 * {@code PreparedGeometry} uses): it counts crossings over all rings together, which equals the
 * ring-by-ring answer on valid polygons only. On an invalid one (overlapping parts, a hole outside its
 * shell, as in the Natural Earth Antarctica and Russia) the two differ, and a join must give what the
 * function gives.
 *
 * <p>Empty polygons and empty rings are exterior everywhere. Built in the constructor (O(n) plus the
 * bands), immutable, thread-safe.
 */
public final class PolygonLocator {
  private final Ring shell;
  private final Ring[] holes;

  /** Prepares {@code polygon}. */
  public PolygonLocator(Polygon polygon) {
    if (polygon.isEmpty()) {
      shell = null;
      holes = new Ring[0];
      return;
    }
    shell = new Ring(polygon.getExteriorRing());
    holes = new Ring[polygon.getNumInteriorRing()];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = new Ring(polygon.getInteriorRingN(i));
    }
  }

  /** The JTS {@link Location} of {@code p}: INTERIOR, BOUNDARY or EXTERIOR. */
  public int locate(Coordinate p) {
    if (shell == null) {
      return Location.EXTERIOR;
    }
    int shellLoc = shell.locate(p.x, p.y);
    if (shellLoc != Location.INTERIOR) {
      return shellLoc;
    }
    for (Ring hole : holes) {
      int holeLoc = hole.locate(p.x, p.y);
      if (holeLoc == Location.BOUNDARY) {
        return Location.BOUNDARY;
      }
      if (holeLoc == Location.INTERIOR) {
        return Location.EXTERIOR;
      }
    }
    return Location.INTERIOR;
  }

  /**
   * One ring: its envelope test (as {@code SimplePointInAreaLocator} makes it), then the crossing
   * count over the segments of the point's band. Segment i runs from vertex i to vertex i - 1, the
   * order in which {@code RayCrossingCounter.locatePointInRing} passes them.
   */
  static final class Ring {
    /** Rings with fewer segments than this are one band. */
    private static final int SEGMENTS_PER_BAND = 8;

    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;
    private final int bands;
    private final double bandHeight;
    /** Per band, where its segments start in the arrays below; one more value at the end. */
    private final int[] bandStart;
    /** Per segment of a band: x1, y1 (vertex i), x2, y2 (vertex i - 1). */
    private final double[] segments;

    Ring(LinearRing ring) {
      Coordinate[] c = ring.getCoordinates();
      double x0 = Double.POSITIVE_INFINITY;
      double y0 = Double.POSITIVE_INFINITY;
      double x1 = Double.NEGATIVE_INFINITY;
      double y1 = Double.NEGATIVE_INFINITY;
      for (Coordinate v : c) {
        x0 = Math.min(x0, v.x);
        y0 = Math.min(y0, v.y);
        x1 = Math.max(x1, v.x);
        y1 = Math.max(y1, v.y);
      }
      minX = x0;
      minY = y0;
      maxX = x1;
      maxY = y1;
      int n = Math.max(0, c.length - 1);
      bands = y1 > y0 ? Math.max(1, Math.min(n / SEGMENTS_PER_BAND, 1 << 16)) : 1;
      bandHeight = bands > 1 ? (y1 - y0) / bands : 0;
      bandStart = new int[bands + 1];
      // Count, then place, each segment in every band its y-range overlaps.
      for (int i = 1; i < c.length; i++) {
        for (int b = band(Math.min(c[i].y, c[i - 1].y)); b <= band(Math.max(c[i].y, c[i - 1].y)); b++) {
          bandStart[b + 1]++;
        }
      }
      for (int b = 0; b < bands; b++) {
        bandStart[b + 1] += bandStart[b];
      }
      segments = new double[bandStart[bands] * 4];
      int[] fill = bandStart.clone();
      for (int i = 1; i < c.length; i++) {
        for (int b = band(Math.min(c[i].y, c[i - 1].y)); b <= band(Math.max(c[i].y, c[i - 1].y)); b++) {
          int at = 4 * fill[b]++;
          segments[at] = c[i].x;
          segments[at + 1] = c[i].y;
          segments[at + 2] = c[i - 1].x;
          segments[at + 3] = c[i - 1].y;
        }
      }
    }

    private int band(double y) {
      if (bands == 1) {
        return 0;
      }
      int b = (int) ((y - minY) / bandHeight);
      return Math.max(0, Math.min(bands - 1, b));
    }

    /** As {@code RayCrossingCounter.locatePointInRing} after the ring's envelope test. */
    int locate(double px, double py) {
      if (!(px >= minX && px <= maxX && py >= minY && py <= maxY)) {
        return Location.EXTERIOR;
      }
      int b = band(py);
      int crossings = 0;
      Coordinate p = null;
      for (int k = 4 * bandStart[b], end = 4 * bandStart[b + 1]; k < end; k += 4) {
        double ax = segments[k];
        double ay = segments[k + 1];
        double bx = segments[k + 2];
        double by = segments[k + 3];
        // Left of the point, or not reaching its y: no effect on the count (JTS returns early too).
        if (ax < px && bx < px || ay < py && by < py || ay > py && by > py) {
          continue;
        }
        if (ax > px && bx > px) {
          if (ay > py && by <= py || by > py && ay <= py) {
            crossings++;
          }
          continue;
        }
        // The point is level with the segment's x-range: JTS's tests, in its order.
        if (px == bx && py == by) {
          return Location.BOUNDARY;
        }
        if (ay == py && by == py) {
          if (px >= Math.min(ax, bx) && px <= Math.max(ax, bx)) {
            return Location.BOUNDARY;
          }
          continue;
        }
        if (ay > py && by <= py || by > py && ay <= py) {
          if (p == null) {
            p = new Coordinate(px, py);
          }
          int orient = Orientation.index(new Coordinate(ax, ay), new Coordinate(bx, by), p);
          if (orient == Orientation.COLLINEAR) {
            return Location.BOUNDARY;
          }
          if (by < ay) {
            orient = -orient;
          }
          if (orient == Orientation.LEFT) {
            crossings++;
          }
        }
      }
      return (crossings & 1) == 1 ? Location.INTERIOR : Location.EXTERIOR;
    }
  }
}
