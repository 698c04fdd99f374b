package org.geostream.types.fn;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.TopologyPredicate;

/**
 * A constant geometry prepared once for repeated predicates: JTS's {@link PreparedGeometry} for the
 * fast point-in-polygon and intersection paths, and a prepared {@link RelateNG} for everything else.
 * Both are built lazily and are robust on invalid polygons. Thread-safe.
 */
public final class Prepared {
  private final Geometry geometry;
  private volatile PreparedGeometry fast;
  private volatile RelateNG relate;

  /** Prepares {@code geometry} (nothing is built until first use). */
  public Prepared(Geometry geometry) {
    this.geometry = geometry;
  }

  /** The constant geometry. */
  public Geometry geometry() {
    return geometry;
  }

  /** JTS's prepared form. */
  public PreparedGeometry fast() {
    PreparedGeometry p = fast;
    if (p == null) {
      p = PreparedGeometryFactory.prepare(geometry);
      fast = p;
    }
    return p;
  }

  /** Evaluates a RelateNG predicate with this geometry as A. */
  public boolean relate(Geometry b, TopologyPredicate predicate) {
    RelateNG r = relate;
    if (r == null) {
      r = RelateNG.prepare(geometry);
      relate = r;
    }
    synchronized (r) {
      return r.evaluate(b, predicate);
    }
  }
}
