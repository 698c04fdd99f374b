package org.geostream.core.curve;

import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;

/**
 * Extended Z-order curve over longitude, latitude and time for geometries with an extent and a
 * time, the scheme of GeoMesa's {@code XZ3SFC}: time is first cut into bins of a
 * {@link TimePeriod} (the bin prefixes store keys), then a geometry is keyed by its bounding box and
 * its offset in the bin as in {@link XZ2Curve}, with an octree instead of a quadtree. The time axis
 * spans the longest bin of the period ({@link TimePeriod#offsetSpan()}).
 *
 * <p>Keys are in {@code [0, (8^(g+1) - 1) / 7)}; at the default {@code g = 12} the finest element
 * is about 0.088 by 0.044 degrees by 21 s of a DAY bin, and keys need 38 bits.
 *
 * <p>Immutable and thread-safe.
 */
public final class XZ3Curve {

  /** Default resolution, GeoMesa's default. */
  public static final int DEFAULT_RESOLUTION = 12;

  private final TimePeriod period;
  private final int g;
  private final XzTree tree;

  /**
   * A curve of resolution {@link #DEFAULT_RESOLUTION}.
   *
   * @param period the time bins
   * @throws NullPointerException if {@code period} is null
   */
  public XZ3Curve(TimePeriod period) {
    this(period, DEFAULT_RESOLUTION);
  }

  /**
   * A curve of resolution {@code g}: space-time in a bin is split in eight {@code g} times.
   *
   * @param period the time bins
   * @param g the resolution, in {@code [1, 19]}
   * @throws NullPointerException if {@code period} is null
   * @throws IllegalArgumentException if {@code g} is out of range
   */
  public XZ3Curve(TimePeriod period, int g) {
    this.period = Objects.requireNonNull(period, "Cannot create XZ3 curve: period is null");
    if (g < 1 || g > 19) {
      throw new IllegalArgumentException("Cannot create XZ3 curve: resolution out of range [1, 19]: '" + g + "'");
    }
    this.g = g;
    this.tree = new XzTree(3, g);
  }

  /**
   * The time bins of this curve.
   *
   * @return the period
   */
  public TimePeriod period() {
    return period;
  }

  /**
   * The resolution of this curve.
   *
   * @return {@code g}, in {@code [1, 19]}
   */
  public int resolution() {
    return g;
  }

  /**
   * Largest key of this curve, {@code (8^(g+1) - 1) / 7 - 1}.
   *
   * @return the largest key
   */
  public long maxIndex() {
    return tree.maxCode();
  }

  /**
   * Time bin of an instant, {@link TimePeriod#bin(long)} of this curve's period. O(1).
   *
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z
   * @return the bin, in {@code [0, 32767]}
   * @throws IllegalArgumentException if the instant is before 1970 or after the last bin
   */
  public short bin(long epochMillis) {
    return period.bin(epochMillis);
  }

  /**
   * Key of a geometry at an instant, within the instant's bin (see {@link #bin(long)}), from the
   * geometry's bounding box. O(g).
   *
   * @param geometryBounds bounding box in degrees (x = longitude, y = latitude)
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z, inside the period's bins
   * @return the key, in {@code [1, maxIndex()]}
   * @throws NullPointerException if {@code geometryBounds} is null
   * @throws IllegalArgumentException if the box is empty, a coordinate is out of range or NaN, or the
   *     time cannot be binned
   */
  public long index(Envelope geometryBounds, long epochMillis) {
    double[] b = XZ2Curve.checkBounds("index geometry bounds", geometryBounds);
    period.check("index geometry bounds", epochMillis);
    double t = timeFraction(period.offsetUnchecked(epochMillis));
    return tree.code(new double[] {b[0], b[1], t}, new double[] {b[2], b[3], t});
  }

  /**
   * Binned key ranges holding the key of every geometry whose bounding box intersects one of the
   * query boxes (boundaries included) at a time in {@code [fromMillis, toMillis]} (both
   * inclusive). Ranges may also hold keys of other geometries (false positives); a range is
   * {@code contained} only when every geometry keyed in it has its bounding box inside a query box
   * and its time inside the interval.
   *
   * <p>Boxes are clipped to the world and the interval to the indexable times of the period; a box
   * that crosses the antimeridian must be passed as two boxes. Empty boxes and boxes outside the
   * world are skipped; an empty list of boxes, or an interval outside the indexable times, gives an
   * empty result.
   *
   * <p>Every bin the interval touches gets ranges: bins wholly inside the interval share one plan,
   * the first and last bins use the exact offsets of the interval ends. The result is sorted by bin
   * then key, the ranges of a bin are non-overlapping, and it holds at most
   * {@code max(maxRanges, bins)} ranges, each bin getting a budget of
   * {@code max(1, maxRanges / bins)}. Cost: up to three octree walks as in {@link XZ2Curve#ranges},
   * plus one range copy per bin.
   *
   * @param queries query boxes in degrees (x = longitude, y = latitude), OR-ed together
   * @param fromMillis start of the interval, epoch milliseconds, inclusive
   * @param toMillis end of the interval, epoch milliseconds, inclusive
   * @param maxRanges the range budget, at least 1
   * @return ranges sorted by bin and key
   * @throws NullPointerException if {@code queries} or one of its elements is null
   * @throws IllegalArgumentException if a box has a NaN coordinate, {@code fromMillis > toMillis} or
   *     {@code maxRanges < 1}
   */
  public List<BinnedKeyRange> ranges(List<Envelope> queries, long fromMillis, long toMillis, int maxRanges) {
    Objects.requireNonNull(queries, "Cannot plan XZ3 ranges: queries is null");
    KeyRanges.checkBudget("plan XZ3 ranges", maxRanges);
    // validates the boxes before any bin is planned
    boolean any = !XZ2Curve.normalizedWindows("plan XZ3 ranges", queries, null).isEmpty();
    return TimeBins.plan("plan XZ3 ranges", period, fromMillis, toMillis, maxRanges,
        (fromOffset, toOffset, wholeStart, wholeEnd, budget) -> {
          if (!any) {
            return List.of();
          }
          double[] time = {wholeStart ? 0.0 : timeFraction(fromOffset), wholeEnd ? 1.0 : timeFraction(toOffset)};
          return tree.ranges(XZ2Curve.normalizedWindows("plan XZ3 ranges", queries, time), budget);
        });
  }

  private double timeFraction(long offset) {
    return (double) offset / period.offsetSpan();
  }

  @Override
  public String toString() {
    return "XZ3Curve[period=" + period + ", g=" + g + "]";
  }
}
