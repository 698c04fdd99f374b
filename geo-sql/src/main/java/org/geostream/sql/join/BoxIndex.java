package org.geostream.sql.join;

/** A static index of closed boxes numbered 0..n-1: {@link PackedRTree} or {@link GridIndex}. */
interface BoxIndex {
  /**
   * Puts into {@code out} (cleared first) the numbers of the boxes that intersect the closed box
   * given; a box may be listed more than once ({@link GridIndex}).
   */
  void search(double qx0, double qy0, double qx1, double qy1, PackedRTree.Hits out);
}
