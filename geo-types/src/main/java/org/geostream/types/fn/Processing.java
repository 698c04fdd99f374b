package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.DOUBLE;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.GEOMETRY_ARRAY;
import static org.geostream.types.fn.ValueType.INT;
import static org.geostream.types.fn.ValueType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.algorithm.MinimumBoundingCircle;
import org.locationtech.jts.algorithm.MinimumAreaRectangle;
import org.locationtech.jts.algorithm.hull.ConcaveHull;
import org.locationtech.jts.algorithm.hull.ConcaveHullOfPolygons;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.locationtech.jts.triangulate.DelaunayTriangulationBuilder;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/** Processing: buffers, overlays, simplification, editing, affine transforms and repair. */
final class Processing {
  private Processing() {}

  private static final String SQUARE = "st_geomFromText('POLYGON((0 0,2 0,2 2,0 2,0 0))')";
  private static final String OTHER = "st_geomFromText('POLYGON((1 1,3 1,3 3,1 3,1 1))')";

  static void define(Catalog c) {
    overlay(c);
    buffers(c);
    simplify(c);
    editing(c);
    hulls(c);
  }

  private static void overlay(Catalog c) {
    c.fn("st_intersection", GEOMETRY,
        "The point set shared by A and B (robust overlay); geometry collections of mixed dimensions are overlaid dimension by dimension; empty when either is empty.",
        "st_asText(st_intersection(" + SQUARE + ", " + OTHER + "))")
        .gg((a, b) -> Overlay.apply(a, b, OverlayNG.INTERSECTION));
    c.fn("st_difference", GEOMETRY, "The part of A not in B; A unchanged when B is empty.",
        "st_asText(st_difference(" + SQUARE + ", " + OTHER + "))")
        .gg((a, b) -> Overlay.apply(a, b, OverlayNG.DIFFERENCE));
    c.fn("st_symDifference", GEOMETRY, "The parts of A and B not shared; one unchanged when the other is empty.",
        "st_asText(st_symDifference(" + SQUARE + ", " + OTHER + "))")
        .gg((a, b) -> Overlay.apply(a, b, OverlayNG.SYMDIFFERENCE));
    c.fn("st_union", GEOMETRY, "The point set union of A and B; one unchanged when the other is empty (PostGIS).",
        "st_asText(st_union(" + SQUARE + ", " + OTHER + "))")
        .gg((a, b) -> Overlay.apply(a, b, OverlayNG.UNION));
    c.fn("st_union", GEOMETRY, "The union of an array of geometries (nulls skipped).",
        "st_asText(st_union(array(" + SQUARE + ", " + OTHER + ")))")
        .k(a -> union(Arrays.asList((Geometry[]) a[0])), GEOMETRY_ARRAY);
    c.fn("st_unaryUnion", GEOMETRY, "The union of the parts of one geometry (dissolves overlaps, nodes lines).",
        "st_asText(st_unaryUnion(st_geomFromText('MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))')))")
        .g(g -> OverlayNGRobust.union(g));
    c.fn("st_collect", GEOMETRY, "A collection of A and B: a multi-geometry when both have one type, else a geometry collection.",
        "st_asText(st_collect(st_point(0, 0), st_point(1, 1)))")
        .gg((a, b) -> {
          int[] da = Accessors.dims(a);
          int[] db = Accessors.dims(b);
          if (da[0] != db[0] || da[1] != db[1]) {
            throw Args.bad("st_collect", "cannot collect geometries with different coordinate dimensions (Z, M)", a + ", " + b);
          }
          return collect(Arrays.asList(a, b));
        });
    c.fn("st_collect", GEOMETRY, "A collection of an array of geometries (nulls skipped).",
        "st_asText(st_collect(array(st_point(0, 0), st_point(1, 1))))")
        .k(a -> collect(Arrays.asList((Geometry[]) a[0])), GEOMETRY_ARRAY);
    c.fn("st_split", GEOMETRY, "A polygon or line cut by a line (blade) into a geometry collection of pieces.",
        "st_numGeometries(st_split(" + SQUARE + ", st_geomFromText('LINESTRING(1 -1,1 3)')))")
        .gg(Processing::split);
  }

  private static void buffers(Catalog c) {
    c.fn("st_buffer", GEOMETRY, "All points within `distance` (CRS units) of any geometry; negative distances shrink polygons.",
        "st_asText(st_envelope(st_buffer(st_point(0, 0), 1)))")
        .gd((g, d) -> g.buffer(d));
    c.fn("st_buffer", GEOMETRY,
        "With PostGIS buffer parameters: `quad_segs=n endcap=round|flat|square join=round|mitre|bevel mitre_limit=x side=both|left|right`.",
        "st_asText(st_buffer(st_geomFromText('LINESTRING(0 0,2 0)'), 1, 'endcap=flat'))")
        .k(a -> BufferOp.bufferOp((Geometry) a[0], (Double) a[1], bufferParameters((String) a[2])), GEOMETRY, DOUBLE, STRING);
    c.fn("st_bufferPoint", GEOMETRY,
        "A circle of `metres` around a lon/lat point, as a 100-vertex polygon whose vertices lie on the geodesic circle of the sphere; split at the antimeridian when it crosses it.",
        "st_numPoints(st_exteriorRing(st_bufferPoint(st_point(0, 0), 1000)))")
        .gd((g, d) -> bufferPoint(Args.point(g, "st_bufferPoint"), d));
    c.fn("st_expand", GEOMETRY,
        "The bounding box grown by `distance` on every side, as a polygon; Z and M ranges, where present, grow too and the polygon carries them (PostGIS).",
        "st_asText(st_expand(st_point(1, 1), 1))")
        .gd(Processing::expand);
    c.fn("st_antimeridianSafeGeom", GEOMETRY,
        "The geometry with longitudes wrapped into [-180, 180] and split at the antimeridian into a multi-geometry, so it draws and indexes correctly.",
        "st_asText(st_antimeridianSafeGeom(st_geomFromText('POLYGON((170 0,190 0,190 10,170 10,170 0))')))")
        .g(Antimeridian::split);
    c.alias("st_idlSafeGeom", "st_antimeridianSafeGeom");
  }

