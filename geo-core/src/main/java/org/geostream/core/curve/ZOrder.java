package org.geostream.core.curve;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.sfcurve.IndexRange;
import org.locationtech.sfcurve.zorder.Z2;
import org.locationtech.sfcurve.zorder.Z3;
import org.locationtech.sfcurve.zorder.ZRange;
import scala.Option;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The one place that calls LocationTech sfcurve ({@code sfcurve-zorder}): bit interleaving and the
 * breadth-first Z-range decomposition of {@code Z2} / {@code Z3}, with Scala types kept out of the
 * rest of the package.
 *
 * <p>sfcurve fixes 31 bits per dimension for {@code Z2} and 21 for {@code Z3}; a curve with fewer
 * bits passes grid coordinates below {@code 2^bits}, whose interleaving fills the low bits only, and
 * the decomposition then starts below the common all-zero prefix.
 */
final class ZOrder {

  private ZOrder() {
  }

  static long z2(int x, int y) {
    return Z2.apply(x, y);
  }

  static int z2x(long z) {
    return Z2.combine(z);
  }

  static int z2y(long z) {
    return Z2.combine(z >>> 1);
  }

  /** De-interleaves one dimension of a key of a curve with {@code dims} (2 or 3) dimensions. */
  static int combine(long z, int dims) {
    return dims == 2 ? Z2.combine(z) : Z3.combine(z);
  }

  static long z3(int x, int y, int t) {
    return Z3.apply(x, y, t);
  }

  static int z3x(long z) {
    return Z3.combine(z);
  }

  static int z3y(long z) {
    return Z3.combine(z >>> 1);
  }

  static int z3t(long z) {
    return Z3.combine(z >>> 2);
  }

  /**
   * Z2 ranges covering grid boxes {@code {xmin, ymin, xmax, ymax}}; sfcurve stops refining once it
   * holds {@code rangeTarget} fully contained ranges or reaches {@code maxRecurse} levels below the
   * common prefix of the boxes, and then returns every partly covered cell whole.
   */
  static List<KeyRange> z2Ranges(List<int[]> boxes, int rangeTarget, int maxRecurse) {
    ZRange[] bounds = new ZRange[boxes.size()];
    for (int i = 0; i < bounds.length; i++) {
      int[] b = boxes.get(i);
      bounds[i] = new ZRange(z2(b[0], b[1]), z2(b[2], b[3]));
    }
    return toList(Z2.zranges(bounds, 64, Option.<Object>apply(rangeTarget), Option.<Object>apply(maxRecurse)));
  }

  /** As {@link #z2Ranges} for Z3 grid boxes {@code {xmin, ymin, tmin, xmax, ymax, tmax}}. */
  static List<KeyRange> z3Ranges(List<int[]> boxes, int rangeTarget, int maxRecurse) {
    ZRange[] bounds = new ZRange[boxes.size()];
    for (int i = 0; i < bounds.length; i++) {
      int[] b = boxes.get(i);
      bounds[i] = new ZRange(z3(b[0], b[1], b[2]), z3(b[3], b[4], b[5]));
    }
    return toList(Z3.zranges(bounds, 64, Option.<Object>apply(rangeTarget), Option.<Object>apply(maxRecurse)));
  }

  private static List<KeyRange> toList(Seq<IndexRange> ranges) {
    List<KeyRange> list = new ArrayList<>(ranges.size());
    Iterator<IndexRange> it = ranges.iterator();
    while (it.hasNext()) {
      IndexRange range = it.next();
      list.add(new KeyRange(range.lower(), range.upper(), range.contained()));
    }
    return list;
  }
}
