package org.geostream.types.fn;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryTransformer;

/** Rewriting coordinates: forcing dimensions and dropping repeated vertices. Thread-safe. */
final class Dimensions {
  private Dimensions() {}

  /** A transformer that keeps the empty members of geometry collections, as PostGIS does (JTS drops them). */
  abstract static class KeepingEmptyMembers extends GeometryTransformer {
    @Override
    protected Geometry transformGeometryCollection(org.locationtech.jts.geom.GeometryCollection geom, Geometry parent) {
      Geometry[] parts = new Geometry[geom.getNumGeometries()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = transform(geom.getGeometryN(i));
      }
      return factory.createGeometryCollection(parts);
    }
  }

  /** A copy of {@code g} with only X/Y ({@code z=false}) or X/Y/Z (missing Z as 0). */
  static Geometry force(Geometry g, boolean z, boolean m) {
    GeometryTransformer t = new KeepingEmptyMembers() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence seq, Geometry parent) {
        Coordinate[] out = new Coordinate[seq.size()];
        for (int i = 0; i < out.length; i++) {
          double zv = seq.hasZ() ? seq.getZ(i) : Double.NaN;
          out[i] = z ? new Coordinate(seq.getX(i), seq.getY(i), Double.isNaN(zv) ? 0 : zv) : new Coordinate(seq.getX(i), seq.getY(i));
        }
        return factory.getCoordinateSequenceFactory().create(out);
      }
    };
    Geometry r = t.transform(g);
    r.setSRID(g.getSRID());
    return r;
  }

  /** A copy of {@code g} with consecutive equal vertices removed; degenerate parts become empty. */
  static Geometry dropRepeated(Geometry g) {
    GeometryTransformer t = new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence seq, Geometry parent) {
        List<Coordinate> out = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) {
          Coordinate c = seq.getCoordinateCopy(i);
          if (out.isEmpty() || !out.get(out.size() - 1).equals2D(c)) {
            out.add(c);
          }
        }
        if (parent instanceof LinearRing && out.size() < 4) {
          out.clear();
        } else if (parent instanceof LineString && !(parent instanceof LinearRing) && out.size() < 2) {
          out.clear();
        }
        return factory.getCoordinateSequenceFactory().create(out.toArray(new Coordinate[0]));
      }

      @Override
      protected Geometry transformPolygon(Polygon geom, Geometry parent) {
        Geometry r = super.transformPolygon(geom, parent);
        return r == null ? factory.createPolygon() : r;
      }

      @Override
      protected Geometry transformPoint(Point geom, Geometry parent) {
        return geom.copy();
      }

      @Override
      protected Geometry transformMultiPolygon(org.locationtech.jts.geom.MultiPolygon geom, Geometry parent) {
        // A multi-polygon left with one part stays a multi-polygon (PostGIS keeps the type).
        Geometry r = super.transformMultiPolygon(geom, parent);
        return r instanceof Polygon p ? factory.createMultiPolygon(new Polygon[] {p}) : r;
      }

      @Override
      protected Geometry transformMultiLineString(org.locationtech.jts.geom.MultiLineString geom, Geometry parent) {
        Geometry r = super.transformMultiLineString(geom, parent);
        return r instanceof LineString l ? factory.createMultiLineString(new LineString[] {l}) : r;
      }
    };
    return t.transform(g);
  }
}
