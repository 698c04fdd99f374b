package org.geostream.core.curve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * XZ-ordering (Böhm, Klump, Kriegel: "XZ-Ordering: A Space-Filling Curve for Objects with Spatial
 * Extension", SSD 1999) over the unit square or cube, shared by {@link XZ2Curve} and
 * {@link XZ3Curve}.
 *
 * <p>The space is split recursively into {@code 2^dims} quadrants (octants), down to level
 * {@code g}. The element of a cell at level {@code l} is the cell enlarged to twice its side in the
 * upper direction of every axis. A box is keyed by the deepest element that holds it among the
 * elements of the cells that hold its lower corner; keys number the elements in pre-order (an
 * element, then the subtrees of its children in quadrant order), so the keys of an element and of
 * all its descendants form one interval. Quadrant {@code q} has bit {@code d} set when the box lies
 * in the upper half along axis {@code d}.
 *
 * <p>Cell edges at level {@code l <= g <= 30} are dyadic fractions, exact in {@code double}, so
 * every comparison below is exact on the normalized inputs.
 */
final class XzTree {

  private final int dims;
  private final int g;
  // subtree[l]: number of elements in the subtree of an element at level l, itself included
  private final long[] subtree;

  XzTree(int dims, int g) {
    this.dims = dims;
    this.g = g;
    this.subtree = new long[g + 1];
    long children = 1L << dims;
    for (int level = 0; level <= g; level++) {
      subtree[level] = ((1L << (dims * (g - level + 1))) - 1) / (children - 1);
    }
  }

  long maxCode() {
    return subtree[0] - 1;
  }

  /**
   * Key of a box with corners {@code min} and {@code max} in the unit square or cube. O(g * dims).
   */
  long code(double[] min, double[] max) {
    long cells = 1L << g;
    long[] cell = new long[dims];
    for (int d = 0; d < dims; d++) {
      cell[d] = Math.min(cells - 1, (long) Math.floor(Math.scalb(min[d], g)));
    }
    // the element at level 1 always holds the box, and holding is inherited by shallower levels
    int length = 1;
    while (length < g && holds(cell, max, length + 1)) {
      length++;
    }
    long code = 0;
    for (int level = 1; level <= length; level++) {
      int quadrant = 0;
      for (int d = 0; d < dims; d++) {
        quadrant |= (int) ((cell[d] >>> (g - level)) & 1L) << d;
      }
      code += 1 + quadrant * subtree[level];
    }
    return code;
  }

  // whether the element at `level` of the cell holding the lower corner also holds the upper corner
  private boolean holds(long[] cell, double[] max, int level) {
    for (int d = 0; d < dims; d++) {
      if (Math.scalb(max[d], level) > (cell[d] >>> (g - level)) + 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sorted, merged key ranges holding the key of every box that intersects one of the windows
   * {@code {min0, .., minN, max0, .., maxN}} (closed, in the unit square or cube), at most
   * {@code maxRanges} of them. Breadth-first; stops refining once the ranges found and the elements
   * still queued reach {@code 4 * maxRanges}, then fills the smallest gaps. O(maxRanges * 2^dims *
   * windows) time.
   */
  List<KeyRange> ranges(List<double[]> windows, int maxRanges) {
    long target = 4L * maxRanges;
    List<KeyRange> found = new ArrayList<>();
    ArrayDeque<Element> queue = new ArrayDeque<>();
    queue.add(new Element(0, new long[dims], 0L));
    while (!queue.isEmpty()) {
      Element element = queue.poll();
      if (found.size() + queue.size() + 1 >= target) {
        // out of budget: every element still queued is kept whole
        queue.addFirst(element);
        for (Element rest : queue) {
          if (overlapsAny(rest, windows)) {
            found.add(new KeyRange(rest.code, rest.code + subtree[rest.level] - 1, false));
          }
        }
        break;
      }
      if (!overlapsAny(element, windows)) {
        continue;
      }
      if (containedInAny(element, windows)) {
        found.add(new KeyRange(element.code, element.code + subtree[element.level] - 1, true));
      } else {
        // boxes keyed by this very element may miss the windows; descendants are checked one by one
        found.add(new KeyRange(element.code, element.code, false));
        if (element.level < g) {
          addChildren(element, queue);
        }
      }
    }
    return KeyRanges.cap(KeyRanges.sortAndMerge(found), maxRanges);
  }

  private void addChildren(Element parent, ArrayDeque<Element> queue) {
    int level = parent.level + 1;
    for (int quadrant = 0; quadrant < (1 << dims); quadrant++) {
      long[] cell = new long[dims];
      for (int d = 0; d < dims; d++) {
        cell[d] = 2 * parent.cell[d] + ((quadrant >>> d) & 1);
      }
      queue.add(new Element(level, cell, parent.code + 1 + quadrant * subtree[level]));
    }
  }

  // the boxes of an element's subtree lie in [cell, cell + 2] / 2^level (and in the unit space)
  private boolean overlapsAny(Element element, List<double[]> windows) {
    for (double[] w : windows) {
      boolean overlaps = true;
      for (int d = 0; d < dims && overlaps; d++) {
        double lo = Math.scalb((double) element.cell[d], -element.level);
        double hi = Math.scalb((double) (element.cell[d] + 2), -element.level);
        overlaps = w[dims + d] >= lo && w[d] <= hi;
      }
      if (overlaps) {
        return true;
      }
    }
    return false;
  }

  // strict inequalities (except at the edges of the unit space) make "contained" hold in user space
  // too, where normalization may map distinct values to the same double
  private boolean containedInAny(Element element, List<double[]> windows) {
    for (double[] w : windows) {
      boolean contained = true;
      for (int d = 0; d < dims && contained; d++) {
        double lo = Math.scalb((double) element.cell[d], -element.level);
        double hi = Math.min(1.0, Math.scalb((double) (element.cell[d] + 2), -element.level));
        contained = (w[d] <= 0.0 || lo > w[d]) && (w[dims + d] >= 1.0 || hi < w[dims + d]);
      }
      if (contained) {
        return true;
      }
    }
    return false;
  }

  private record Element(int level, long[] cell, long code) {
  }
}
