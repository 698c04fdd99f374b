package org.geostream.sql.join;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.geostream.types.fn.Srids;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;

/**
 * An index over a join's build geometries (a {@link GridIndex} when their boxes suit one, else a
 * {@link PackedRTree}), and the per-probe matching
 * loop: the tree gives the build geometries whose extent, grown by {@link JoinPredicate#grow},
 * intersects the probe's extent, and {@link JoinPredicate} decides each exactly.
 *
 * <p>Multipolygons (a country and its islands) are entered one polygon at a time, so that a probe
 * point is tested only against the polygons whose own extent holds it; the polygons of one geometry
 * found for one probe are then taken in their order, as JTS does. Building is O(n log n) in the
 * number of entries; a query is O(log n + candidates).
 *
 * <p>Thread-safe once built: each thread matches through its own {@link Matcher}.
 */
public final class BuildIndex {
  private final BoxIndex tree;
  /** Per entry: its geometry and, for a multipolygon, the polygon; entries are in geometry order. */
  private final BuildGeometry[] entryGeometry;
  private final int[] entryPolygon;
  private final int size;
  private final List<BuildGeometry> sridRepresentatives = new ArrayList<>();

  /** Indexes the non-empty geometries of {@code geometries}, extents grown by {@link JoinPredicate#grow}. */
  public BuildIndex(List<BuildGeometry> geometries, JoinPredicate predicate) {
    int capacity = 0;
    for (BuildGeometry g : geometries) {
      capacity += Math.max(1, g.polygonCount());
    }
    double[] minX = new double[capacity];
    double[] minY = new double[capacity];
    double[] maxX = new double[capacity];
    double[] maxY = new double[capacity];
    BuildGeometry[] owners = new BuildGeometry[capacity];
    int[] polygons = new int[capacity];
    int n = 0;
    int indexed = 0;
    for (BuildGeometry g : geometries) {
      noteSrid(g);
      if (g.isEmpty()) {
        continue;
      }
      indexed++;
      int parts = g.polygonCount();
      if (parts > 1) {
        for (int i = 0; i < parts; i++) {
          Envelope e = g.partExtent(i);
          if (!e.isNull()) {
            owners[n] = g;
            polygons[n] = i;
            grow(predicate, e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), n++, minX, minY, maxX, maxY);
          }
        }
      } else {
        owners[n] = g;
        polygons[n] = 0;
        grow(predicate, g.minX(), g.minY(), g.maxX(), g.maxY(), n++, minX, minY, maxX, maxY);
      }
    }
    GridIndex grid = GridIndex.build(minX, minY, maxX, maxY, n);
    tree = grid != null ? grid : new PackedRTree(minX, minY, maxX, maxY, n);
    entryGeometry = Arrays.copyOf(owners, n);
    entryPolygon = Arrays.copyOf(polygons, n);
    size = indexed;
  }

  /** Stores at {@code i} the box (x0, y0)-(x1, y1) grown by the predicate's {@link JoinPredicate#margin}. */
  private static void grow(JoinPredicate predicate, double x0, double y0, double x1, double y1, int i,
      double[] minX, double[] minY, double[] maxX, double[] maxY) {
    double m = predicate.margin(x0, y0, x1, y1);
    minX[i] = x0 - m;
    minY[i] = y0 - m;
    maxX[i] = x1 + m;
    maxY[i] = y1 + m;
  }

  private void noteSrid(BuildGeometry g) {
    if (g.srid() == 0) {
      return;
    }
    for (BuildGeometry r : sridRepresentatives) {
      if (r.srid() == g.srid()) {
        return;
      }
    }
    sridRepresentatives.add(g);
  }

  /**
   * One geometry per distinct non-zero SRID among all the geometries given, empty ones included: a
   * probe whose SRID conflicts with one of them would make the SQL function fail (or give null) for
   * that pair, so the caller evaluates the SQL expression on it.
   */
  public List<BuildGeometry> sridRepresentatives() {
    return sridRepresentatives;
  }

  /** The number of non-empty geometries indexed. */
  public int size() {
    return size;
  }

  /** A matcher for one thread. */
  public Matcher matcher(JoinPredicate predicate) {
    return new Matcher(predicate);
  }

  /**
   * Finds the build geometries a probe geometry matches. Holds per-thread scratch space; not
   * thread-safe.
   */
  public final class Matcher {
    private final JoinPredicate predicate;
    private final boolean byLocation;
    private final PackedRTree.Hits hits = new PackedRTree.Hits();
    private final List<BuildGeometry> matches = new ArrayList<>();
    private final List<BuildGeometry> asks = new ArrayList<>();

    Matcher(JoinPredicate predicate) {
      this.predicate = predicate;
      this.byLocation = predicate.usesLocation();
    }

    /**
     * Matches {@code probe}: afterwards {@link #matches()} holds the build geometries it satisfies
     * the predicate with, and {@link #asks()} those whose SRID conflicts with it, each once, in no
     * particular order.
     */
    public void match(ProbeGeometry probe) {
      matches.clear();
      asks.clear();
      if (size == 0 || probe.isEmpty()) {
        return;
      }
      if (probe.simplePoint()) {
        tree.search(probe.x(), probe.y(), probe.x(), probe.y(), hits);
      } else {
        Envelope e = probe.envelope();
        tree.search(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), hits);
      }
      int n = hits.size;
      int[] h = hits.values;
      if (n > 1) {
        // Entry order is geometry order, then polygon order; a grid may list an entry twice.
        Arrays.sort(h, 0, n);
        int unique = 1;
        for (int k = 1; k < n; k++) {
          if (h[k] != h[unique - 1]) {
            h[unique++] = h[k];
          }
        }
        n = unique;
      }
      boolean point = byLocation && probe.simplePoint();
      Coordinate c = point ? probe.coordinate() : null;
      int i = 0;
      while (i < n) {
        BuildGeometry g = entryGeometry[h[i]];
        int j = i + 1;
        while (j < n && entryGeometry[h[j]] == g) {
          j++;
        }
        int verdict;
        if (point && g.polygonCount() > 0 && Srids.agree(g.srid(), probe.srid())) {
          verdict = predicate.testLocation(firstLocation(g, h, i, j, c)) ? JoinPredicate.MATCH : JoinPredicate.NO_MATCH;
        } else {
          verdict = predicate.test(g, probe);
        }
        if (verdict == JoinPredicate.MATCH) {
          matches.add(g);
        } else if (verdict == JoinPredicate.ASK) {
          asks.add(g);
        }
        i = j;
      }
    }

    /**
     * The location in the first polygon (in the geometry's order) among hits {@code [from, to)}
     * where the point is not exterior; polygons not among the hits do not hold the point in their
     * extent, so they are exterior too.
     */
    private int firstLocation(BuildGeometry g, int[] h, int from, int to, Coordinate c) {
      if (g.polygonCount() == 1) {
        return g.locate(c);
      }
      for (int k = from; k < to; k++) {
        int loc = g.locateInPart(entryPolygon[h[k]], c);
        if (loc != Location.EXTERIOR) {
          return loc;
        }
      }
      return Location.EXTERIOR;
    }

    /** The build geometries matched by the last probe. */
    public List<BuildGeometry> matches() {
      return matches;
    }

    /** The build geometries whose SRID conflicted with the last probe's. */
    public List<BuildGeometry> asks() {
      return asks;
    }
  }
}
