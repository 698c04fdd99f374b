package org.geostream.types.fn;

import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryTransformer;

/** Ring orientation of polygons. Thread-safe. */
final class Orient {
  private Orient() {}

  /** A copy with shells clockwise and holes counter-clockwise ({@code clockwise}), or the reverse. */
  static Geometry polygons(Geometry g, boolean clockwise) {
    GeometryTransformer t = new Dimensions.KeepingEmptyMembers() {
      @Override
      protected Geometry transformPolygon(Polygon p, Geometry parent) {
        if (p.isEmpty()) {
          return p.copy();
        }
        LinearRing shell = orient(p.getExteriorRing(), clockwise);
        LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
        for (int i = 0; i < holes.length; i++) {
          holes[i] = orient(p.getInteriorRingN(i), !clockwise);
        }
        return factory.createPolygon(shell, holes);
      }
    };
    return t.transform(g);
  }

  /** Orientation by the sign of the ring's area (JTS: positive is clockwise); a ring of no area counts as counter-clockwise, as in PostGIS. */
  private static LinearRing orient(LinearRing r, boolean clockwise) {
    boolean ccw = Area.ofRingSigned(r.getCoordinateSequence()) <= 0;
    return ccw == clockwise ? r.reverse() : (LinearRing) r.copy();
  }
}
