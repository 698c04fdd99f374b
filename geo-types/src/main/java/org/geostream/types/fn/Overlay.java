package org.geostream.types.fn;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * The overlay operations (intersection, union, difference, symmetric difference) with PostGIS's
 * answers where JTS's OverlayNG has none or a different one:
 *
 * <ul>
 *   <li>an empty operand short-cuts the operation: the union or symmetric difference is the other
 *       operand unchanged (not noded), the difference is the first operand, the intersection the
 *       empty operand;
 *   <li>operands whose bounding boxes do not meet have as union and symmetric difference their
 *       members side by side, unchanged (a multi-geometry when of one type, else a collection);
 *   <li>a geometry collection (of any mix of points, lines and polygons) stands for the union of its
 *       members: each operand is split by dimension, the operation is done dimension by dimension,
 *       and in the result a point on a line or polygon, or a line on a polygon, is dropped (OverlayNG
 *       alone rejects mixed-dimension collections).
 * </ul>
 *
 * <p>Otherwise the result is OverlayNG's, with its snapping fallbacks ({@link OverlayNGRobust}).
 * Cost: that of the overlays, up to nine for two mixed collections. Thread-safe.
 */
final class Overlay {
  private Overlay() {}

  /** {@code a op b} for an {@link OverlayNG} operation code. */
  static Geometry apply(Geometry a, Geometry b, int op) {
    if (a.isEmpty() || b.isEmpty()) {
      return switch (op) {
        case OverlayNG.INTERSECTION -> a.isEmpty() ? a : b;
        case OverlayNG.DIFFERENCE -> a;
        default -> a.isEmpty() ? b : a;
      };
    }
    if ((op == OverlayNG.UNION || op == OverlayNG.SYMDIFFERENCE)
        && !a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
      return combine(a, b);
    }
    // JTS's overlay may share coordinates between input and result and then fill in Z on them, which
    // would change a constant argument shared by all rows: it works on copies.
    Geometry x = a.copy();
    Geometry y = b.copy();
    if (isCollection(x) || isCollection(y)) {
      return byDimension(x, y, op);
    }
    return OverlayNGRobust.overlay(x, y, op);
  }

  /**
   * The members of both operands, neither noded nor otherwise changed, as one multi-geometry when
   * they are all of one type, else as a collection (copies, so no argument is shared with the result).
   */
  private static Geometry combine(Geometry a, Geometry b) {
    int[] da = Accessors.dims(a);
    int[] db = Accessors.dims(b);
    if (da[0] != db[0] || da[1] != db[1]) {
      // Operands of different coordinate dimensions: a Z or M known on one side only is dropped (PostGIS
      // returns 2D here when the first operand is 2D, and fails when it is not).
      return combine(Dimensions.force(a, false, false), Dimensions.force(b, false, false));
    }
    List<Geometry> members = new ArrayList<>();
    for (Geometry g : new Geometry[] {a, b}) {
      if (g instanceof GeometryCollection) {
        for (int i = 0; i < g.getNumGeometries(); i++) {
          members.add(g.getGeometryN(i).copy());
        }
      } else {
        members.add(g.copy());
      }
    }
    return Args.F.buildGeometry(members);
  }

  /** A geometry collection proper (not a multi-geometry), which OverlayNG may not take. */
  private static boolean isCollection(Geometry g) {
    return g instanceof GeometryCollection && g.getClass() == GeometryCollection.class;
  }

  private static Geometry byDimension(Geometry a, Geometry b, int op) {
    Geometry[] x = split(a);
    Geometry[] y = split(b);
    Geometry[] out = new Geometry[3];
    switch (op) {
      case OverlayNG.UNION -> {
        for (int d = 0; d < 3; d++) {
          out[d] = union(x[d], y[d]);
        }
      }
      case OverlayNG.INTERSECTION -> {
        List<Geometry> parts = new ArrayList<>();
        for (Geometry p : x) {
          for (Geometry q : y) {
            if (p != null && q != null) {
              parts.add(OverlayNGRobust.overlay(p, q, OverlayNG.INTERSECTION));
            }
          }
        }
        Geometry[] all = split(Args.F.buildGeometry(flatten(parts)));
        System.arraycopy(all, 0, out, 0, 3);
      }
      case OverlayNG.DIFFERENCE -> minus(x, y, out);
      default -> {
        Geometry[] ab = new Geometry[3];
        Geometry[] ba = new Geometry[3];
        minus(x, y, ab);
        minus(y, x, ba);
        for (int d = 0; d < 3; d++) {
          out[d] = union(ab[d], ba[d]);
        }
      }
    }
    return assemble(out);
  }

  /** Each dimension of {@code x} less all of {@code y}. */
  private static void minus(Geometry[] x, Geometry[] y, Geometry[] out) {
    for (int d = 0; d < 3; d++) {
      Geometry r = x[d];
      for (int e = 0; e < 3 && r != null && !r.isEmpty(); e++) {
        if (y[e] != null) {
          r = OverlayNGRobust.overlay(r, y[e], OverlayNG.DIFFERENCE);
        }
      }
      out[d] = r == null || r.isEmpty() ? null : r;
    }
  }

  /** The points, lines and polygons of {@code g}, each unioned; null where there are none. */
  private static Geometry[] split(Geometry g) {
    List<List<Geometry>> byDim = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Geometry> atoms = new ArrayList<>();
    Accessors.flatten(g, atoms);
    for (Geometry atom : atoms) {
      int d = atom instanceof Point ? 0 : atom instanceof LineString ? 1 : 2;
      byDim.get(d).add(atom);
    }
    Geometry[] out = new Geometry[3];
    for (int d = 0; d < 3; d++) {
      out[d] = byDim.get(d).isEmpty() ? null : OverlayNGRobust.union(Args.F.buildGeometry(byDim.get(d)));
    }
    return out;
  }

  private static Geometry union(Geometry p, Geometry q) {
    if (p == null || q == null) {
      return p == null ? q : p;
    }
    return OverlayNGRobust.overlay(p, q, OverlayNG.UNION);
  }

  /**
   * One geometry from the points, lines and polygons of a result: lower dimensions less what the
   * higher ones cover; a single dimension as itself, several as a collection of their parts.
   */
  private static Geometry assemble(Geometry[] parts) {
    Geometry polygons = parts[2];
    Geometry lines = parts[1];
    Geometry points = parts[0];
    if (lines != null && polygons != null) {
      lines = OverlayNGRobust.overlay(lines, polygons, OverlayNG.DIFFERENCE);
    }
    if (points != null) {
      for (Geometry higher : new Geometry[] {lines, polygons}) {
        if (higher != null && !higher.isEmpty() && !points.isEmpty()) {
          points = OverlayNGRobust.overlay(points, higher, OverlayNG.DIFFERENCE);
        }
      }
    }
    List<Geometry> present = new ArrayList<>();
    for (Geometry g : new Geometry[] {points, lines, polygons}) {
      if (g != null && !g.isEmpty()) {
        present.add(g);
      }
    }
    if (present.isEmpty()) {
      return Args.F.createGeometryCollection();
    }
    if (present.size() == 1) {
      return present.get(0);
    }
    return Args.F.buildGeometry(flatten(present));
  }

  private static List<Geometry> flatten(List<Geometry> gs) {
    List<Geometry> atoms = new ArrayList<>();
    for (Geometry g : gs) {
      Accessors.flatten(g, atoms);
    }
    return atoms;
  }
}
