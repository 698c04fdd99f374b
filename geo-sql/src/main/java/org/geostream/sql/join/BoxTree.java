package org.geostream.sql.join;

import java.util.Arrays;

/**
 * A static R-tree over boxes numbered {@code 0..n-1}, for code outside the join: the join's packed
 * Hilbert R-tree ({@code PackedRTree}) behind a small public face. Boxes are closed. O(n log n) to
 * build, O(log n + k) per search in the usual case. Immutable once built; searches from several
 * threads are safe.
 */
public final class BoxTree {
  private final PackedRTree tree;

  /** The tree of the boxes {@code minX[i], minY[i], maxX[i], maxY[i]}, {@code i < n} (none NaN). */
  public BoxTree(double[] minX, double[] minY, double[] maxX, double[] maxY, int n) {
    this.tree = new PackedRTree(minX, minY, maxX, maxY, n);
  }

  /** The number of boxes. */
  public int size() {
    return tree.size();
  }

  /** The numbers of the boxes that intersect the closed box given, ascending, each once. */
  public int[] search(double x0, double y0, double x1, double y1) {
    PackedRTree.Hits hits = new PackedRTree.Hits();
    tree.search(x0, y0, x1, y1, hits);
    int[] out = Arrays.copyOf(hits.values, hits.size);
    Arrays.sort(out);
    return out;
  }
}
