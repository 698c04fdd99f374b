package org.geostream.core.filter;

import java.util.Date;
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
 * The area and time span a GeoTools filter can match, for pruning files, row groups and key ranges: a
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
public record FilterBounds(Envelope area, long minTime, long maxTime, boolean empty) {
  /** Bounds of a filter that bounds nothing. */
  public static final FilterBounds ALL = new FilterBounds(null, Long.MIN_VALUE, Long.MAX_VALUE, false);
  /** Bounds of a filter that matches nothing. */
  public static final FilterBounds NONE = new FilterBounds(null, Long.MIN_VALUE, Long.MAX_VALUE, true);

  /** The bounds of {@code filter} on geometry {@code geom} and date attribute {@code dtg} (either may be null). */
  public static FilterBounds of(Filter filter, String geom, String dtg) {
    if (filter == null || filter == Filter.INCLUDE) {
      return ALL;
    }
    if (filter == Filter.EXCLUDE) {
      return NONE;
    }
    if (filter instanceof And and) {
      FilterBounds out = ALL;
      for (Filter f : and.getChildren()) {
        out = out.and(of(f, geom, dtg));
      }
      return out;
    }
    if (filter instanceof Or or) {
      FilterBounds out = NONE;
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

  private static FilterBounds spatial(BinarySpatialOperator op, String geom) {
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
    return new FilterBounds(e, Long.MIN_VALUE, Long.MAX_VALUE, false);
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

  private static FilterBounds temporal(Filter f, String dtg) {
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
    Object v = l.getValue();
    if (v instanceof Date d) {
      return d.getTime();
    }
    if (v instanceof String s) {
      // ISO-8601 instants, as ECQL and SQL users write them; GeoTools' converters miss some forms.
      try {
        return java.time.Instant.parse(s.trim()).toEpochMilli();
      } catch (java.time.format.DateTimeParseException notInstant) {
        try {
          return java.time.OffsetDateTime.parse(s.trim()).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException notOffset) {
          // Fall through to GeoTools' own conversions.
        }
      }
    }
    Date d = Converters.convert(v, Date.class);
    return d == null ? null : d.getTime();
  }

  private static FilterBounds time(long lo, long hi) {
    return new FilterBounds(null, lo, hi, lo > hi);
  }

  /** Bounds of both filters ANDed. */
  public FilterBounds and(FilterBounds o) {
    if (empty || o.empty) {
      return NONE;
    }
    Envelope a = area == null ? o.area : o.area == null ? area : area.intersection(o.area);
    long lo = Math.max(minTime, o.minTime);
    long hi = Math.min(maxTime, o.maxTime);
    boolean none = (a != null && a.isNull()) || lo > hi;
    return none ? NONE : new FilterBounds(a, lo, hi, false);
  }

  /** Bounds of either filter (ORed): the hull of the areas, the span of the times. */
  public FilterBounds or(FilterBounds o) {
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
    return new FilterBounds(a, Math.min(minTime, o.minTime), Math.max(maxTime, o.maxTime), false);
  }

  /**
   * True when something with envelope {@code env} (null: no geometry) and times from
   * {@code minTime} to {@code maxTime} (null: no time) may hold a match.
   */
  public boolean mayMatch(Envelope env, Long minTime, Long maxTime) {
    if (empty) {
      return false;
    }
    if (area != null && (env == null || !area.intersects(env))) {
      return false;
    }
    if (timeBounded()) {
      return minTime != null && maxTime >= this.minTime && minTime <= this.maxTime;
    }
    return true;
  }

  /** True when the filter bounds the time. */
  public boolean timeBounded() {
    return minTime != Long.MIN_VALUE || maxTime != Long.MAX_VALUE;
  }
}