  /**
   * PostGIS's ST_Expand: the box of X, Y and (where present) Z and M, each range grown by {@code d},
   * as a polygon whose first two corners take the minimum Z/M and the last two the maximum.
   */
  private static Geometry expand(Geometry g, double d) {
    Envelope e = g.getEnvelopeInternal();
    if (e.isNull()) {
      return g;
    }
    e.expandBy(d);
    int[] zm = new int[2];
    org.geostream.types.codec.GeometryCodec.scanDimensions(g, zm);
    if (zm[0] == 0 && zm[1] == 0) {
      return Constructors.box(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), 0, "st_expand");
    }
    double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    org.geostream.types.io.Geometries.forEachPosition(g, (seq, i) -> {
      if (seq.hasZ() && !Double.isNaN(seq.getZ(i))) {
        range[0] = Math.min(range[0], seq.getZ(i));
        range[1] = Math.max(range[1], seq.getZ(i));
      }
      if (seq.hasM() && !Double.isNaN(seq.getM(i))) {
        range[2] = Math.min(range[2], seq.getM(i));
        range[3] = Math.max(range[3], seq.getM(i));
      }
    });
    for (int k = 0; k < 4; k++) {
      range[k] = Double.isInfinite(range[k]) ? 0 : range[k]; // every Z (M) missing: 0, as PostGIS pads
    }
    boolean z = zm[0] != 0;
    boolean m = zm[1] != 0;
    CoordinateSequence ring = Args.F.getCoordinateSequenceFactory().create(5, 2 + (z ? 1 : 0) + (m ? 1 : 0), m ? 1 : 0);
    double[][] xy = {
      {e.getMinX(), e.getMinY()}, {e.getMinX(), e.getMaxY()}, {e.getMaxX(), e.getMaxY()}, {e.getMaxX(), e.getMinY()},
      {e.getMinX(), e.getMinY()}
    };
    for (int i = 0; i < 5; i++) {
      boolean low = i < 2 || i == 4;
      ring.setOrdinate(i, 0, xy[i][0]);
      ring.setOrdinate(i, 1, xy[i][1]);
      if (z) {
        ring.setOrdinate(i, 2, (low ? range[0] : range[1]) + (low ? -d : d));
      }
      if (m) {
        ring.setOrdinate(i, z ? 3 : 2, (low ? range[2] : range[3]) + (low ? -d : d));
      }
    }
    return Args.F.createPolygon(ring);
  }

  private static Geometry concaveHull(Geometry g, double ratio, boolean holes) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw Args.bad("st_concaveHull", "ratio must lie in [0, 1]", ratio);
    }
    if (g instanceof Polygon || g instanceof org.locationtech.jts.geom.MultiPolygon) {
      try {
        return ConcaveHullOfPolygons.concaveHullByLengthRatio(g, ratio, false, holes);
      } catch (IllegalStateException e) {
        // JTS's hull of polygons needs disjoint, valid polygons (PostGIS fails on the same input).
        throw Args.bad("st_concaveHull", "cannot hull polygons that overlap or are invalid (" + e.getMessage()
            + "); st_makeValid or st_unaryUnion first", g);
      }
    }
    ConcaveHull hull = new ConcaveHull(g);
    hull.setMaximumEdgeLengthRatio(ratio);
    hull.setHolesAllowed(holes);
    return hull.getHull();
  }

  /**
   * PostGIS's ST_Simplify over a non-empty geometry: the part simplified, or null when it collapsed
   * (a ring below 4 vertices, a line below 2, an empty member). Points are kept as they are.
   */
  private static Geometry simplified(Geometry g, double tolerance) {
    if (g.isEmpty()) {
      return null;
    }
    if (g instanceof Point) {
      return g;
    }
    if (g instanceof LineString l) {
      CoordinateSequence seq = douglasPeucker(l.getCoordinateSequence(), tolerance);
      return seq.size() < 2 ? null : Args.F.createLineString(seq);
    }
    if (g instanceof Polygon p) {
      CoordinateSequence shell = douglasPeucker(p.getExteriorRing().getCoordinateSequence(), tolerance);
      if (shell.size() < 4) {
        return null;
      }
      List<org.locationtech.jts.geom.LinearRing> holes = new ArrayList<>();
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        CoordinateSequence hole = douglasPeucker(p.getInteriorRingN(i).getCoordinateSequence(), tolerance);
        if (hole.size() >= 4) {
          holes.add(Args.F.createLinearRing(hole));
        }
      }
      return Args.F.createPolygon(Args.F.createLinearRing(shell), holes.toArray(new org.locationtech.jts.geom.LinearRing[0]));
    }
    List<Geometry> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = simplified(g.getGeometryN(i), tolerance);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts.isEmpty() ? null : collectionLike(g, parts.toArray(new Geometry[0]));
  }

  /** A collection of {@code parts} of the same class as {@code like} (multipoint, …, geometry collection). */
  private static Geometry collectionLike(Geometry like, Geometry[] parts) {
    if (like instanceof org.locationtech.jts.geom.MultiPoint) {
      return Args.F.createMultiPoint(Arrays.copyOf(parts, parts.length, Point[].class));
    } else if (like instanceof org.locationtech.jts.geom.MultiLineString) {
      return Args.F.createMultiLineString(Arrays.copyOf(parts, parts.length, LineString[].class));
    } else if (like instanceof org.locationtech.jts.geom.MultiPolygon) {
      return Args.F.createMultiPolygon(Arrays.copyOf(parts, parts.length, Polygon[].class));
    }
    return Args.F.createGeometryCollection(parts);
  }

  /**
   * Douglas-Peucker over a vertex sequence keeping both end vertices (also of a ring): a vertex stays
   * when it lies farther than {@code tolerance} from the chord of its span. The kept vertices are
   * copied with every ordinate, so Z and M survive. Fewer than 3 vertices come back unchanged.
   */
  private static CoordinateSequence douglasPeucker(CoordinateSequence seq, double tolerance) {
    int n = seq.size();
    if (n < 3) {
      return seq;
    }
    boolean[] keep = new boolean[n];
    keep[0] = true;
    keep[n - 1] = true;
    int[] stack = new int[2 * n];
    int top = 0;
    stack[top++] = 0;
    stack[top++] = n - 1;
    Coordinate a = new Coordinate();
    Coordinate b = new Coordinate();
    Coordinate v = new Coordinate();
    while (top > 0) {
      int last = stack[--top];
      int first = stack[--top];
      a.setX(seq.getX(first));
      a.setY(seq.getY(first));
      b.setX(seq.getX(last));
      b.setY(seq.getY(last));
      int split = -1;
      double far = -1;
      for (int i = first + 1; i < last; i++) {
        v.setX(seq.getX(i));
        v.setY(seq.getY(i));
        double d = org.locationtech.jts.algorithm.Distance.pointToSegment(v, a, b);
        if (d > far) {
          far = d;
          split = i;
        }
      }
      if (split >= 0 && far > tolerance) {
        keep[split] = true;
        stack[top++] = first;
        stack[top++] = split;
        stack[top++] = split;
        stack[top++] = last;
      }
    }
    int kept = 0;
    for (boolean k : keep) {
      kept += k ? 1 : 0;
    }
    CoordinateSequence out = Args.F.getCoordinateSequenceFactory().create(kept, seq.getDimension(), seq.getMeasures());
    for (int i = 0, j = 0; i < n; i++) {
      if (keep[i]) {
        org.locationtech.jts.geom.CoordinateSequences.copyCoord(seq, i, out, j++);
      }
    }
    return out;
  }

  /**
   * Turns JTS's normal form (from {@link Geometry#norm}) into GEOS's, which PostGIS returns. Rings are
   * and open lines alike (least vertex first, shells clockwise, holes counter-clockwise; an open line from
   * its lesser end). GEOS differs in: closed lines run clockwise, and holes and collection members are
   * sorted descending by GEOS's order, which compares line strings by vertex count before vertices.
   */
  private static Geometry descending(Geometry g) {
    if (g instanceof Polygon p) {
      org.locationtech.jts.geom.LinearRing[] holes = new org.locationtech.jts.geom.LinearRing[p.getNumInteriorRing()];
      for (int i = 0; i < holes.length; i++) {
        holes[i] = p.getInteriorRingN(i);
      }
      Arrays.sort(holes, (a, b) -> geosCompare(b, a));
      return Args.F.createPolygon(p.getExteriorRing(), holes);
    }
    if (g instanceof LineString l) {
      return l.isClosed() ? closedClockwise(l) : l;
    }
    if (!(g instanceof GeometryCollection)) {
      return g;
    }
    Geometry[] parts = new Geometry[g.getNumGeometries()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = descending(g.getGeometryN(i));
    }
    Arrays.sort(parts, (a, b) -> geosCompare(b, a));
    return collectionLike(g, parts);
  }

  private static LineString closedClockwise(LineString l) {
    boolean ccw = l.getNumPoints() >= 4 && org.locationtech.jts.algorithm.Orientation.isCCW(l.getCoordinateSequence());
    return ccw ? l.reverse() : l;
  }

  /** Coordinate sequences compared position by position on X, then Y (JTS's comparator, 2 ordinates). */
  private static final org.locationtech.jts.geom.CoordinateSequenceComparator XY_ORDER =
      new org.locationtech.jts.geom.CoordinateSequenceComparator(2);

  /** GEOS's Geometry::compareTo: by type, empties first, then line strings by vertex count before vertices. */
  private static int geosCompare(Geometry a, Geometry b) {
    int byType = Integer.compare(typeOrder(a), typeOrder(b));
    if (byType != 0) {
      return byType;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(!a.isEmpty(), !b.isEmpty());
    }
    if (a instanceof Point) {
      return a.getCoordinate().compareTo(b.getCoordinate());
    }
    if (a instanceof LineString la) {
      CoordinateSequence x = la.getCoordinateSequence();
      CoordinateSequence y = ((LineString) b).getCoordinateSequence();
      int bySize = Integer.compare(x.size(), y.size());
      return bySize != 0 ? bySize : XY_ORDER.compare(x, y);
    }
    if (a instanceof Polygon pa) {
      Polygon pb = (Polygon) b;
      int c = geosCompare(pa.getExteriorRing(), pb.getExteriorRing());
      c = c != 0 ? c : Integer.compare(pa.getNumInteriorRing(), pb.getNumInteriorRing());
      for (int i = 0; c == 0 && i < pa.getNumInteriorRing(); i++) {
        c = geosCompare(pa.getInteriorRingN(i), pb.getInteriorRingN(i));
      }
      return c;
    }
    int n = Math.min(a.getNumGeometries(), b.getNumGeometries());
    for (int i = 0; i < n; i++) {
      int c = geosCompare(a.getGeometryN(i), b.getGeometryN(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.getNumGeometries(), b.getNumGeometries());
  }

  /** Point, multipoint, line string, linear ring, multi-line string, polygon, multipolygon, collection (as JTS and GEOS). */
  private static int typeOrder(Geometry g) {
    return g instanceof org.locationtech.jts.geom.LinearRing ? 3
        : g instanceof Point ? 0 : g instanceof org.locationtech.jts.geom.MultiPoint ? 1 : g instanceof LineString ? 2
        : g instanceof org.locationtech.jts.geom.MultiLineString ? 4 : g instanceof Polygon ? 5
        : g instanceof org.locationtech.jts.geom.MultiPolygon ? 6 : 7;
  }

  private static void simplify(Catalog c) {
    c.fn("st_simplify", GEOMETRY,
        "Douglas-Peucker simplification with a distance tolerance, as PostGIS's: the first and last vertex of every line and ring are kept, Z and M kept, no repair (polygons may become invalid); holes that collapse below 4 vertices are dropped, a polygon whose shell collapses and empty members of collections too, and the result is null when nothing is left.",
        "st_asText(st_simplify(st_geomFromText('LINESTRING(0 0,1 0.1,2 0)'), 0.5))")
        .gd((g, tolerance) -> {
          if (g.isEmpty()) {
            return g;
          }
          Geometry r = simplified(g, tolerance);
          // As PostGIS: when no vertex went, the input comes back as it was (empty members included).
          return r != null && r.getNumPoints() == g.getNumPoints() ? g : r;
        });
    c.fn("st_simplifyPreserveTopology", GEOMETRY, "Simplification that keeps the result valid and the topology unchanged.",
        "st_asText(st_simplifyPreserveTopology(st_geomFromText('LINESTRING(0 0,1 0.1,2 0)'), 0.5))")
        .gd(TopologyPreservingSimplifier::simplify);
    c.fn("st_segmentize", GEOMETRY, "Adds vertices so that no segment is longer than `maxLength`.",
        "st_asText(st_segmentize(st_geomFromText('LINESTRING(0 0,2 0)'), 1))")
        .gd((g, d) -> {
          if (d <= 0) {
            throw Args.bad("st_segmentize", "maximum segment length must be positive", d);
          }
          return segmentize(g, d);
        });
    c.fn("st_snapToGrid", GEOMETRY, "Rounds every coordinate to a grid of this cell size, dropping repeated vertices.",
        "st_asText(st_snapToGrid(st_geomFromText('LINESTRING(0.12 0.27,1.06 1.94)'), 0.1))")
        .gd((g, size) -> snapToGrid(g, 0, 0, size, size));
    c.fn("st_snapToGrid", GEOMETRY, "Rounds to a grid with separate X and Y cell sizes.",
        "st_asText(st_snapToGrid(st_geomFromText('LINESTRING(0.12 0.27,1.06 1.94)'), 0.5, 0.1))")
        .k(a -> snapToGrid((Geometry) a[0], 0, 0, (Double) a[1], (Double) a[2]), GEOMETRY, DOUBLE, DOUBLE);
    c.fn("st_snapToGrid", GEOMETRY, "Rounds to a grid with an origin and X and Y cell sizes.",
        "st_asText(st_snapToGrid(st_geomFromText('LINESTRING(0.12 0.27,1.06 1.94)'), 0.05, 0, 0.5, 0.5))")
        .k(a -> snapToGrid((Geometry) a[0], (Double) a[1], (Double) a[2], (Double) a[3], (Double) a[4]),
            GEOMETRY, DOUBLE, DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_reducePrecision", GEOMETRY, "Rounds to a grid of this size while keeping polygons valid (JTS precision reducer).",
        "st_asText(st_reducePrecision(st_geomFromText('POINT(1.234 5.678)'), 0.1))")
        .gd((g, size) -> GeometryPrecisionReducer.reduce(g, new PrecisionModel(1.0 / size)));
    c.fn("st_subdivide", GEOMETRY_ARRAY, "Splits a geometry into parts of at most `maxVertices` vertices each (at least 5), by recursive halving of the bounding box.",
        "size(st_subdivide(st_buffer(st_point(0, 0), 10), 16))")
        .gi(Subdivide::subdivide);
    c.fn("st_lineMerge", GEOMETRY, "Sews line pieces that share end points into the longest lines possible.",
        "st_asText(st_lineMerge(st_geomFromText('MULTILINESTRING((0 0,1 1),(1 1,2 2))')))")
        .g(g -> {
          // As PostGIS (GEOS): the line strings of the geometry and of its direct members are merged;
          // polygon rings and lines inside nested collections are not taken.
          List<Geometry> lines = new ArrayList<>();
          for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof LineString) {
              lines.add(part);
            } else if (part instanceof org.locationtech.jts.geom.MultiLineString) {
              for (int k = 0; k < part.getNumGeometries(); k++) {
                lines.add(part.getGeometryN(k));
              }
            }
          }
          if (lines.isEmpty() && !(g instanceof LineString || g instanceof org.locationtech.jts.geom.MultiLineString)) {
            return Args.F.createGeometryCollection();
          }
          LineMerger m = new LineMerger();
          m.add(lines);
          @SuppressWarnings("unchecked")
          List<Geometry> merged = new ArrayList<>(m.getMergedLineStrings());
          return merged.size() == 1 ? merged.get(0) : Args.F.buildGeometry(merged);
        });
    c.fn("st_lineSubstring", GEOMETRY,
        "The part of a line (or multi-line, measured along all its parts) between two fractions (0..1) of its length, with Z and M interpolated; a point when the part has no length, null for an empty line (PostGIS).",
        "st_asText(st_lineSubstring(st_geomFromText('LINESTRING(0 0,4 0)'), 0.25, 0.5))")
        .k(a -> {
          Geometry g = (Geometry) a[0];
          double from = (Double) a[1];
          double to = (Double) a[2];
          if (!(g instanceof org.locationtech.jts.geom.MultiLineString)) {
            Args.line(g, "st_lineSubstring");
          }
          if (from < 0 || to > 1 || from > to) {
            throw Args.bad("st_lineSubstring", "fractions must satisfy 0 <= start <= end <= 1", from + ", " + to);
          }
          return g.isEmpty() ? null : lineSubstring(g, from, to);
        }, GEOMETRY, DOUBLE, DOUBLE);
  }

  private static void editing(Catalog c) {
    c.fn("st_reverse", GEOMETRY, "The geometry with its vertex order reversed.",
        "st_asText(st_reverse(st_geomFromText('LINESTRING(0 0,1 1,2 2)')))")
        .g(Geometry::reverse);
    c.fn("st_normalize", GEOMETRY,
        "The geometry in PostGIS's (GEOS's) normal form: every ring and closed line starts at its least vertex, shells and closed lines clockwise, holes counter-clockwise, open lines from their lesser end; holes and collection members in descending order (line strings by vertex count first).",
        "st_asText(st_normalize(st_geomFromText('LINESTRING(2 2,0 0)')))")
        .g(g -> Processing.descending(g.norm()));
    c.fn("st_force2D", GEOMETRY, "The geometry with Z and M dropped.", "st_asText(st_force2D(st_makePoint(1, 2, 3)))")
        .g(g -> Dimensions.force(g, false, false));
    c.alias("st_force_2D", "st_force2D");
    c.fn("st_force3D", GEOMETRY, "The geometry with Z kept, or 0 where missing; M dropped.", "st_asText(st_force3D(st_point(1, 2)))")
        .g(g -> Dimensions.force(g, true, false));
    c.alias("st_force3DZ", "st_force3D");
    c.fn("st_setSRID", GEOMETRY, "The geometry labelled with another SRID (coordinates unchanged).",
        "st_asEWKT(st_setSRID(st_point(1, 2), 4326))")
        .gi((g, srid) -> {
          Geometry copy = g.copy();
          copy.setSRID(srid);
          return copy;
        });
    c.fn("st_flipCoordinates", GEOMETRY, "The geometry with X and Y swapped.", "st_asText(st_flipCoordinates(st_point(1, 2)))")
        .g(g -> {
          Geometry copy = g.copy();
          copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
              double x = seq.getX(i);
              seq.setOrdinate(i, 0, seq.getY(i));
              seq.setOrdinate(i, 1, x);
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
        });
    c.fn("st_translate", GEOMETRY, "The geometry moved by deltaX, deltaY.", "st_asText(st_translate(st_point(1, 2), 10, 20))")
        .k(a -> AffineTransformation.translationInstance((Double) a[1], (Double) a[2]).transform((Geometry) a[0]),
            GEOMETRY, DOUBLE, DOUBLE);
    c.fn("st_scale", GEOMETRY, "The geometry with X and Y multiplied by factors.", "st_asText(st_scale(st_point(1, 2), 10, 20))")
        .k(a -> AffineTransformation.scaleInstance((Double) a[1], (Double) a[2]).transform((Geometry) a[0]),
            GEOMETRY, DOUBLE, DOUBLE);
    c.fn("st_rotate", GEOMETRY, "The geometry rotated counter-clockwise by an angle in radians about the origin.",
        "st_asText(st_snapToGrid(st_rotate(st_point(1, 0), pi() / 2), 1e-9))")
        .gd((g, angle) -> AffineTransformation.rotationInstance(angle).transform(g));
    c.fn("st_affine", GEOMETRY, "The 2D affine transform x' = a·x + b·y + xoff, y' = d·x + e·y + yoff.",
        "st_asText(st_affine(st_point(1, 1), 2, 0, 0, 2, 5, 5))")
        .k(a -> new AffineTransformation((Double) a[1], (Double) a[2], (Double) a[5], (Double) a[3], (Double) a[4], (Double) a[6])
                .transform((Geometry) a[0]),
            GEOMETRY, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_multi", GEOMETRY, "A single geometry wrapped as a one-part multi-geometry; collections unchanged.",
        "st_asText(st_multi(st_point(1, 2)))")
        .g(Processing::multi);
    c.fn("st_collectionExtract", GEOMETRY, "The parts of one type (1 point, 2 line, 3 polygon) of a collection, as a multi-geometry.",
        "st_asText(st_collectionExtract(st_geomFromText('GEOMETRYCOLLECTION(POINT(0 0),LINESTRING(0 0,1 1))'), 2))")
        .gi(Processing::collectionExtract);
    c.fn("st_collectionExtract", GEOMETRY, "The parts of the highest dimension of a collection.",
        "st_asText(st_collectionExtract(st_geomFromText('GEOMETRYCOLLECTION(POINT(0 0),LINESTRING(0 0,1 1))')))")
        .g(g -> {
          int dim = -1;
          List<Geometry> parts = new ArrayList<>();
          Accessors.flatten(g, parts);
          for (Geometry p : parts) {
            dim = Math.max(dim, p.getDimension());
          }
          // Nothing to extract (an empty geometry): PostGIS returns the input.
          return dim < 0 ? g : collectionExtract(g, dim + 1);
        });
    c.fn("st_addPoint", GEOMETRY, "A line with a point appended.", "st_asText(st_addPoint(st_geomFromText('LINESTRING(0 0,1 1)'), st_point(2, 2)))")
        .gg((l, p) -> addPoint(l, p, -1));
    c.fn("st_addPoint", GEOMETRY, "A line with a point inserted before the 0-based position (-1 appends).",
        "st_asText(st_addPoint(st_geomFromText('LINESTRING(0 0,1 1)'), st_point(2, 2), 0))")
        .k(a -> addPoint((Geometry) a[0], (Geometry) a[1], (Integer) a[2]), GEOMETRY, GEOMETRY, INT);
    c.fn("st_removePoint", GEOMETRY, "A line with the vertex at a 0-based position removed.",
        "st_asText(st_removePoint(st_geomFromText('LINESTRING(0 0,1 1,2 2)'), 1))")
        .gi((g, i) -> {
          LineString l = Args.line(g, "st_removePoint");
          if (i < 0 || i >= l.getNumPoints() || l.getNumPoints() <= 2) {
            throw Args.bad("st_removePoint", "position out of range, or the line would keep fewer than 2 points", i);
          }
          List<Coordinate> cs = new ArrayList<>(Arrays.asList(l.getCoordinates()));
          cs.remove((int) i);
          return Args.F.createLineString(cs.toArray(new Coordinate[0]));
        });
    c.fn("st_setPoint", GEOMETRY, "A line with the vertex at a 0-based position (negative from the end) replaced by a point.",
        "st_asText(st_setPoint(st_geomFromText('LINESTRING(0 0,1 1)'), 0, st_point(5, 5)))")
        .k(a -> {
          LineString l = Args.line((Geometry) a[0], "st_setPoint");
          int i = (Integer) a[1];
          int idx = i < 0 ? l.getNumPoints() + i : i;
          if (idx < 0 || idx >= l.getNumPoints()) {
            throw Args.bad("st_setPoint", "position out of range", i);
          }
          Point point = Args.point((Geometry) a[2], "st_setPoint");
          if (point.isEmpty()) {
            throw Args.bad("st_setPoint", "the new point is empty", a[2]);
          }
          Coordinate[] cs = l.getCoordinates().clone();
          cs[idx] = point.getCoordinate().copy();
          return Args.F.createLineString(cs);
        }, GEOMETRY, INT, GEOMETRY);
    c.fn("st_lineFromMultiPoint", GEOMETRY, "A line through the points of a multipoint, in order.",
        "st_asText(st_lineFromMultiPoint(st_geomFromText('MULTIPOINT((0 0),(1 1))')))")
        .g(g -> Args.F.createLineString(g.getCoordinates()));
    c.fn("st_forcePolygonCW", GEOMETRY, "Polygons with clockwise shells and counter-clockwise holes.",
        "st_asText(st_forcePolygonCW(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))')))")
        .g(g -> Orient.polygons(g, true));
    c.fn("st_forcePolygonCCW", GEOMETRY, "Polygons with counter-clockwise shells and clockwise holes.",
        "st_asText(st_forcePolygonCCW(st_geomFromText('POLYGON((0 0,0 1,1 1,0 0))')))")
        .g(g -> Orient.polygons(g, false));
    c.fn("st_makeValid", GEOMETRY,
        "A valid geometry covering the same points as an invalid one (JTS GeometryFixer; collapsed parts dropped). PostGIS's default method may keep collapsed lines and points.",
        "st_asText(st_makeValid(st_geomFromText('POLYGON((0 0,2 2,0 2,2 0,0 0))')))")
        .g(GeometryFixer::fix);
    c.fn("st_pointOnSurface", GEOMETRY, "A point guaranteed to lie on the geometry (interior point).",
        "st_asText(st_pointOnSurface(" + SQUARE + "))")
        .g(Geometry::getInteriorPoint);
    c.fn("st_transform", GEOMETRY,
        "The geometry reprojected from one CRS to another, named as `EPSG:n` (or a PROJ string), longitude first (GeoMesa's form).",
        "st_asText(st_snapToGrid(st_transform(st_point(1, 1), 'EPSG:4326', 'EPSG:3857'), 0.01))")
        .k(a -> Projection.transform((Geometry) a[0], (String) a[1], (String) a[2]), GEOMETRY, STRING, STRING);
    c.fn("st_transform", GEOMETRY, "The geometry reprojected from its SRID to the target SRID (PostGIS's form).",
        "st_asEWKT(st_snapToGrid(st_transform(st_point(1, 1, 4326), 3857), 0.01))")
        .gi((g, srid) -> {
          if (g.getSRID() == 0) {
            throw Args.bad("st_transform", "the geometry has no SRID; use st_setSRID or the three-argument form", g);
          }
          return Args.srid(Projection.transform(g, "EPSG:" + g.getSRID(), "EPSG:" + srid), srid);
        });
  }

  private static void hulls(Catalog c) {
    c.fn("st_convexHullOf", GEOMETRY, "The convex hull of one geometry (PostGIS's scalar ST_ConvexHull; `st_convexHull` is GeoMesa's aggregate).",
        "st_asText(st_convexHullOf(st_geomFromText('MULTIPOINT((0 0),(2 0),(1 1),(1 3))')))")
        .g(Geometry::convexHull);
    c.fn("st_concaveHull", GEOMETRY,
        "A concave hull: `ratio` (0..1) bounds its edge lengths between the shortest (0) and the longest (1, the convex hull) edge of the vertices' Delaunay triangulation. As PostGIS, a polygon or multipolygon is hulled as polygons (the hull contains them and fills the gaps between them), any other geometry by its vertices.",
        "st_asText(st_concaveHull(st_geomFromText('MULTIPOINT((0 0),(2 0),(1 1),(2 2),(0 2))'), 0.1))")
        .gd((g, ratio) -> concaveHull(g, ratio, false));
    c.fn("st_concaveHull", GEOMETRY, "The concave hull, with holes allowed where `allowHoles` is true.",
        "st_asText(st_concaveHull(st_geomFromText('POLYGON((0 0,10 0,10 10,9 10,9 1,1 1,1 10,0 10,0 0))'), 0.3, true))")
        .k(a -> concaveHull((Geometry) a[0], (Double) a[1], (Boolean) a[2]), GEOMETRY, DOUBLE, ValueType.BOOLEAN);
    c.fn("st_minimumBoundingCircle", GEOMETRY,
        "The smallest circle containing the geometry, as a polygon of 48 segments per quarter circle drawn around it (so the polygon holds the geometry, as PostGIS's); a point when the geometry is one.",
        "st_area(st_minimumBoundingCircle(" + SQUARE + ")) > 6")
        .g(g -> {
          MinimumBoundingCircle mbc = new MinimumBoundingCircle(g);
          if (g.isEmpty()) {
            return mbc.getCircle();
          }
          if (mbc.getRadius() == 0) {
            // One position (a point, or a line of no length): the circle is that point, in 2D.
            return Args.F.createPoint(new org.locationtech.jts.geom.CoordinateXY(g.getCoordinate().getX(), g.getCoordinate().getY()));
          }
          // Circumscribe the polygon about the circle, so that the polygon, too, holds the geometry (PostGIS).
          return Args.F.createPoint(mbc.getCentre()).buffer(mbc.getRadius() / Math.cos(Math.PI / (4 * 48)), 48);
        });
    c.fn("st_orientedEnvelope", GEOMETRY, "The minimum-area rectangle containing the geometry, in 2D (a point or line when it is degenerate).",
        "st_area(st_orientedEnvelope(st_geomFromText('POLYGON((0 0,1 1,0 2,-1 1,0 0))')))")
        .g(g -> Dimensions.force(MinimumAreaRectangle.getMinimumRectangle(g), false, false));
    c.fn("st_delaunayTriangles", GEOMETRY, "The Delaunay triangulation of the vertices, as a collection of polygons.",
        "st_numGeometries(st_delaunayTriangles(st_geomFromText('MULTIPOINT((0 0),(2 0),(1 2),(1 1))')))")
        .g(g -> {
          DelaunayTriangulationBuilder b = new DelaunayTriangulationBuilder();
          b.setSites(g);
          return b.getTriangles(Args.F);
        });
    c.fn("st_voronoiPolygons", GEOMETRY,
        "The Voronoi diagram of the vertices, as a collection of polygons clipped to the vertices' box grown by its larger side on every side (PostGIS's default frame).",
        "st_numGeometries(st_voronoiPolygons(st_geomFromText('MULTIPOINT((0 0),(2 0),(1 2))')))")
        .g(g -> {
          VoronoiDiagramBuilder b = new VoronoiDiagramBuilder();
          b.setSites(g);
          // PostGIS's (GEOS's) frame: the sites' box grown by its larger side on every side.
          Envelope frame = new Envelope(g.getEnvelopeInternal());
          if (!frame.isNull()) {
            frame.expandBy(Math.max(frame.getWidth(), frame.getHeight()));
            b.setClipEnvelope(frame);
          }
          return b.getDiagram(Args.F);
        });
  }

  static Geometry union(List<Geometry> gs) {
    List<Geometry> parts = new ArrayList<>();
    for (Geometry g : gs) {
      if (g != null) {
        parts.add(g);
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    return UnaryUnionOp.union(parts);
  }

  static Geometry collect(List<Geometry> gs) {
    List<Geometry> parts = new ArrayList<>();
    for (Geometry g : gs) {
      if (g != null) {
        parts.add(g);
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    Class<?> type = parts.get(0).getClass();
    boolean same = !(parts.get(0) instanceof GeometryCollection);
    for (Geometry g : parts) {
      same &= g.getClass() == type;
    }
    Geometry[] arr = parts.toArray(new Geometry[0]);
    if (same && type == Point.class) {
      return Args.F.createMultiPoint(Arrays.copyOf(arr, arr.length, Point[].class));
    }
    if (same && type == LineString.class) {
      return Args.F.createMultiLineString(Arrays.copyOf(arr, arr.length, LineString[].class));
    }
    if (same && type == Polygon.class) {
      return Args.F.createMultiPolygon(Arrays.copyOf(arr, arr.length, Polygon[].class));
    }
    return Args.F.createGeometryCollection(arr);
  }

  private static Geometry multi(Geometry g) {
    if (g instanceof GeometryCollection) {
      return g;
    }
    if (g instanceof Point p) {
      return Args.F.createMultiPoint(p.isEmpty() ? new Point[0] : new Point[] {p});
    }
    if (g instanceof LineString l) {
      return Args.F.createMultiLineString(l.isEmpty() ? new LineString[0] : new LineString[] {l});
    }
    Polygon p = (Polygon) g;
    return Args.F.createMultiPolygon(p.isEmpty() ? new Polygon[0] : new Polygon[] {p});
  }

  private static Geometry collectionExtract(Geometry g, int type) {
    if (type < 1 || type > 3) {
      throw Args.bad("st_collectionExtract", "type must be 1 (point), 2 (line) or 3 (polygon)", type);
    }
    List<Geometry> parts = new ArrayList<>();
    Accessors.flatten(g, parts);
    List<Geometry> keep = new ArrayList<>();
    for (Geometry p : parts) {
      if (p.getDimension() == type - 1) {
        keep.add(p);
      }
    }
    if (!(g instanceof GeometryCollection) && keep.size() == 1) {
      return keep.get(0);
    }
    Geometry[] arr = keep.toArray(new Geometry[0]);
    return switch (type) {
      case 1 -> Args.F.createMultiPoint(Arrays.copyOf(arr, arr.length, Point[].class));
      case 2 -> Args.F.createMultiLineString(Arrays.copyOf(arr, arr.length, LineString[].class));
      default -> Args.F.createMultiPolygon(Arrays.copyOf(arr, arr.length, Polygon[].class));
    };
  }

  private static Geometry addPoint(Geometry g, Geometry p, int position) {
    LineString l = Args.line(g, "st_addPoint");
    Point point = Args.point(p, "st_addPoint");
    if (point.isEmpty()) {
      throw Args.bad("st_addPoint", "the point to add is empty", p);
    }
    Coordinate c = point.getCoordinate();
    List<Coordinate> cs = new ArrayList<>(Arrays.asList(l.getCoordinates()));
    if (position < -1 || position > cs.size()) {
      throw Args.bad("st_addPoint", "position out of range", position);
    }
    cs.add(position == -1 ? cs.size() : position, c.copy());
    return Args.F.createLineString(cs.toArray(new Coordinate[0]));
  }

  /**
   * {@code g} with vertices added so that no segment is longer than {@code max}: a segment of length
   * L becomes ceil(L / max) equal pieces, every ordinate interpolated. Nothing else changes (no
   * repair, repeated vertices and empty members kept), as PostGIS's ST_Segmentize.
   */
  static Geometry segmentize(Geometry g, double max) {
    GeometryTransformer t = new GeometryTransformer() {
      @Override
      protected Geometry transformGeometryCollection(GeometryCollection geom, Geometry parent) {
        // Keep empty members (the default transformer drops them).
        Geometry[] parts = new Geometry[geom.getNumGeometries()];
        for (int i = 0; i < parts.length; i++) {
          Geometry member = geom.getGeometryN(i);
          parts[i] = member.isEmpty() ? member.copy() : transform(member);
        }
        return factory.createGeometryCollection(parts);
      }

      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence seq, Geometry parent) {
        int n = seq.size();
        int[] pieces = new int[Math.max(0, n - 1)];
        boolean[] skip = new boolean[n];
        int total = Math.min(n, 1);
        for (int i = 0; i + 1 < n; i++) {
          double len = Math.hypot(seq.getX(i + 1) - seq.getX(i), seq.getY(i + 1) - seq.getY(i));
          pieces[i] = len > max ? (int) Math.ceil(len / max) : 1;
          // A repeated vertex is dropped (PostGIS), except to keep a line of no length at two positions.
          skip[i + 1] = len == 0 && !(i + 1 == n - 1 && total == 1);
          total += skip[i + 1] ? 0 : pieces[i];
        }
        CoordinateSequence out = factory.getCoordinateSequenceFactory().create(total, seq.getDimension(), seq.getMeasures());
        int k = 0;
        for (int i = 0; i < n; i++) {
          if (!skip[i]) {
            for (int d = 0; d < seq.getDimension(); d++) {
              out.setOrdinate(k, d, seq.getOrdinate(i, d));
            }
            k++;
          }
          if (i + 1 < n) {
            for (int j = 1; j < pieces[i]; j++) {
              double f = (double) j / pieces[i];
              for (int d = 0; d < seq.getDimension(); d++) {
                double a = seq.getOrdinate(i, d);
                out.setOrdinate(k, d, a + f * (seq.getOrdinate(i + 1, d) - a));
              }
              k++;
            }
          }
        }
        return out;
      }
    };
    Geometry r = t.transform(g);
    r.setSRID(g.getSRID());
    return r;
  }

  /**
   * The part of a line or multi-line between two fractions of its 2D length. A multi-line is
   * measured along all its parts in order: each part the range touches gives its piece, a piece of no
   * length is a point, and the pieces form a multi-line (a collection when one is a point).
   */
  static Geometry lineSubstring(Geometry g, double from, double to) {
    if (g instanceof LineString l) {
      return lineSubstring(l, from * l.getLength(), to * l.getLength());
    }
    double total = g.getLength();
    double a = from * total;
    double b = to * total;
    List<Geometry> pieces = new ArrayList<>();
    boolean points = false;
    double run = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      LineString part = (LineString) g.getGeometryN(i);
      double len = part.getLength();
      if (!part.isEmpty() && run <= b && run + len >= a) {
        Geometry piece = lineSubstring(part, Math.max(a, run) - run, Math.min(b, run + len) - run);
        points |= piece instanceof Point;
        pieces.add(piece);
      }
      run += len;
    }
    if (points) {
      return Args.F.createGeometryCollection(pieces.toArray(new Geometry[0]));
    }
    return Args.F.createMultiLineString(pieces.toArray(new LineString[0]));
  }

  /** The part of {@code l} between the distances {@code a <= b} along it; a point when they coincide. */
  private static Geometry lineSubstring(LineString l, double a, double b) {
    double len = l.getLength();
    if (len == 0 || a >= b) {
      return Measures.interpolate(l, len == 0 ? 0 : a / len);
    }
    CoordinateSequence seq = l.getCoordinateSequence();
    CoordinateSequence start = Measures.interpolate(l, a / len).getCoordinateSequence();
    CoordinateSequence end = Measures.interpolate(l, b / len).getCoordinateSequence();
    List<Integer> inner = new ArrayList<>();
    double run = 0;
    for (int i = 1; i < seq.size(); i++) {
      double step = Math.hypot(seq.getX(i) - seq.getX(i - 1), seq.getY(i) - seq.getY(i - 1));
      run += step;
      // Repeated vertices are not repeated in the part (PostGIS).
      if (run > a && run < b && i < seq.size() - 1 && (step > 0 || inner.isEmpty())) {
        inner.add(i);
      }
    }
    int dim = seq.getDimension();
    CoordinateSequence out = Args.F.getCoordinateSequenceFactory().create(inner.size() + 2, dim, seq.getMeasures());
    for (int d = 0; d < dim; d++) {
      out.setOrdinate(0, d, start.getOrdinate(0, d));
      for (int k = 0; k < inner.size(); k++) {
        out.setOrdinate(k + 1, d, seq.getOrdinate(inner.get(k), d));
      }
      out.setOrdinate(inner.size() + 1, d, end.getOrdinate(0, d));
    }
    return Args.F.createLineString(out);
  }

  private static Geometry snapToGrid(Geometry g, double ox, double oy, double sx, double sy) {
    Geometry copy = g.copy();
    copy.apply(new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence seq, int i) {
        if (sx > 0) {
          seq.setOrdinate(i, 0, Math.rint((seq.getX(i) - ox) / sx) * sx + ox);
        }
        if (sy > 0) {
          seq.setOrdinate(i, 1, Math.rint((seq.getY(i) - oy) / sy) * sy + oy);
        }
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
    return Dimensions.dropRepeated(copy);
  }

  private static BufferParameters bufferParameters(String spec) {
    BufferParameters p = new BufferParameters();
    for (String token : spec.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      String[] kv = token.split("=", 2);
      if (kv.length != 2) {
        throw Args.bad("st_buffer", "parameters are key=value pairs", spec);
      }
      String key = kv[0].toLowerCase(Locale.ROOT);
      String value = kv[1].toLowerCase(Locale.ROOT);
      try {
        switch (key) {
          case "quad_segs" -> p.setQuadrantSegments(Integer.parseInt(value));
          case "endcap" -> p.setEndCapStyle(switch (value) {
            case "round" -> BufferParameters.CAP_ROUND;
            case "flat", "butt" -> BufferParameters.CAP_FLAT;
            case "square" -> BufferParameters.CAP_SQUARE;
            default -> throw Args.bad("st_buffer", "endcap must be round, flat or square", value);
          });
          case "join" -> p.setJoinStyle(switch (value) {
            case "round" -> BufferParameters.JOIN_ROUND;
            case "mitre", "miter" -> BufferParameters.JOIN_MITRE;
            case "bevel" -> BufferParameters.JOIN_BEVEL;
            default -> throw Args.bad("st_buffer", "join must be round, mitre or bevel", value);
          });
          case "mitre_limit", "miter_limit" -> p.setMitreLimit(Double.parseDouble(value));
          case "side" -> p.setSingleSided(!value.equals("both"));
          default -> throw Args.bad("st_buffer", "unknown buffer parameter '" + key + "'", spec);
        }
      } catch (NumberFormatException e) {
        throw Args.bad("st_buffer", "parameter '" + key + "' needs a number", spec);
      }
    }
    return p;
  }

  private static Geometry bufferPoint(Point p, double metres) {
    if (p.isEmpty()) {
      return Args.F.createPolygon();
    }
    if (!(metres > 0)) {
      throw Args.bad("st_bufferPoint", "distance in metres must be positive", metres);
    }
    int n = 100;
    double lat1 = Math.toRadians(p.getY());
    double lon1 = Math.toRadians(p.getX());
    double delta = metres / Spherical.RADIUS;
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double bearing = 2 * Math.PI * i / n;
      double lat2 = Math.asin(Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(bearing));
      double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(delta) * Math.cos(lat1), Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2));
      ring[n - i == n ? 0 : n - i] = new Coordinate(Math.toDegrees(lon2), Math.toDegrees(lat2));
    }
    ring[n] = ring[0].copy();
    Polygon circle = Args.F.createPolygon(ring);
    Envelope e = circle.getEnvelopeInternal();
    return e.getMinX() < -180 || e.getMaxX() > 180 ? Antimeridian.split(circle) : circle;
  }

  private static Geometry split(Geometry g, Geometry blade) {
    if (g.getDimension() == 2) {
      Geometry nodes = OverlayNGRobust.union(Args.F.createGeometryCollection(new Geometry[] {g.getBoundary(), blade}));
      org.locationtech.jts.operation.polygonize.Polygonizer pz = new org.locationtech.jts.operation.polygonize.Polygonizer();
      pz.add(nodes);
      List<Geometry> pieces = new ArrayList<>();
      for (Object o : pz.getPolygons()) {
        Geometry piece = (Geometry) o;
        if (g.contains(piece.getInteriorPoint())) {
          pieces.add(piece);
        }
      }
      return Args.F.createGeometryCollection(pieces.toArray(new Geometry[0]));
    }
    Geometry diff = Overlay.apply(g, blade, OverlayNG.DIFFERENCE);
    List<Geometry> pieces = new ArrayList<>();
    Accessors.flatten(diff, pieces);
    return Args.F.createGeometryCollection(pieces.toArray(new Geometry[0]));
  }
}
