package org.geostream.store.fs;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.And;
import org.geotools.api.filter.Filter;
import org.geotools.api.filter.Or;
import org.geotools.api.filter.expression.Literal;
import org.geotools.api.filter.expression.PropertyName;
import org.geotools.api.filter.spatial.BBOX;
import org.geotools.api.filter.temporal.During;
import org.geotools.api.geometry.BoundingBox;
import org.geotools.api.temporal.Period;
import org.locationtech.jts.geom.Point;

/**
 * A GeoTools filter turned into a predicate that answers the common shapes without GeoTools'
 * generic evaluation: {@code BBOX} of a literal box on point geometries (a closed-box test) and
 * {@code DURING} of a literal period on a Date attribute (strictly inside, as GeoTools defines it),
 * combined by {@code AND} and {@code OR}. Every other part, and any value the fast test does not
 * cover (a non-point geometry, a non-Date value), is evaluated by GeoTools itself, so the answer
 * is always GeoTools' answer. Thread-safe when the filter is.
 */
final class FastFilter {
  private FastFilter() {}

  static Predicate<SimpleFeature> compile(Filter filter, SimpleFeatureType type) {
    if (filter == null || filter == Filter.INCLUDE) {
      return f -> true;
    }
    if (filter == Filter.EXCLUDE) {
      return f -> false;
    }
    if (filter instanceof And and) {
      List<Predicate<SimpleFeature>> parts = children(and.getChildren(), type);
      return f -> {
        for (Predicate<SimpleFeature> p : parts) {
          if (!p.test(f)) {
            return false;
          }
        }
        return true;
      };
    }
    if (filter instanceof Or or) {
      List<Predicate<SimpleFeature>> parts = children(or.getChildren(), type);
      return f -> {
        for (Predicate<SimpleFeature> p : parts) {
          if (p.test(f)) {
            return true;
          }
        }
        return false;
      };
    }
    if (filter instanceof BBOX bbox && bbox.getExpression1() instanceof PropertyName p
        && bbox.getExpression2() instanceof Literal && type.indexOf(p.getPropertyName()) >= 0
        && bbox.getBounds().getCoordinateReferenceSystem() == null) {
      int idx = type.indexOf(p.getPropertyName());
      BoundingBox b = bbox.getBounds();
      double minX = b.getMinX();
      double minY = b.getMinY();
      double maxX = b.getMaxX();
      double maxY = b.getMaxY();
      return f -> {
        if (f.getAttribute(idx) instanceof Point pt && !pt.isEmpty()) {
          double x = pt.getX();
          double y = pt.getY();
          return x >= minX && x <= maxX && y >= minY && y <= maxY;
        }
        return filter.evaluate(f);
      };
    }
    if (filter instanceof During during && during.getExpression1() instanceof PropertyName p
        && during.getExpression2() instanceof Literal l && l.getValue() instanceof Period period
        && type.indexOf(p.getPropertyName()) >= 0) {
      int idx = type.indexOf(p.getPropertyName());
      long begin = period.getBeginning().getPosition().getDate().getTime();
      long end = period.getEnding().getPosition().getDate().getTime();
      return f -> {
        if (f.getAttribute(idx) instanceof Date d && !(d instanceof java.sql.Timestamp)) {
          long t = d.getTime();
          return t > begin && t < end;
        }
        return filter.evaluate(f);
      };
    }
    return filter::evaluate;
  }

  private static List<Predicate<SimpleFeature>> children(List<Filter> filters, SimpleFeatureType type) {
    List<Predicate<SimpleFeature>> out = new ArrayList<>();
    for (Filter f : filters) {
      out.add(compile(f, type));
    }
    return out;
  }
}
