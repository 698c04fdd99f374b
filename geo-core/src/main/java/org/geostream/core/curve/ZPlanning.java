package org.geostream.core.curve;

import java.util.ArrayList;
import java.util.List;

/**
 * Budgeted use of sfcurve's Z-range decomposition, shared by {@link Z2Curve} and {@link Z3Curve}.
 *
 * <p>sfcurve refines the query breadth-first and stops once it holds a target number of fully
 * contained ranges or reaches a recursion limit. Only contained ranges count against the target, so
 * a box with a degenerate side (a line in 2D, a plane in 3D) has no contained cell above the finest
 * level and its partly covered cells multiply level after level; the recursion limit is what bounds
 * the work. The limit starts at enough levels for the boundary cells of a box to reach about
 * {@code maxRanges}, and deepens while the result stays well under budget (a small box that
 * straddles a coarse cell edge has no common prefix and needs more levels). The smallest gaps are
 * then filled until at most {@code maxRanges} ranges remain.
 *
 * <p>sfcurve calls a range contained when its cells lie inside the grid box that covers a query; the
 * boundary cells of that box also hold values outside the query, so a range stays contained here
 * only if all its cells lie inside an inner grid box, made of the cells that hold query values only.
 */
final class ZPlanning {

  /** sfcurve stops refining at this many contained ranges per unit of budget. */
  private static final int RANGE_FACTOR = 4;
  /** Levels added to the first recursion limit, and at each deepening. */
  private static final int EXTRA_LEVELS = 2;

  private ZPlanning() {
  }

  /**
   * Plans sorted, merged ranges within budget.
   *
   * @param decompose runs sfcurve with (contained-range target, recursion limit)
   * @param log2PerLevel log2 of the growth of boundary cells per level: 1 in 2D, 2 in 3D
   * @param bits bits per dimension of the curve, the deepest useful recursion
   * @param inner grid boxes {@code {min0, .., minN, max0, .., maxN}} of cells holding query values
   *     only; a box with a minimum above its maximum holds no cell
   */
  static List<KeyRange> plan(DecomposeFn decompose, int maxRanges, int log2PerLevel, int bits,
      List<int[]> inner) {
    int target = (int) Math.min(Integer.MAX_VALUE, (long) maxRanges * RANGE_FACTOR);
    int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, maxRanges - 1));
    int recursion = Math.min(bits, (log2 + log2PerLevel - 1) / log2PerLevel + EXTRA_LEVELS);
    List<KeyRange> ranges = KeyRanges.sortAndMerge(decompose.apply(target, recursion));
    while (recursion < bits && ranges.size() < maxRanges / 2 && !allContained(ranges)) {
      recursion = Math.min(bits, recursion + EXTRA_LEVELS);
      ranges = KeyRanges.sortAndMerge(decompose.apply(target, recursion));
    }
    int dims = log2PerLevel + 1;
    List<KeyRange> checked = new ArrayList<>(ranges.size());
    for (KeyRange range : ranges) {
      boolean contained = range.contained() && inside(range.lower(), range.upper(), dims, inner);
      checked.add(contained == range.contained() ? range : new KeyRange(range.lower(), range.upper(), false));
    }
    return KeyRanges.cap(checked, maxRanges);
  }

  /**
   * Whether every cell of the keys {@code [lower, upper]} lies in one of the grid boxes: the interval
   * is split into aligned Z blocks (each a grid cube), at most about {@code 2 * 63} of them. O(63 *
   * boxes) per block.
   */
  static boolean inside(long lower, long upper, int dims, List<int[]> boxes) {
    long z = lower;
    while (true) {
      int level = 0;
      while (dims * (level + 1) < 63) {
        long size = 1L << (dims * (level + 1));
        if ((z & (size - 1)) != 0 || z + size - 1 > upper) {
          break;
        }
        level++;
      }
      long side = 1L << level;
      if (!cubeInside(z, side, dims, boxes)) {
        return false;
      }
      long next = z + (1L << (dims * level));
      if (next - 1 >= upper) {
        return true;
      }
      z = next;
    }
  }

  private static boolean cubeInside(long z, long side, int dims, List<int[]> boxes) {
    for (int[] box : boxes) {
      boolean inside = true;
      for (int d = 0; d < dims && inside; d++) {
        long c = ZOrder.combine(z >>> d, dims);
        inside = c >= box[d] && c + side - 1 <= box[dims + d];
      }
      if (inside) {
        return true;
      }
    }
    return false;
  }

  private static boolean allContained(List<KeyRange> ranges) {
    for (KeyRange range : ranges) {
      if (!range.contained()) {
        return false;
      }
    }
    return true;
  }

  /** One sfcurve decomposition: (contained-range target, recursion limit) to unsorted ranges. */
  @FunctionalInterface
  interface DecomposeFn {
    List<KeyRange> apply(int rangeTarget, int maxRecurse);
  }
}
