package org.geostream.core.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;

/**
 * Z-order curve over longitude, latitude and time for points with a time, as GeoMesa's
 * {@code Z3SFC}: time is first cut into bins of a {@link TimePeriod} (the bin prefixes store keys),
 * and the key interleaves the bits of the longitude, latitude and in-bin time-offset cells
 * ({@code ...t1y1x1t0y0x0}), each axis cut into {@code 2^bits} equal cells. The time axis spans the
 * longest bin of the period ({@link TimePeriod#offsetSpan()}). Bit interleaving and range
 * decomposition are LocationTech sfcurve's {@code Z3}.
 *
 * <p>At the default 21 bits a cell is about 1.7e-4 degrees of longitude (19 m at the equator) and
 * 41 ms of a DAY bin or 0.29 s of a WEEK bin; keys use 63 bits.
 *
 * <p>Immutable and thread-safe.
 */
public final class Z3Curve {

  /** Default bits per dimension, the most a {@code long} key allows for three dimensions. */
  public static final int DEFAULT_BITS = 21;

  private final TimePeriod period;
  private final int bits;

  /**
   * A curve with {@link #DEFAULT_BITS} bits per dimension.
   *
   * @param period the time bins
   * @throws NullPointerException if {@code period} is null
   */
  public Z3Curve(TimePeriod period) {
    this(period, DEFAULT_BITS);
  }

