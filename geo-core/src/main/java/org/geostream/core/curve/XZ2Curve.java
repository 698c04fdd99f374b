package org.geostream.core.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;

/**
 * Extended Z-order curve (XZ-ordering of Böhm, Klump and Kriegel, SSD 1999) over longitude /
 * latitude for geometries with an extent, the scheme of GeoMesa's {@code XZ2SFC}: a geometry is
 * keyed by its bounding box alone, with one key per geometry and no duplication, and a query plans
 * key ranges that hold the key of every geometry whose bounding box intersects it.
 *
 * <p>The world is quartered recursively down to resolution {@code g}; a box is keyed by the
 * deepest quadtree cell that holds its lower-left corner and whose cell, doubled in width and
 * height towards the north-east, holds the whole box. Keys number these "elements" in pre-order, so
 * an element and all its descendants form one key interval. Keys are in
 * {@code [0, (4^(g+1) - 1) / 3)}; at the default {@code g = 12} the finest cell is about 0.088 by
 * 0.044 degrees and keys need 25 bits.
 *
 * <p>Immutable and thread-safe.
 */
public final class XZ2Curve {

  /** The curve at resolution 12, GeoMesa's default. */
  public static final XZ2Curve DEFAULT = new XZ2Curve(12);

  private final int g;
  private final XzTree tree;

  /**
   * A curve of resolution {@code g}: the world is quartered {@code g} times.
   *
   * @param g the resolution, in {@code [1, 30]}
   * @throws IllegalArgumentException if {@code g} is out of range
   */
  public XZ2Curve(int g) {
    if (g < 1 || g > 30) {
      throw new IllegalArgumentException("Cannot create XZ2 curve: resolution out of range [1, 30]: '" + g + "'");
    }
    this.g = g;
    this.tree = new XzTree(2, g);
  }

  /**
   * The resolution of this curve.
   *
   * @return {@code g}, in {@code [1, 30]}
   */
  public int resolution() {
    return g;
  }

  /**
   * Largest key of this curve, {@code (4^(g+1) - 1) / 3 - 1}.
   *
   * @return the largest key
   */
  public long maxIndex() {
    return tree.maxCode();
  }

  /**
   * Key of a geometry, from its bounding box; a point is a box of zero size. O(g).
   *
   * @param geometryBounds bounding box in degrees (x = longitude, y = latitude)
   * @return the key, in {@code [1, maxIndex()]}
   * @throws NullPointerException if {@code geometryBounds} is null
   * @throws IllegalArgumentException if the box is empty or a coordinate is out of range or NaN
   */
  public long index(Envelope geometryBounds) {
    double[] b = checkBounds("index geometry bounds", geometryBounds);
    return tree.code(new double[] {b[0], b[1]}, new double[] {b[2], b[3]});
  }

  /**
   * Key ranges holding the key of every geometry whose bounding box intersects one of the query
   * boxes (boundaries included). Ranges may also hold keys of other geometries (false positives),
   * the more so the smaller the budget; a range is {@code contained} only when the bounding box of
   * every geometry keyed in it lies inside a query box.
   *
   * <p>Boxes are clipped to the world; a box that crosses the antimeridian must be passed as two
   * boxes. Empty boxes and boxes outside the world are skipped; an empty list gives an empty result.
   *
   * <p>The result is sorted, non-overlapping and non-adjacent, and holds at most {@code maxRanges}
   * ranges. Cost: a breadth-first walk of the quadtree that stops once about
   * {@code 4 * maxRanges} ranges are found or queued, then the smallest gaps are filled; O(maxRanges
   * * boxes) time.
   *
   * @param queries query boxes in degrees (x = longitude, y = latitude), OR-ed together
   * @param maxRanges the most ranges to return, at least 1
   * @return sorted, disjoint ranges; empty when no box overlaps the world
   * @throws NullPointerException if {@code queries} or one of its elements is null
   * @throws IllegalArgumentException if a box has a NaN coordinate or {@code maxRanges < 1}
   */
  public List<KeyRange> ranges(List<Envelope> queries, int maxRanges) {
    Objects.requireNonNull(queries, "Cannot plan XZ2 ranges: queries is null");
    KeyRanges.checkBudget("plan XZ2 ranges", maxRanges);
    List<double[]> windows = normalizedWindows("plan XZ2 ranges", queries, null);
    return windows.isEmpty() ? List.of() : tree.ranges(windows, maxRanges);
  }

  /**
   * Normalized bounding box {@code {minX, minY, maxX, maxY}} of a geometry, checked to lie in the
   * world.
   */
  static double[] checkBounds(String action, Envelope bounds) {
    if (bounds == null) {
      throw new NullPointerException("Cannot " + action + ": envelope is null");
    }
    if (bounds.isNull()) {
      throw new IllegalArgumentException("Cannot " + action + ": envelope is empty: '" + bounds + "'");
    }
    LonLat.checkLon(action, bounds.getMinX());
    LonLat.checkLon(action, bounds.getMaxX());
    LonLat.checkLat(action, bounds.getMinY());
    LonLat.checkLat(action, bounds.getMaxY());
    return new double[] {
        LonLat.normalize(bounds.getMinX(), LonLat.LON_MIN, LonLat.LON_MAX),
        LonLat.normalize(bounds.getMinY(), LonLat.LAT_MIN, LonLat.LAT_MAX),
        LonLat.normalize(bounds.getMaxX(), LonLat.LON_MIN, LonLat.LON_MAX),
        LonLat.normalize(bounds.getMaxY(), LonLat.LAT_MIN, LonLat.LAT_MAX)};
  }

  /**
   * Query boxes clipped to the world and normalized, as XzTree windows
   * {@code {minX, minY, [minT,] maxX, maxY [, maxT]}}; with a non-null {@code time} (normalized
   * {@code {minT, maxT}}) the windows are 3D.
   */
  static List<double[]> normalizedWindows(String action, List<Envelope> queries, double[] time) {
    List<double[]> windows = new ArrayList<>(queries.size());
    for (Envelope query : queries) {
      double[] b = LonLat.clip(action, query);
      if (b == null) {
        continue;
      }
      double minX = LonLat.normalize(b[0], LonLat.LON_MIN, LonLat.LON_MAX);
      double minY = LonLat.normalize(b[1], LonLat.LAT_MIN, LonLat.LAT_MAX);
      double maxX = LonLat.normalize(b[2], LonLat.LON_MIN, LonLat.LON_MAX);
      double maxY = LonLat.normalize(b[3], LonLat.LAT_MIN, LonLat.LAT_MAX);
      windows.add(time == null
          ? new double[] {minX, minY, maxX, maxY}
          : new double[] {minX, minY, time[0], maxX, maxY, time[1]});
    }
    return windows;
  }

  @Override
  public String toString() {
    return "XZ2Curve[g=" + g + "]";
  }
}
