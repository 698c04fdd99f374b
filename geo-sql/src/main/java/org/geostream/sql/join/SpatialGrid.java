package org.geostream.sql.join;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.locationtech.jts.geom.Envelope;

/**
 * The spatial partitioning of a partitioned join: a k-d tree over a sample of the inputs' envelope
 * centres whose leaves, the cells, tile the whole plane. Each split sends coordinates below its
 * value to the lower side and the rest to the upper side, so every point of the plane lies in
 * exactly one cell (cells are half-open), which is what makes duplicate elimination exact: a pair
 * found in several cells is reported only by the cell holding its reference point
 * ({@link #owns}).
 *
 * <p>Built by repeatedly splitting the cell with the most samples at the median of its wider axis,
 * so the cells hold about equal shares of the sample. O(s log s) to build from s samples; locating
 * a point is O(depth). Immutable and serializable; thread-safe.
 */
public final class SpatialGrid implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per node: -1 for a leaf, else the axis (0 x, 1 y). */
  private final byte[] axis;
  private final double[] split;
  private final int[] lower;
  private final int[] upper;
  /** Per node: the cell number of a leaf. */
  private final int[] cell;
  private final int cells;

  private SpatialGrid(byte[] axis, double[] split, int[] lower, int[] upper, int[] cell, int cells) {
    this.axis = axis;
    this.split = split;
    this.lower = lower;
    this.upper = upper;
    this.cell = cell;
    this.cells = cells;
  }

  /**
   * Builds a grid of at most {@code maxCells} cells from sample points ({@code xs[i]}, {@code ys[i]}),
   * {@code n} of them. Fewer cells result when the sample cannot be split further (all points equal);
   * an empty sample gives one cell covering the plane.
   */
  public static SpatialGrid build(double[] xs, double[] ys, int n, int maxCells) {
    List<Node> nodes = new ArrayList<>();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    nodes.add(new Node(0, n));
    int leaves = 1;
    while (leaves < maxCells) {
      Node widest = null;
      for (Node node : nodes) {
        if (node.axis < 0 && node.splittable && (widest == null || node.count() > widest.count())) {
          widest = node;
        }
      }
      if (widest == null || widest.count() < 2) {
        break;
      }
      if (splitNode(widest, nodes, xs, ys, order)) {
        leaves++;
      } else {
        widest.splittable = false;
      }
    }
    int size = nodes.size();
    byte[] axis = new byte[size];
    double[] split = new double[size];
    int[] lower = new int[size];
    int[] upper = new int[size];
    int[] cell = new int[size];
    int cells = 0;
    for (int i = 0; i < size; i++) {
      Node node = nodes.get(i);
      axis[i] = (byte) node.axis;
      split[i] = node.split;
      lower[i] = node.lower;
      upper[i] = node.upper;
      cell[i] = node.axis < 0 ? cells++ : -1;
    }
    return new SpatialGrid(axis, split, lower, upper, cell, cells);
  }

  /**
   * Splits {@code node} at the median of its wider axis (the other axis when all values are equal
   * on it); false when every sample of the node is the same point.
   */
  private static boolean splitNode(Node node, List<Node> nodes, double[] xs, double[] ys, Integer[] order) {
    double spreadX = spread(xs, order, node);
    double spreadY = spread(ys, order, node);
    int[] axes = spreadX >= spreadY ? new int[] {0, 1} : new int[] {1, 0};
    for (int a : axes) {
      double[] v = a == 0 ? xs : ys;
      Arrays.sort(order, node.from, node.to, (i, j) -> Double.compare(v[i], v[j]));
      int mid = (node.from + node.to) >>> 1;
      double s = v[order[mid]];
      // The first index holding s: everything before it is strictly below.
      int cut = mid;
      while (cut > node.from && v[order[cut - 1]] == s) {
        cut--;
      }
      if (cut == node.from) {
        // Below the median nothing differs from it: split just above it instead.
        cut = mid + 1;
        while (cut < node.to && v[order[cut]] == s) {
          cut++;
        }
        if (cut == node.to) {
          continue;
        }
        s = v[order[cut]];
      }
      node.axis = a;
      node.split = s;
      node.lower = nodes.size();
      nodes.add(new Node(node.from, cut));
      node.upper = nodes.size();
      nodes.add(new Node(cut, node.to));
      return true;
    }
    return false;
  }

  private static double spread(double[] v, Integer[] order, Node node) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = node.from; i < node.to; i++) {
      min = Math.min(min, v[order[i]]);
      max = Math.max(max, v[order[i]]);
    }
    return max - min;
  }

  /** A node under construction: samples {@code order[from, to)}. */
  private static final class Node {
    final int from;
    final int to;
    int axis = -1;
    double split;
    int lower;
    int upper;
    boolean splittable = true;

    Node(int from, int to) {
      this.from = from;
      this.to = to;
    }

    int count() {
      return to - from;
    }
  }

  /** The number of cells. */
  public int cells() {
    return cells;
  }

  /** The cell holding point ({@code x}, {@code y}); coordinates must not be NaN. */
  public int cellOf(double x, double y) {
    int n = 0;
    while (axis[n] >= 0) {
      double v = axis[n] == 0 ? x : y;
      n = v < split[n] ? lower[n] : upper[n];
    }
    return cell[n];
  }

  /** Calls {@code out} with every cell holding some point of {@code env} (not null), each once. */
  public void cellsOf(Envelope env, IntConsumer out) {
    visit(0, env, out);
  }

  private void visit(int n, Envelope env, IntConsumer out) {
    while (axis[n] >= 0) {
      double min = axis[n] == 0 ? env.getMinX() : env.getMinY();
      double max = axis[n] == 0 ? env.getMaxX() : env.getMaxY();
      boolean low = min < split[n];
      boolean high = max >= split[n];
      if (low && high) {
        visit(lower[n], env, out);
        n = upper[n];
      } else {
        n = low ? lower[n] : upper[n];
      }
    }
    out.accept(cell[n]);
  }

  /**
   * Whether {@code cell} reports the pair with envelopes {@code a} and {@code b} (intersecting,
   * both sent to every cell they touch): true for exactly one cell, the one holding the lower-left
   * corner of their intersection.
   */
  public boolean owns(int cell, Envelope a, Envelope b) {
    double x = Math.max(a.getMinX(), b.getMinX());
    double y = Math.max(a.getMinY(), b.getMinY());
    return cellOf(x, y) == cell;
  }
}
