package org.geostream.store.fs;

import java.util.Date;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.geotools.api.filter.And;
import org.geotools.api.filter.BinaryComparisonOperator;
import org.geotools.api.filter.Filter;
import org.geotools.api.filter.Or;
import org.geotools.api.filter.PropertyIsBetween;
import org.geotools.api.filter.PropertyIsEqualTo;
import org.geotools.api.filter.PropertyIsGreaterThan;
import org.geotools.api.filter.PropertyIsGreaterThanOrEqualTo;
import org.geotools.api.filter.PropertyIsLessThan;
import org.geotools.api.filter.PropertyIsLessThanOrEqualTo;
import org.geotools.api.filter.expression.Expression;
import org.geotools.api.filter.expression.Literal;
import org.geotools.api.filter.expression.PropertyName;
import org.geotools.api.filter.spatial.BBOX;
import org.geotools.api.filter.spatial.BinarySpatialOperator;
import org.geotools.api.filter.spatial.Contains;
import org.geotools.api.filter.spatial.Crosses;
import org.geotools.api.filter.spatial.DWithin;
import org.geotools.api.filter.spatial.Equals;
import org.geotools.api.filter.spatial.Intersects;
import org.geotools.api.filter.spatial.Overlaps;
import org.geotools.api.filter.spatial.Touches;
import org.geotools.api.filter.spatial.Within;
import org.geotools.api.filter.temporal.After;
import org.geotools.api.filter.temporal.Before;
import org.geotools.api.filter.temporal.BinaryTemporalOperator;
import org.geotools.api.filter.temporal.During;
import org.geotools.api.filter.temporal.TEquals;
import org.geotools.api.temporal.Instant;
import org.geotools.api.temporal.Period;
import org.geotools.util.Converters;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The area and time span a GeoTools filter can match, for pruning files and row groups: a
 * superset, never smaller than the true answer. Understood: bounding boxes and the spatial
 * relations that imply envelope overlap with a literal geometry ({@code INTERSECTS}, {@code
 * CONTAINS}, {@code WITHIN}, {@code OVERLAPS}, {@code CROSSES}, {@code TOUCHES}, {@code EQUALS},
 * {@code DWITHIN} in the layer's units), comparisons, {@code BETWEEN} and temporal operators
 * ({@code DURING}, {@code BEFORE}, {@code AFTER}, {@code TEQUALS}) on the date attribute, and
 * {@code AND} / {@code OR} of those. Anything else (NOT, DISJOINT, other attributes) is unbounded.
 * Immutable, thread-safe.
 *
 * @param area the envelope, null for unbounded
 * @param minTime earliest time (epoch ms, inclusive), Long.MIN_VALUE for unbounded
 * @param maxTime latest time (inclusive), Long.MAX_VALUE for unbounded
 * @param empty whether the filter can match nothing (Filter.EXCLUDE, disjoint AND)
 */
record QueryBounds(Envelope area, long minTime, long maxTime, boolean empty) {
  static final QueryBounds ALL = new QueryBounds(null, Long.MIN_VALUE, Long.MAX_VALUE, false);
  static final QueryBounds NONE = new QueryBounds(null, Long.MIN_VALUE, Long.MAX_VALUE, true);

  /** The bounds of {@code filter} on geometry {@code geom} and date attribute {@code dtg} (either may be null). */
  static QueryBounds of(Filter filter, String geom, String dtg) {
    if (filter == null || filter == Filter.INCLUDE) {
      return ALL;
    }
    if (filter == Filter.EXCLUDE) {
      return NONE;
    }
    if (filter instanceof And and) {
      QueryBounds out = ALL;
      for (Filter f : and.getChildren()) {
        out = out.and(of(f, geom, dtg));
      }
      return out;
    }
    if (filter instanceof Or or) {
      QueryBounds out = NONE;
      for (Filter f : or.getChildren()) {
        out = out.or(of(f, geom, dtg));
      }
      return out;
    }
    if (filter instanceof BinarySpatialOperator op && geom != null) {
      return spatial(op, geom);
    }
    if (dtg != null) {
      return temporal(filter, dtg);
    }
    return ALL;
  }

  private static QueryBounds spatial(BinarySpatialOperator op, String geom) {
    if (!(op instanceof BBOX || op instanceof Intersects || op instanceof Contains || op instanceof Within
        || op instanceof Overlaps || op instanceof Crosses || op instanceof Touches || op instanceof Equals
        || op instanceof DWithin)) {
      return ALL;
    }
    if (op instanceof BBOX b && b.getBounds() != null && b.getBounds().getCoordinateReferenceSystem() != null) {
      // A box in a CRS of its own would need reprojecting first: no pruning, GeoTools decides.
      return ALL;
    }
    Geometry lit = literalGeometry(op.getExpression1(), op.getExpression2(), geom);
    if (lit == null) {
      return ALL;
    }
    if (lit.isEmpty()) {
      return NONE;
    }
    Envelope e = new Envelope(lit.getEnvelopeInternal());
    if (op instanceof DWithin d) {
      String units = d.getDistanceUnits();
      if (units != null && !units.isBlank() && !units.toLowerCase(java.util.Locale.ROOT).startsWith("deg")) {
        return ALL;
      }
      e.expandBy(d.getDistance());
    }
    return new QueryBounds(e, Long.MIN_VALUE, Long.MAX_VALUE, false);
  }

  private static Geometry literalGeometry(Expression a, Expression b, String geom) {
    if (a instanceof PropertyName p && geom.equals(p.getPropertyName()) && b instanceof Literal l) {
      return l.evaluate(null, Geometry.class);
    }
    if (b instanceof PropertyName p && geom.equals(p.getPropertyName()) && a instanceof Literal l) {
      return l.evaluate(null, Geometry.class);
    }
    return null;
  }

  private static QueryBounds temporal(Filter f, String dtg) {
    if (f instanceof PropertyIsBetween b && isProp(b.getExpression(), dtg)) {
      Long lo = time(b.getLowerBoundary());
      Long hi = time(b.getUpperBoundary());
      return lo == null || hi == null ? ALL : time(lo, hi);
    }
    if (f instanceof BinaryComparisonOperator c) {
      boolean left = isProp(c.getExpression1(), dtg);
      boolean right = isProp(c.getExpression2(), dtg);
      if (left == right) {
        return ALL;
      }
      Long t = time(left ? c.getExpression2() : c.getExpression1());
      if (t == null) {
        return ALL;
      }
      if (f instanceof PropertyIsEqualTo) {
        return time(t, t);
      }
      boolean lower = (f instanceof PropertyIsGreaterThan || f instanceof PropertyIsGreaterThanOrEqualTo) == left;
      if (f instanceof PropertyIsGreaterThan || f instanceof PropertyIsGreaterThanOrEqualTo
          || f instanceof PropertyIsLessThan || f instanceof PropertyIsLessThanOrEqualTo) {
        return lower ? time(t, Long.MAX_VALUE) : time(Long.MIN_VALUE, t);
      }
      return ALL;
    }
    if (f instanceof BinaryTemporalOperator op && isProp(op.getExpression1(), dtg)
        && op.getExpression2() instanceof Literal l) {
      Object v = l.getValue();
      long lo;
      long hi;
      if (v instanceof Period p) {
        lo = p.getBeginning().getPosition().getDate().getTime();
        hi = p.getEnding().getPosition().getDate().getTime();
      } else if (v instanceof Instant i) {
        lo = i.getPosition().getDate().getTime();
        hi = lo;
      } else {
        Long t = time(l);
        if (t == null) {
          return ALL;
        }
        lo = t;
        hi = t;
      }
      if (op instanceof During || op instanceof TEquals) {
        return time(lo, hi);
      } else if (op instanceof After) {
        return time(hi, Long.MAX_VALUE);
      } else if (op instanceof Before) {
        return time(Long.MIN_VALUE, lo);
      }
    }
    return ALL;
  }

  private static boolean isProp(Expression e, String name) {
    return e instanceof PropertyName p && name.equals(p.getPropertyName());
  }

  private static Long time(Expression e) {
    if (!(e instanceof Literal l) || l.getValue() == null) {
      return null;
    }
    Date d = Converters.convert(l.getValue(), Date.class);
    return d == null ? null : d.getTime();
  }

  private static QueryBounds time(long lo, long hi) {
    return new QueryBounds(null, lo, hi, lo > hi);
  }

  QueryBounds and(QueryBounds o) {
    if (empty || o.empty) {
      return NONE;
    }
    Envelope a = area == null ? o.area : o.area == null ? area : area.intersection(o.area);
    long lo = Math.max(minTime, o.minTime);
    long hi = Math.min(maxTime, o.maxTime);
    boolean none = (a != null && a.isNull()) || lo > hi;
    return none ? NONE : new QueryBounds(a, lo, hi, false);
  }

  QueryBounds or(QueryBounds o) {
    if (empty) {
      return o;
    }
    if (o.empty) {
      return this;
    }
    Envelope a = null;
    if (area != null && o.area != null) {
      a = new Envelope(area);
      a.expandToInclude(o.area);
    }
    return new QueryBounds(a, Math.min(minTime, o.minTime), Math.max(maxTime, o.maxTime), false);
  }

  /** True when a file with these bounds and time range may hold a match. */
  boolean mayMatch(DataFile f) {
    if (empty) {
      return false;
    }
    if (area != null && (f.bbox() == null || !area.intersects(f.envelope()))) {
      return false;
    }
    if (minTime != Long.MIN_VALUE || maxTime != Long.MAX_VALUE) {
      if (f.minTime() == null || f.maxTime() < minTime || f.minTime() > maxTime) {
        return false;
      }
    }
    return true;
  }

  /** The Parquet predicate on the bbox covering and date columns, or null when unbounded. */
  FilterPredicate predicate(String dtg) {
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
