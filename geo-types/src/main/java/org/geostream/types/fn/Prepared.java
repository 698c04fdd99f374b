package org.geostream.types.fn;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;
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
  private final boolean polygonal;
  private final Envelope envelope;
  private volatile IndexedPointInAreaLocator locator;

  /** Prepares {@code geometry} (nothing is built until first use). */
  public Prepared(Geometry geometry) {
    this.geometry = geometry;
    this.polygonal = geometry instanceof Polygonal && !geometry.isEmpty();
    this.envelope = geometry.getEnvelopeInternal();
  }

  /** Whether the constant is a non-empty polygon or multipolygon ({@link #locate} applies). */
  public boolean polygonal() {
    return polygonal;
  }

  /**
   * The JTS {@code Location} of a position relative to a polygonal constant: an envelope test, then
   * an indexed point-in-area search (O(log n) per call after an O(n) index build). Robust on invalid
   * polygons.
   */
  public int locate(double x, double y) {
    if (!envelope.contains(x, y)) {
      return Location.EXTERIOR;
    }
    IndexedPointInAreaLocator l = locator;
    if (l == null) {
      l = new IndexedPointInAreaLocator(geometry);
      locator = l;
    }
    return l.locate(new Coordinate(x, y));
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
