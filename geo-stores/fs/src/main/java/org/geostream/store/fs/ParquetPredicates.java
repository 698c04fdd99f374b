package org.geostream.store.fs;

import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.geostream.core.filter.FilterBounds;
import org.locationtech.jts.geom.Envelope;

/**
 * The Parquet predicate of a filter's bounds, on the {@code bbox} covering columns and the date
 * column: rows whose box overlaps the area and whose time is in the span. A superset of the
 * filter's matches, used to skip row groups, pages and rows before the exact test.
 */
final class ParquetPredicates {
  private ParquetPredicates() {}

  /** The Parquet predicate on the bbox covering and date columns, or null when unbounded. */
  static FilterPredicate of(FilterBounds b, String dtg) {
    Envelope area = b.area();
    long minTime = b.minTime();
    long maxTime = b.maxTime();
    FilterPredicate p = null;
    if (area != null) {
      p = FilterApi.and(
          FilterApi.and(FilterApi.gtEq(FilterApi.doubleColumn("bbox.xmax"), area.getMinX()),
              FilterApi.ltEq(FilterApi.doubleColumn("bbox.xmin"), area.getMaxX())),
          FilterApi.and(FilterApi.gtEq(FilterApi.doubleColumn("bbox.ymax"), area.getMinY()),
              FilterApi.ltEq(FilterApi.doubleColumn("bbox.ymin"), area.getMaxY())));
    }
    if (dtg != null && (minTime != Long.MIN_VALUE || maxTime != Long.MAX_VALUE)) {
      FilterPredicate t = null;
      if (minTime != Long.MIN_VALUE) {
        t = FilterApi.gtEq(FilterApi.longColumn(dtg), Math.multiplyExact(minTime, 1000L));
      }
      if (maxTime != Long.MAX_VALUE) {
        // Stored in microseconds: the whole last millisecond matches.
        FilterPredicate hi = FilterApi.ltEq(FilterApi.longColumn(dtg), Math.multiplyExact(maxTime, 1000L) + 999);
        t = t == null ? hi : FilterApi.and(t, hi);
      }
      p = p == null ? t : FilterApi.and(p, t);
    }
    return p;
  }
}
