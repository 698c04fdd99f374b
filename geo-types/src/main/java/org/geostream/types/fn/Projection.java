package org.geostream.types.fn;

import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Reprojection with LocationTech Proj4J (a pure-Java PROJ port with the EPSG table), which keeps
 * GeoTools out of geo-types. CRS definitions are parsed once per JVM and cached; axis order is
 * always longitude/easting first. Thread-safe.
 */
final class Projection {
  private static final CRSFactory CRS = new CRSFactory();
  private static final CoordinateTransformFactory TRANSFORMS = new CoordinateTransformFactory();
  private static final ConcurrentHashMap<String, CoordinateReferenceSystem> CACHE = new ConcurrentHashMap<>();

  private Projection() {}

  static Geometry transform(Geometry g, String from, String to) {
    CoordinateTransform t = TRANSFORMS.createTransform(crs(from), crs(to));
    Geometry copy = g.copy();
    copy.apply(new CoordinateSequenceFilter() {
      private final ProjCoordinate in = new ProjCoordinate();
      private final ProjCoordinate out = new ProjCoordinate();

      @Override
      public void filter(CoordinateSequence seq, int i) {
        in.x = seq.getX(i);
        in.y = seq.getY(i);
        try {
          t.transform(in, out);
        } catch (RuntimeException e) {
          throw Args.bad("st_transform", "coordinate cannot be transformed from " + from + " to " + to + " (" + e.getMessage() + ")", in.x + " " + in.y);
        }
        seq.setOrdinate(i, 0, out.x);
        seq.setOrdinate(i, 1, out.y);
      }

      @Override
      public boolean isDone() {
        return false;
      }

      @Override
      public boolean isGeometryChanged() {
        return true;
      }
    });
    copy.setSRID(sridOf(to));
    return copy;
  }

  private static int sridOf(String name) {
    String upper = name.trim().toUpperCase(java.util.Locale.ROOT);
    if (upper.startsWith("EPSG:")) {
      try {
        return Integer.parseInt(upper.substring(5));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static CoordinateReferenceSystem crs(String name) {
    return CACHE.computeIfAbsent(name.trim(), n -> {
      try {
        return n.startsWith("+") ? CRS.createFromParameters(n, n) : CRS.createFromName(n);
      } catch (RuntimeException e) {
        throw Args.bad("st_transform", "unknown coordinate reference system (" + e.getMessage() + ")", n);
      }
    });
  }
}
