package org.geostream.types.fn;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * PostGIS-style subdivision: a geometry with more vertices than allowed is clipped to the two halves
 * of its bounding box (split across the longer side), recursively. The parts cover the input
 * exactly. Thread-safe.
 */
final class Subdivide {
  private static final int MIN_VERTICES = 5;
  private static final int MAX_DEPTH = 50;

  private Subdivide() {}

  static Geometry[] subdivide(Geometry g, int maxVertices) {
    if (maxVertices < MIN_VERTICES) {
      throw Args.bad("st_subdivide", "maximum vertices must be at least " + MIN_VERTICES, maxVertices);
    }
    List<Geometry> out = new ArrayList<>();
    List<Geometry> parts = new ArrayList<>();
    Accessors.flatten(g, parts);
    for (Geometry p : parts) {
      split(p, maxVertices, 0, out);
    }
    return out.toArray(new Geometry[0]);
  }

  private static void split(Geometry g, int max, int depth, List<Geometry> out) {
    if (g.isEmpty()) {
      return;
    }
    if (g.getNumPoints() <= max || depth >= MAX_DEPTH) {
      out.add(g);
      return;
    }
    Envelope e = g.getEnvelopeInternal();
    Geometry a;
    Geometry b;
    if (e.getWidth() >= e.getHeight()) {
      double mid = (e.getMinX() + e.getMaxX()) / 2;
      a = Constructors.box(e.getMinX(), e.getMinY(), mid, e.getMaxY(), 0, "st_subdivide");
      b = Constructors.box(mid, e.getMinY(), e.getMaxX(), e.getMaxY(), 0, "st_subdivide");
    } else {
      double mid = (e.getMinY() + e.getMaxY()) / 2;
      a = Constructors.box(e.getMinX(), e.getMinY(), e.getMaxX(), mid, 0, "st_subdivide");
      b = Constructors.box(e.getMinX(), mid, e.getMaxX(), e.getMaxY(), 0, "st_subdivide");
    }
    for (Geometry half : new Geometry[] {a, b}) {
      Geometry clipped = OverlayNGRobust.overlay(g, half, OverlayNG.INTERSECTION);
      List<Geometry> parts = new ArrayList<>();
      Accessors.flatten(clipped, parts);
      for (Geometry p : parts) {
        if (p.getDimension() == g.getDimension()) {
          split(p, max, depth + 1, out);
        }
      }
    }
  }
}
