package org.geostream.types.io;

import org.geostream.types.Errors;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/** Checks over whole geometries shared by the readers and the functions. Thread-safe. */
public final class Geometries {
  private Geometries() {}

  /**
   * Rejects a geometry with a NaN or infinite X or Y (an empty point's NaN is not a coordinate).
   *
   * @throws org.geostream.types.GeoStreamException naming {@code action} and showing {@code input}
   */
  public static void requireFinite(Geometry g, String action, Object input) {
    if (g.isEmpty()) {
      return;
    }
    boolean[] bad = new boolean[1];
    g.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        double x = seq.getX(i);
        double y = seq.getY(i);
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
          bad[0] = true;
        }
      }

      @Override
      public boolean isDone() {
        return bad[0];
      }

      @Override
      public boolean isGeometryChanged() {
        return false;
      }
    });
    if (bad[0]) {
      throw Errors.cannot(action, "coordinates must be finite numbers, found NaN or infinity", input);
    }
  }

  /** One position of a coordinate sequence, as {@link #forEachPosition} hands it over. */
  @FunctionalInterface
  public interface PositionVisitor {
    void visit(CoordinateSequence seq, int i);
  }

  /** Calls {@code visitor} on every position of {@code g}, in order, without changing the geometry. */
  public static void forEachPosition(Geometry g, PositionVisitor visitor) {
    g.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        visitor.visit(seq, i);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return false;
      }
    });
  }

  /**
   * The OGC type name of a geometry: JTS's name, except that a {@code LinearRing} (which JTS returns
   * from boundaries and ring accessors) is the {@code LineString} it is to every other tool.
   */
  public static String typeName(Geometry g) {
    return g instanceof org.locationtech.jts.geom.LinearRing ? Geometry.TYPENAME_LINESTRING : g.getGeometryType();
  }
}
