package org.geostream.types.fn;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Splitting lon/lat geometries at the antimeridian. A geometry whose longitudes leave [-180, 180]
 * (or whose edges jump by more than 180°, the sign of a crossing written with wrapped longitudes)
 * is made continuous, cut into 360°-wide strips and each strip shifted back into range.
 * Thread-safe.
 */
final class Antimeridian {
  private Antimeridian() {}

  static Geometry split(Geometry g) {
    if (g.isEmpty()) {
      return g;
    }
    Geometry work = g;
    Envelope e = g.getEnvelopeInternal();
    if (e.getMinX() >= -180 && e.getMaxX() <= 180) {
      if (!jumps(g)) {
        return g;
      }
      work = unwrap(g);
      e = work.getEnvelopeInternal();
    }
    List<Geometry> pieces = new ArrayList<>();
    double start = Math.floor((e.getMinX() + 180) / 360) * 360 - 180;
    for (double west = start; west < e.getMaxX(); west += 360) {
      Geometry strip = Constructors.box(west, -90, west + 360, 90, 0, "st_antimeridianSafeGeom");
      Geometry part = OverlayNGRobust.overlay(work, strip, OverlayNG.INTERSECTION);
      if (!part.isEmpty()) {
        pieces.add(AffineTransformation.translationInstance(-(west + 180), 0).transform(part));
      }
    }
    List<Geometry> flat = new ArrayList<>();
    for (Geometry p : pieces) {
      Accessors.flatten(p, flat);
    }
    Geometry out = Processing.collect(flat);
    return out == null ? g : out;
  }

  private static boolean jumps(Geometry g) {
    boolean[] found = new boolean[1];
    g.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        if (i > 0 && Math.abs(seq.getX(i) - seq.getX(i - 1)) > 180) {
          found[0] = true;
        }
      }

      @Override
      public boolean isDone() {
        return found[0];
      }

      @Override
      public boolean isGeometryChanged() {
        return false;
      }
    });
    return found[0];
  }

  /** Shifts longitudes by 360° along each sequence so that no edge jumps by more than 180°. */
  private static Geometry unwrap(Geometry g) {
    Geometry copy = g.copy();
    copy.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        if (i == 0) {
          return;
        }
        double prev = seq.getX(i - 1);
        double x = seq.getX(i);
        while (x - prev > 180) {
          x -= 360;
        }
        while (prev - x > 180) {
          x += 360;
        }
        seq.setOrdinate(i, 0, x);
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
    return copy;
  }
}
