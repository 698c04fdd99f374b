package org.geostream.core.curve;

import java.util.List;
import org.geotools.api.filter.Filter;
import org.geostream.core.filter.FilterBounds;
import org.locationtech.jts.geom.Envelope;

/**
 * Key ranges of a GeoTools (ECQL) filter on a curve: the filter's area and time span
 * ({@link FilterBounds}) turned into the few ranges a store scans. Like the curves, never a false
 * negative: every feature the filter matches has its key inside a returned range.
 *
 * <p>An empty list means the filter can match nothing. A filter without an area covers the whole
 * world. Z3 and XZ3 need a bounded time span (a key range per time bin of all history would be no
 * index at all): without one they return null, and a store scans by Z2/XZ2 or in full instead.
 * Thread-safe.
 */
public final class FilterRanges {
  private static final Envelope WORLD = new Envelope(-180, 180, -90, 90);

  private FilterRanges() {}

  /** Z2 ranges of points matching {@code filter} on geometry attribute {@code geom}. */
  public static List<KeyRange> z2(Z2Curve curve, Filter filter, String geom, int maxRanges) {
    FilterBounds b = FilterBounds.of(filter, geom, null);
    return b.empty() ? List.of() : curve.ranges(List.of(area(b)), maxRanges);
  }

  /** XZ2 ranges of geometries matching {@code filter} on geometry attribute {@code geom}. */
  public static List<KeyRange> xz2(XZ2Curve curve, Filter filter, String geom, int maxRanges) {
    FilterBounds b = FilterBounds.of(filter, geom, null);
    return b.empty() ? List.of() : curve.ranges(List.of(area(b)), maxRanges);
  }

  /**
   * Z3 ranges of points with times matching {@code filter}, or null when the filter does not
   * bound the date attribute {@code dtg}.
   */
  public static List<BinnedKeyRange> z3(Z3Curve curve, Filter filter, String geom, String dtg, int maxRanges) {
    return binned(FilterBounds.of(filter, geom, dtg), curve.period(),
        (area, from, to) -> curve.ranges(area, from, to, maxRanges));
  }

  /**
   * XZ3 ranges of geometries with times matching {@code filter}, or null when the filter does
   * not bound the date attribute {@code dtg}.
   */
  public static List<BinnedKeyRange> xz3(XZ3Curve curve, Filter filter, String geom, String dtg, int maxRanges) {
    return binned(FilterBounds.of(filter, geom, dtg), curve.period(),
        (area, from, to) -> curve.ranges(area, from, to, maxRanges));
  }

  /** Ranges of a curve with time bins over the filter's bounds. */
  private interface BinnedRanges {
    List<BinnedKeyRange> of(List<Envelope> area, long from, long to);
  }

  private static List<BinnedKeyRange> binned(FilterBounds b, TimePeriod period, BinnedRanges ranges) {
    if (b.empty()) {
      return List.of();
    }
    long[] span = span(b, period);
    return span == null ? null : span.length == 0 ? List.of() : ranges.of(List.of(area(b)), span[0], span[1]);
  }

  private static Envelope area(FilterBounds b) {
    return b.area() == null ? WORLD : b.area();
  }

  /** The time span clipped to what the period can index; null when unbounded, empty when outside. */
  private static long[] span(FilterBounds b, TimePeriod period) {
    if (b.minTime() == Long.MIN_VALUE || b.maxTime() == Long.MAX_VALUE) {
      return null;
    }
    long from = Math.max(0, b.minTime());
    long to = Math.min(period.endMillis() - 1, b.maxTime());
    return from > to ? new long[0] : new long[] {from, to};
  }
}