  /**
   * A curve with {@code bitsPerDimension} bits per dimension.
   *
   * @param period the time bins
   * @param bitsPerDimension bits per dimension, in {@code [1, 21]}
   * @throws NullPointerException if {@code period} is null
   * @throws IllegalArgumentException if {@code bitsPerDimension} is out of range
   */
  public Z3Curve(TimePeriod period, int bitsPerDimension) {
    this.period = Objects.requireNonNull(period, "Cannot create Z3 curve: period is null");
    if (bitsPerDimension < 1 || bitsPerDimension > 21) {
      throw new IllegalArgumentException(
          "Cannot create Z3 curve: bits per dimension out of range [1, 21]: '" + bitsPerDimension + "'");
    }
    this.bits = bitsPerDimension;
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
   * Bits per dimension of this curve.
   *
   * @return the bits per dimension, in {@code [1, 21]}
   */
  public int bitsPerDimension() {
    return bits;
  }

  /**
   * Largest key of this curve, {@code 2^(3 * bits) - 1}.
   *
   * @return the largest key
   */
  public long maxIndex() {
    return (1L << (3 * bits)) - 1;
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
   * Key of a point at an instant, within the instant's bin (see {@link #bin(long)}). O(1).
   *
   * @param lon longitude in {@code [-180, 180]}
   * @param lat latitude in {@code [-90, 90]}
   * @param epochMillis milliseconds since 1970-01-01T00:00:00Z, inside the period's bins
   * @return the key, in {@code [0, maxIndex()]}
   * @throws IllegalArgumentException if a coordinate is out of range or NaN, or the time cannot be
   *     binned
   */
  public long index(double lon, double lat, long epochMillis) {
    LonLat.checkLon("index point", lon);
    LonLat.checkLat("index point", lat);
    period.check("index point", epochMillis);
    return ZOrder.z3(lonCell(lon), latCell(lat), timeCell(period.offsetUnchecked(epochMillis)));
  }

  /**
   * Binned key ranges covering every point inside any of the query boxes (boundaries included) at a
   * time in {@code [fromMillis, toMillis]} (both inclusive): the bin and key of any such point lie
   * in one of the returned ranges. Ranges may also hold keys of other points (false positives).
   *
   * <p>Boxes are clipped to the world and the interval to the indexable times of the period; a box
   * that crosses the antimeridian must be passed as two boxes. Empty boxes and boxes outside the
   * world are skipped; an empty list of boxes, or an interval outside the indexable times, gives an
   * empty result. An exclusive bound (ECQL {@code DURING}) is passed as {@code from + 1} /
   * {@code to - 1}.
   *
   * <p>Every bin the interval touches gets ranges: bins wholly inside the interval share one
   * decomposition over the whole bin, the first and last bins use the exact offsets of the interval
   * ends. The result is sorted by bin then key, the ranges of a bin are non-overlapping, and it holds
   * at most {@code max(maxRanges, bins)} ranges, each bin getting a budget of
   * {@code max(1, maxRanges / bins)}. Cost: up to three sfcurve decompositions (see
   * {@link Z2Curve#ranges}), plus one range copy per bin.
   *
   * @param boxes query boxes in degrees (x = longitude, y = latitude), OR-ed together
   * @param fromMillis start of the interval, epoch milliseconds, inclusive
   * @param toMillis end of the interval, epoch milliseconds, inclusive
   * @param maxRanges the range budget, at least 1
   * @return ranges sorted by bin and key
   * @throws NullPointerException if {@code boxes} or one of its elements is null
   * @throws IllegalArgumentException if a box has a NaN coordinate, {@code fromMillis > toMillis} or
   *     {@code maxRanges < 1}
   */
  public List<BinnedKeyRange> ranges(List<Envelope> boxes, long fromMillis, long toMillis, int maxRanges) {
    Objects.requireNonNull(boxes, "Cannot plan Z3 ranges: boxes is null");
    KeyRanges.checkBudget("plan Z3 ranges", maxRanges);
    List<double[]> clipped = new ArrayList<>(boxes.size());
    for (Envelope box : boxes) {
      double[] b = LonLat.clip("plan Z3 ranges", box);
      if (b != null) {
        clipped.add(b);
      }
    }
    return TimeBins.plan("plan Z3 ranges", period, fromMillis, toMillis, maxRanges,
        (fromOffset, toOffset, wholeStart, wholeEnd, budget) ->
            binRanges(clipped, fromOffset, toOffset, wholeStart, wholeEnd, budget));
  }

  private List<KeyRange> binRanges(List<double[]> boxes, long fromOffset, long toOffset, boolean wholeStart,
      boolean wholeEnd, int budget) {
    // when the interval reaches an end of the bin, the cells beyond it hold query times or nothing
    // (offsets stop short of the last cells in bins shorter than the offset span, or when the span is
    // not a multiple of the cell size), so the query can take them in whole
    int t0 = wholeStart ? 0 : timeCell(fromOffset);
    int t1 = wholeEnd ? lastCell() : timeCell(toOffset);
    int tInner0 = wholeStart ? 0 : t0 + 1;
    int tInner1 = wholeEnd ? lastCell() : t1 - 1;
    List<int[]> grid = new ArrayList<>(boxes.size());
    List<int[]> inner = new ArrayList<>(boxes.size());
    for (double[] b : boxes) {
      grid.add(new int[] {lonCell(b[0]), latCell(b[1]), t0, lonCell(b[2]), latCell(b[3]), t1});
      inner.add(new int[] {
          b[0] <= LonLat.LON_MIN ? 0 : lonCell(b[0]) + 1,
          b[1] <= LonLat.LAT_MIN ? 0 : latCell(b[1]) + 1,
          tInner0,
          b[2] >= LonLat.LON_MAX ? lastCell() : lonCell(b[2]) - 1,
          b[3] >= LonLat.LAT_MAX ? lastCell() : latCell(b[3]) - 1,
          tInner1});
    }
    if (grid.isEmpty()) {
      return List.of();
    }
    return ZPlanning.plan((target, recursion) -> ZOrder.z3Ranges(grid, target, recursion), budget, 2, bits,
        inner);
  }

  private int lastCell() {
    return (1 << bits) - 1;
  }

  private int lonCell(double lon) {
    return LonLat.cell(lon, LonLat.LON_MIN, LonLat.LON_MAX, bits);
  }

  private int latCell(double lat) {
    return LonLat.cell(lat, LonLat.LAT_MIN, LonLat.LAT_MAX, bits);
  }

  // exact integer scaling: offset < span < 2^32 and bits <= 21, so the product stays below 2^53
  private int timeCell(long offset) {
    return (int) ((offset << bits) / period.offsetSpan());
  }

  @Override
  public String toString() {
    return "Z3Curve[period=" + period + ", bits=" + bits + "]";
  }
}
