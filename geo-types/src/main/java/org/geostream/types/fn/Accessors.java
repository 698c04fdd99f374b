package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.BOOLEAN;
import static org.geostream.types.fn.ValueType.DOUBLE;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.GEOMETRY_ARRAY;
import static org.geostream.types.fn.ValueType.GEOMETRY_BYTES;
import static org.geostream.types.fn.ValueType.INT;
import static org.geostream.types.fn.ValueType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.io.Geometries;
import org.geostream.types.io.Wkt;
import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/** Accessors: type, dimension, parts, coordinates and validity of a geometry. */
final class Accessors {
  private Accessors() {}

  static void define(Catalog c) {
    c.fn("st_geometryType", STRING,
        "The type name as PostGIS gives it (`ST_Polygon`); under `spark.geostream.compat=geomesa` the JTS name (`Polygon`).",
        "st_geometryType(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))'))")
        .geomesa(a -> Geometries.typeName((Geometry) a[0]))
        .g(g -> "ST_" + Geometries.typeName(g));
    c.fn("geometryType", STRING,
        "The upper-case type name (`POLYGON`), as PostGIS's GeometryType: with an `M` suffix (`POINTM`) when the coordinates have M but no Z.",
        "geometryType(st_point(1, 2))")
        .g(g -> {
          int[] zm = dims(g);
          return Geometries.typeName(g).toUpperCase(java.util.Locale.ROOT) + (zm[1] == 1 && zm[0] == 0 ? "M" : "");
        });
    c.fn("st_dimension", INT,
        "The topological dimension of the type: 0 points, 1 lines, 2 polygons, also when empty (PostGIS); a collection gives its largest member's, an empty collection 0.",
        "st_dimension(st_geomFromText('LINESTRING(0 0,1 1)'))")
        .g(g -> Math.max(0, g.getDimension()));
    c.fn("st_coordDim", INT, "Ordinates per coordinate: 2, 3 (Z or M) or 4; an empty geometry gives 2.",
        "st_coordDim(st_makePoint(1, 2, 3))")
        .g(g -> {
          int[] zm = dims(g);
          return 2 + zm[0] + zm[1];
        });
    c.alias("st_nDims", "st_coordDim");
    c.fn("st_zmFlag", INT, "0 for 2D, 1 for M, 2 for Z, 3 for ZM coordinates (PostGIS).", "st_zmFlag(st_makePointM(1, 2, 3))")
        .g(g -> {
          int[] zm = dims(g);
          return zm[0] * 2 + zm[1];
        });
    c.fn("st_hasZ", BOOLEAN, "Whether the coordinates have Z.", "st_hasZ(st_makePoint(1, 2, 3))").g(g -> dims(g)[0] == 1);
    c.fn("st_hasM", BOOLEAN, "Whether the coordinates have M.", "st_hasM(st_makePointM(1, 2, 3))").g(g -> dims(g)[1] == 1);
    c.fn("st_srid", INT, "The spatial reference id stored with the geometry; 0 when none.", "st_srid(st_geomFromText('SRID=4326;POINT(1 2)'))")
        .k(a -> GeometryCodec.srid((byte[]) a[0]), GEOMETRY_BYTES);

    c.fn("st_x", DOUBLE,
        "X of a point as a double (GeoMesa returns a float); null for an empty point, an error for any other type (PostGIS).",
        "st_x(st_point(1.5, 2.5))")
        .direct(Fast.class, "x", GEOMETRY_BYTES);
    c.fn("st_y", DOUBLE, "Y of a point; null for an empty point, an error for other types.", "st_y(st_point(1.5, 2.5))")
        .direct(Fast.class, "y", GEOMETRY_BYTES);
    c.fn("st_z", DOUBLE, "Z of a point; null when it has none.", "st_z(st_makePoint(1, 2, 3))")
        .g(g -> {
          Point p = Args.point(g, "st_z");
          double z = p.isEmpty() || !p.getCoordinateSequence().hasZ() ? Double.NaN : p.getCoordinateSequence().getZ(0);
          return Double.isNaN(z) ? null : z;
        });
    c.fn("st_m", DOUBLE, "M of a point; null when it has none.", "st_m(st_makePointM(1, 2, 3))")
        .g(g -> {
          Point p = Args.point(g, "st_m");
          return p.isEmpty() || !p.getCoordinateSequence().hasM() ? null : p.getCoordinateSequence().getM(0);
        });
    envelopeBound(c, "st_xMin", 0);
    envelopeBound(c, "st_yMin", 1);
    envelopeBound(c, "st_xMax", 2);
    envelopeBound(c, "st_yMax", 3);

    c.fn("st_isEmpty", BOOLEAN, "Whether the geometry has no points.", "st_isEmpty(st_geomFromText('POLYGON EMPTY'))").g(Geometry::isEmpty);
    c.fn("st_isCollection", BOOLEAN, "Whether the geometry is a multi-geometry or a geometry collection (also when empty).",
        "st_isCollection(st_geomFromText('MULTIPOINT((0 0))'))")
        .g(g -> g instanceof GeometryCollection);
    c.fn("st_isSimple", BOOLEAN, "Whether the geometry has no self-intersections or self-tangencies (OGC simplicity).",
        "st_isSimple(st_geomFromText('LINESTRING(0 0,2 2,0 2,2 0)'))")
        .g(Geometry::isSimple);
    c.fn("st_isValid", BOOLEAN, "Whether the geometry is valid by the OGC rules (rings closed and not self-intersecting, holes inside shells, …).",
        "st_isValid(st_geomFromText('POLYGON((0 0,2 2,0 2,2 0,0 0))'))")
        .g(Geometry::isValid);
    c.fn("st_isValidReason", STRING, "`Valid Geometry`, or the reason and location of the first problem found.",
        "st_isValidReason(st_geomFromText('POLYGON((0 0,2 2,0 2,2 0,0 0))'))")
        .g(g -> {
          TopologyValidationError err = new IsValidOp(g).getValidationError();
          if (err == null) {
            return "Valid Geometry";
          }
          Coordinate at = err.getCoordinate();
          return err.getMessage() + (at == null ? "" : "[" + Wkt.coordinate(at) + "]");
        });
    c.fn("st_isClosed", BOOLEAN,
        "Whether a line string's ends coincide; a collection is closed when every member is; points and polygons are closed; false for any empty geometry (PostGIS).",
        "st_isClosed(st_geomFromText('LINESTRING(0 0,1 1,1 0,0 0)'))")
        .g(Accessors::isClosed);
    c.fn("st_isRing", BOOLEAN, "Whether a line string is closed and simple; an error for other types (PostGIS).",
        "st_isRing(st_geomFromText('LINESTRING(0 0,1 1,1 0,0 0)'))")
        .geomesa(a -> {
          Geometry g = (Geometry) a[0];
          return g instanceof LineString l ? l.isClosed() && l.isSimple() : g.isSimple();
        })
        .g(g -> {
          if (g.isEmpty()) {
            // PostGIS answers false for any empty geometry before looking at its type.
            return false;
          }
          LineString l = Args.line(g, "st_isRing");
          return l.isClosed() && l.isSimple();
        });
    c.fn("st_isPolygonCW", BOOLEAN,
        "Whether every shell is clockwise and every hole counter-clockwise, by the sign of the ring's area (a ring of zero area is neither, as PostGIS); true for non-polygons.",
        "st_isPolygonCW(st_geomFromText('POLYGON((0 0,0 1,1 1,0 0))'))")
        .g(g -> orientation(g, true));
    c.fn("st_isPolygonCCW", BOOLEAN,
        "Whether every shell is counter-clockwise and every hole clockwise, by the sign of the ring's area (a ring of zero area is neither); true for non-polygons.",
        "st_isPolygonCCW(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))'))")
        .g(g -> orientation(g, false));

    c.fn("st_numGeometries", INT, "The number of parts of a collection; 1 for a single geometry, 0 when empty.",
        "st_numGeometries(st_geomFromText('MULTIPOINT((0 0),(1 1))'))")
        .g(g -> g.isEmpty() ? 0 : g.getNumGeometries());
    c.fn("st_geometryN", GEOMETRY,
        "The n-th part (1-based) of a collection; a single geometry is its own part 1; null when out of range or when the geometry is empty (also a collection of empty members, as PostGIS).",
        "st_asText(st_geometryN(st_geomFromText('MULTIPOINT((0 0),(1 1))'), 2))")
        .gi((g, n) -> {
          if (g.isEmpty()) {
            return null;
          }
          if (!(g instanceof GeometryCollection)) {
            return n == 1 ? g : null;
          }
          return n >= 1 && n <= g.getNumGeometries() ? g.getGeometryN(n - 1) : null;
        });
    c.fn("st_numPoints", INT,
        "The number of vertices of a line string; null for other types (PostGIS). Under GeoMesa compat, the vertex count of any geometry.",
        "st_numPoints(st_geomFromText('LINESTRING(0 0,1 1,2 2)'))")
        .geomesa(a -> ((Geometry) a[0]).getNumPoints())
        .g(g -> g instanceof LineString l ? l.getNumPoints() : null);
    c.fn("st_nPoints", INT, "The number of vertices of any geometry.", "st_nPoints(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))'))")
        .g(Geometry::getNumPoints);
    c.fn("st_pointN", GEOMETRY, "The n-th vertex of a line string, 1-based, negative counting from the end; null when out of range or not a line string.",
        "st_asText(st_pointN(st_geomFromText('LINESTRING(0 0,1 1,2 2)'), -1))")
        .gi((g, n) -> {
          if (!(g instanceof LineString l)) {
            return null;
          }
          int i = n > 0 ? n - 1 : l.getNumPoints() + n;
          return n != 0 && i >= 0 && i < l.getNumPoints() ? l.getPointN(i) : null;
        });
    c.fn("st_startPoint", GEOMETRY,
        "The first vertex of any geometry (of a polygon's shell, of a collection's first member), as PostGIS 3.2+; null when that is empty.",
        "st_asText(st_startPoint(st_geomFromText('LINESTRING(0 0,1 1,2 2)')))")
        .g(Accessors::startPoint);
    c.fn("st_endPoint", GEOMETRY, "The last vertex of a line string; null for other types.",
        "st_asText(st_endPoint(st_geomFromText('LINESTRING(0 0,1 1,2 2)')))")
        .g(g -> g instanceof LineString l && !l.isEmpty() ? l.getEndPoint() : null);
    c.fn("st_exteriorRing", GEOMETRY, "The shell of a polygon as a line string; null for other types.",
        "st_asText(st_exteriorRing(st_geomFromText('POLYGON((0 0,1 0,1 1,0 0))')))")
        .g(g -> g instanceof Polygon p ? (p.isEmpty() ? Args.F.createLineString() : Args.F.createLineString(p.getExteriorRing().getCoordinateSequence())) : null);
    c.fn("st_interiorRingN", GEOMETRY, "The n-th hole (1-based) of a polygon as a line string; null when out of range or not a polygon.",
        "st_asText(st_interiorRingN(st_geomFromText('POLYGON((0 0,9 0,9 9,0 9,0 0),(1 1,2 1,2 2,1 1))'), 1))")
        .gi((g, n) -> g instanceof Polygon p && n >= 1 && n <= p.getNumInteriorRing()
            ? Args.F.createLineString(p.getInteriorRingN(n - 1).getCoordinateSequence()) : null);
    c.fn("st_numInteriorRings", INT, "The number of holes of a polygon; null for other types.",
        "st_numInteriorRings(st_geomFromText('POLYGON((0 0,9 0,9 9,0 9,0 0),(1 1,2 1,2 2,1 1))'))")
        .g(g -> g instanceof Polygon p ? p.getNumInteriorRing() : null);
    c.alias("st_numInteriorRing", "st_numInteriorRings");
    c.fn("st_nRings", INT, "The number of rings (shells and holes) of a polygon or multipolygon; 0 for other types.",
        "st_nRings(st_geomFromText('POLYGON((0 0,9 0,9 9,0 9,0 0),(1 1,2 1,2 2,1 1))'))")
        .g(g -> {
          int n = 0;
          for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
              n += 1 + p.getNumInteriorRing();
            }
          }
          return n;
        });
    c.fn("st_boundary", GEOMETRY,
        "The combinatorial boundary: a polygon's rings, a line's end points, empty for points; of a geometry collection, its members' boundaries gathered as PostGIS does (a multi-geometry per dimension, points first).",
        "st_asText(st_boundary(st_geomFromText('LINESTRING(0 0,1 1,2 0)')))")
        .g(g -> g.getClass() == GeometryCollection.class ? collectionBoundary(g) : g.getBoundary());
    c.fn("st_envelope", GEOMETRY, "The bounding box as a polygon (a point or line when degenerate, as PostGIS).",
        "st_asText(st_envelope(st_geomFromText('LINESTRING(0 0,2 1)')))")
        .g(g -> g.isEmpty() ? g : g.getEnvelope());
    c.fn("st_dump", GEOMETRY_ARRAY, "The simple parts of a geometry, recursively flattening collections, as an array (PostGIS's ST_Dump without paths).",
        "transform(st_dump(st_geomFromText('GEOMETRYCOLLECTION(POINT(0 0),MULTIPOINT((1 1),(2 2)))')), g -> st_asText(g))")
        .g(g -> {
          List<Geometry> out = new ArrayList<>();
          flatten(g, out);
          return out.toArray(new Geometry[0]);
        });
    c.fn("st_dumpPoints", GEOMETRY_ARRAY, "Every vertex of a geometry as an array of points.",
        "transform(st_dumpPoints(st_geomFromText('LINESTRING(0 0,1 1)')), g -> st_asText(g))")
        .g(g -> {
          Coordinate[] cs = g.getCoordinates();
          Geometry[] out = new Geometry[cs.length];
          for (int i = 0; i < cs.length; i++) {
            out[i] = Args.F.createPoint(cs[i]);
          }
          return out;
        });
    c.fn("st_points", GEOMETRY, "Every vertex of a geometry as a multipoint.", "st_asText(st_points(st_geomFromText('LINESTRING(0 0,1 1)')))")
        .g(g -> Args.F.createMultiPointFromCoords(g.getCoordinates()));
  }

  private static void envelopeBound(Catalog c, String name, int which) {
    String[] words = {"smallest X", "smallest Y", "largest X", "largest Y"};
    c.fn(name, DOUBLE, "The " + words[which] + " of the bounding box; null when empty.",
        name + "(st_geomFromText('LINESTRING(1 2,3 4)'))")
        .k(a -> {
          Envelope e = GeometryCodec.envelope((byte[]) a[0]);
          if (e.isNull()) {
            return null;
          }
          return switch (which) {
            case 0 -> e.getMinX();
            case 1 -> e.getMinY();
            case 2 -> e.getMaxX();
            default -> e.getMaxY();
          };
        }, GEOMETRY_BYTES);
  }

  static int[] dims(Geometry g) {
    int[] zm = new int[2];
    GeometryCodec.scanDimensions(g, zm);
    return zm;
  }

  /**
   * Whether every shell turns the wanted way and every hole the other, judged by the sign of the
   * ring's area, so a self-crossing or collapsed ring of zero area is neither way (PostGIS).
   */
  private static boolean orientation(Geometry g, boolean clockwise) {
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p && !p.isEmpty()) {
        if (!turns(p.getExteriorRing(), clockwise)) {
          return false;
        }
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          if (!turns(p.getInteriorRingN(h), !clockwise)) {
            return false;
          }
        }
      } else if (part != g && part instanceof GeometryCollection && !orientation(part, clockwise)) {
        return false;
      }
    }
    return true;
  }

  /** JTS's signed ring area is positive for clockwise rings. */
  private static boolean turns(LineString ring, boolean clockwise) {
    double signed = Area.ofRingSigned(ring.getCoordinateSequence());
    return clockwise ? signed > 0 : signed < 0;
  }

  /** PostGIS's closedness: false when empty; lines by their ends, collections member by member, other types closed. */
  static boolean isClosed(Geometry g) {
    if (g.isEmpty()) {
      return false;
    }
    if (g instanceof LineString l) {
      return l.isClosed();
    }
    if (g instanceof GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        if (!isClosed(g.getGeometryN(i))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The first vertex: of a line, of a polygon's shell, of a collection's first member; null when that is empty. */
  static Point startPoint(Geometry g) {
    if (g instanceof GeometryCollection) {
      return g.getNumGeometries() == 0 ? null : startPoint(g.getGeometryN(0));
    }
    if (g.isEmpty()) {
      return null;
    }
    if (g instanceof Point p) {
      return p;
    }
    if (g instanceof LineString l) {
      return l.getStartPoint();
    }
    return ((Polygon) g).getExteriorRing().getStartPoint();
  }

  /**
   * PostGIS's boundary of a geometry collection: every member's boundary (nested collections
   * entered; a point's is an empty point), split into simple parts and gathered by dimension, points,
   * then lines, then polygons; one part per dimension stays single, several make a multi-geometry,
   * and several dimensions a collection of those. JTS has no boundary for heterogeneous collections.
   */
  private static Geometry collectionBoundary(Geometry g) {
    List<List<Geometry>> byDimension = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    gatherBoundaries(g, byDimension);
    List<Geometry> groups = new ArrayList<>();
    for (List<Geometry> parts : byDimension) {
      if (parts.size() == 1) {
        groups.add(parts.get(0));
      } else if (parts.size() > 1) {
        groups.add(Args.F.buildGeometry(parts));
      }
    }
    return groups.size() == 1 ? groups.get(0) : Args.F.createGeometryCollection(groups.toArray(new Geometry[0]));
  }

  private static void gatherBoundaries(Geometry g, List<List<Geometry>> byDimension) {
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry member = g.getGeometryN(i);
      if (member.getClass() == GeometryCollection.class) {
        gatherBoundaries(member, byDimension);
      } else if (member instanceof Point) {
        byDimension.get(0).add(Args.F.createPoint());
      } else {
        Geometry boundary = member.getBoundary();
        for (int k = 0; k < boundary.getNumGeometries(); k++) {
          Geometry part = boundary.getGeometryN(k);
          if (!part.isEmpty()) {
            byDimension.get(part.getDimension()).add(part);
          }
        }
      }
    }
  }

  static void flatten(Geometry g, List<Geometry> out) {
    if (g instanceof GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        flatten(g.getGeometryN(i), out);
      }
    } else if (!g.isEmpty()) {
      out.add(g);
    }
  }
}
