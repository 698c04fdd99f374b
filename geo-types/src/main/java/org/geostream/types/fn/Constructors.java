package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.BINARY;
import static org.geostream.types.fn.ValueType.DOUBLE;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.GEOMETRY_ARRAY;
import static org.geostream.types.fn.ValueType.INT;
import static org.geostream.types.fn.ValueType.STRING;

import java.util.ArrayList;
import java.util.List;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.io.GeoJson;
import org.geostream.types.io.Wkt;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateXYM;
import org.locationtech.jts.geom.CoordinateXYZM;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.CoordinateArraySequence;

/** Geometry constructors: from text, binary, GeoJSON, coordinates, boxes and geohashes. */
final class Constructors {
  private Constructors() {}

  static void define(Catalog c) {
    c.fn("st_geomFromWKT", GEOMETRY,
        "Parses OGC WKT or PostGIS EWKT (`SRID=4326;POINT(1 2)`). Malformed text, or NaN or infinite coordinates, raise an error naming the function with an excerpt of the text.",
        "st_asText(st_geomFromWKT('POLYGON((0 0,2 0,2 2,0 2,0 0))'))")
        .s(Wkt::read);
    c.fn("st_geomFromWKT", GEOMETRY, "With an SRID: the parsed geometry carries it.",
        "st_srid(st_geomFromWKT('POINT(1 2)', 4326))")
        .k(a -> Args.srid(Wkt.read((String) a[0]), (Integer) a[1]), STRING, INT);
    c.alias("st_geomFromText", "st_geomFromWKT");
    c.alias("st_geometryFromText", "st_geomFromWKT");
    c.alias("st_geomFromEWKT", "st_geomFromWKT");
    c.alias("st_wktToSQL", "st_geomFromWKT");

    typedText(c, "st_pointFromText", Point.class, "POINT(1 2)");
    typedText(c, "st_lineFromText", LineString.class, "LINESTRING(0 0,1 1)");
    typedText(c, "st_polygonFromText", Polygon.class, "POLYGON((0 0,1 0,1 1,0 0))");
    typedText(c, "st_mPointFromText", MultiPoint.class, "MULTIPOINT((0 0),(1 1))");
    typedText(c, "st_mLineFromText", MultiLineString.class, "MULTILINESTRING((0 0,1 1),(2 2,3 3))");
    typedText(c, "st_mPolyFromText", MultiPolygon.class, "MULTIPOLYGON(((0 0,1 0,1 1,0 0)))");

    c.fn("st_geomFromWKB", GEOMETRY,
        "Parses WKB of either byte order, ISO or PostGIS EWKB (keeping an SRID). Malformed bytes raise an error naming the byte offset.",
        "st_asText(st_geomFromWKB(X'0101000000000000000000F03F0000000000000040'))")
        .k(a -> GeometryCodec.decode((byte[]) a[0]), BINARY);
    c.alias("st_geomFromEWKB", "st_geomFromWKB");
    c.fn("st_pointFromWKB", GEOMETRY, "Parses WKB; null when it is not a point (PostGIS).",
        "st_asText(st_pointFromWKB(X'0101000000000000000000F03F0000000000000040'))")
        .k(a -> GeometryCodec.decode((byte[]) a[0]) instanceof Point p ? p : null, BINARY);

    c.fn("st_geomFromGeoJSON", GEOMETRY,
        "Parses a GeoJSON geometry object (SRID 4326 unless a legacy `crs` says otherwise, as PostGIS 3). A `Feature` is not a geometry and raises an error.",
        "st_asText(st_geomFromGeoJSON('{\"type\":\"Point\",\"coordinates\":[1,2]}'))")
        .s(GeoJson::read);

    c.fn("st_point", ValueType.GEOMETRY_BYTES, "A 2D point from X (longitude) and Y (latitude). NaN or infinite values raise an error.",
        "st_asText(st_point(1.5, 2.5))")
        .direct(Fast.class, "point", DOUBLE, DOUBLE);
    c.fn("st_point", GEOMETRY, "With an SRID (PostGIS 3.2).", "st_asEWKT(st_point(1, 2, 4326))")
        .k(a -> point((Double) a[0], (Double) a[1], (Integer) a[2], "st_point"), DOUBLE, DOUBLE, INT);
    c.fn("st_makePoint", ValueType.GEOMETRY_BYTES, "A 2D point from X and Y.", "st_asText(st_makePoint(1, 2))")
        .direct(Fast.class, "point", DOUBLE, DOUBLE);
    c.fn("st_makePoint", GEOMETRY, "A 3D point from X, Y and Z.", "st_asText(st_makePoint(1, 2, 3))")
        .k(a -> pointXYZM((Double) a[0], (Double) a[1], (Double) a[2], Double.NaN, "st_makePoint"), DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_makePoint", GEOMETRY, "A 4D point from X, Y, Z and M.", "st_asText(st_makePoint(1, 2, 3, 4))")
        .k(a -> pointXYZM((Double) a[0], (Double) a[1], (Double) a[2], (Double) a[3], "st_makePoint"), DOUBLE, DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_makePointM", GEOMETRY,
        "A point with a measure: X, Y and M. The measure is stored as M, as in PostGIS (GeoMesa stores it as Z).",
        "st_asText(st_makePointM(1, 2, 7))")
        .k(a -> pointXYZM((Double) a[0], (Double) a[1], Double.NaN, (Double) a[2], "st_makePointM"), DOUBLE, DOUBLE, DOUBLE);

    c.fn("st_makeBBOX", GEOMETRY,
        "The rectangle polygon from lowerX, lowerY, upperX, upperY (GeoMesa's argument order). Unlike GeoMesa, no extra vertices are inserted on wide boxes.",
        "st_asText(st_makeBBOX(0, 0, 2, 1))")
        .k(a -> box((Double) a[0], (Double) a[1], (Double) a[2], (Double) a[3], 0, "st_makeBBOX"), DOUBLE, DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_makeEnvelope", GEOMETRY, "The rectangle polygon from xmin, ymin, xmax, ymax (PostGIS).",
        "st_asText(st_makeEnvelope(0, 0, 2, 1))")
        .k(a -> box((Double) a[0], (Double) a[1], (Double) a[2], (Double) a[3], 0, "st_makeEnvelope"), DOUBLE, DOUBLE, DOUBLE, DOUBLE);
    c.fn("st_makeEnvelope", GEOMETRY, "With an SRID.", "st_asEWKT(st_makeEnvelope(0, 0, 2, 1, 4326))")
        .k(a -> box((Double) a[0], (Double) a[1], (Double) a[2], (Double) a[3], (Integer) a[4], "st_makeEnvelope"),
            DOUBLE, DOUBLE, DOUBLE, DOUBLE, INT);
    c.fn("st_makeBox2D", GEOMETRY, "The rectangle polygon spanned by two corner points.",
        "st_asText(st_makeBox2D(st_point(0, 0), st_point(2, 1)))")
        .gg((a, b) -> {
          Point p = Args.point(a, "st_makeBox2D");
          Point q = Args.point(b, "st_makeBox2D");
          if (p.isEmpty() || q.isEmpty()) {
            return null;
          }
          return box(p.getX(), p.getY(), q.getX(), q.getY(), a.getSRID(), "st_makeBox2D");
        });

    c.fn("st_makeLine", GEOMETRY,
        "A line string through an array of points (or multipoints and lines, whose vertices are taken in order). Null elements are skipped.",
        "st_asText(st_makeLine(array(st_point(0, 0), st_point(1, 1), st_point(2, 0))))")
        .k(a -> makeLine((Geometry[]) a[0]), GEOMETRY_ARRAY);
    c.fn("st_makeLine", GEOMETRY, "A line string from two points or lines (PostGIS).",
        "st_asText(st_makeLine(st_point(0, 0), st_point(1, 1)))")
        .gg((x, y) -> {
          for (Geometry g : new Geometry[] {x, y}) {
            if (!(g instanceof Point) && !(g instanceof LineString)) {
              // PostGIS's two-argument form takes points and lines only; the array form also takes multipoints.
              throw Args.bad("st_makeLine", "elements must be points or line strings, found " + g.getGeometryType(), g);
            }
          }
          return makeLine(new Geometry[] {x, y});
        });
    c.fn("st_makePolygon", GEOMETRY, "A polygon from a closed line string shell. An open shell raises an error.",
        "st_asText(st_makePolygon(st_geomFromText('LINESTRING(0 0,1 0,1 1,0 0)')))")
        .g(g -> polygon(g, new Geometry[0], "st_makePolygon"));
    c.fn("st_makePolygon", GEOMETRY, "A polygon from a shell and an array of hole line strings (PostGIS).",
        "st_asText(st_makePolygon(st_geomFromText('LINESTRING(0 0,9 0,9 9,0 9,0 0)'), array(st_geomFromText('LINESTRING(1 1,2 1,2 2,1 1)'))))")
        .k(a -> polygon((Geometry) a[0], (Geometry[]) a[1], "st_makePolygon"), GEOMETRY, GEOMETRY_ARRAY);
    c.fn("st_polygon", GEOMETRY, "A polygon from a closed line string shell (GeoMesa).",
        "st_asText(st_polygon(st_geomFromText('LINESTRING(0 0,1 0,1 1,0 0)')))")
        .g(g -> polygon(g, new Geometry[0], "st_polygon"));
    c.fn("st_polygon", GEOMETRY, "A polygon from a closed line string shell with an SRID (PostGIS).",
        "st_asEWKT(st_polygon(st_geomFromText('LINESTRING(0 0,1 0,1 1,0 0)'), 4326))")
        .gi((g, srid) -> Args.srid(polygon(g, new Geometry[0], "st_polygon"), srid));

    c.fn("st_geomFromGeoHash", GEOMETRY,
        "The cell polygon of a geohash (SRID 4326). Under `spark.geostream.compat=geomesa` the optional precision counts bits, otherwise characters.",
        "st_asText(st_geomFromGeoHash('u4pruy'))")
        .s(h -> GeoHash.cell(h, h.length() * 5, "st_geomFromGeoHash"));
    c.fn("st_geomFromGeoHash", GEOMETRY, "The cell polygon of the first `precision` characters (PostGIS) or bits (GeoMesa compat) of the geohash.",
        "st_asText(st_geomFromGeoHash('u4pruy', 3))")
        .geomesa(a -> GeoHash.cell((String) a[0], (Integer) a[1], "st_geomFromGeoHash"))
        .k(a -> GeoHash.cell((String) a[0], 5 * (Integer) a[1], "st_geomFromGeoHash"), STRING, INT);
    c.alias("st_box2DFromGeoHash", "st_geomFromGeoHash");
    c.fn("st_pointFromGeoHash", GEOMETRY, "The centre point of a geohash cell (SRID 4326).",
        "st_asText(st_pointFromGeoHash('s00'))")
        .s(h -> GeoHash.cell(h, h.length() * 5, "st_pointFromGeoHash").getCentroid());
    c.fn("st_pointFromGeoHash", GEOMETRY, "The centre point of the cell of the first `precision` characters (bits under GeoMesa compat).",
        "st_asText(st_pointFromGeoHash('s00', 1))")
        .geomesa(a -> GeoHash.cell((String) a[0], (Integer) a[1], "st_pointFromGeoHash").getCentroid())
        .k(a -> GeoHash.cell((String) a[0], 5 * (Integer) a[1], "st_pointFromGeoHash").getCentroid(), STRING, INT);
  }

  private static void typedText(Catalog c, String name, Class<? extends Geometry> type, String example) {
    String typeName = type.getSimpleName();
    c.fn(name, GEOMETRY,
        "Parses WKT that must hold a " + typeName + "; null for any other type (PostGIS; GeoMesa fails the task).",
        "st_asText(" + name + "('" + example + "'))")
        .s(s -> {
          Geometry g = Wkt.read(s);
          return type.isInstance(g) ? g : null;
        });
  }

  static Point point(double x, double y, int srid, String fn) {
    Args.finite(x, fn, "x");
    Args.finite(y, fn, "y");
    return Args.srid(Args.F.createPoint(new Coordinate(x, y)), srid);
  }

  static Point pointXYZM(double x, double y, double z, double m, String fn) {
    Args.finite(x, fn, "x");
    Args.finite(y, fn, "y");
    if (Double.isNaN(m)) {
      return Args.F.createPoint(new Coordinate(x, y, z));
    }
    Coordinate coord = Double.isNaN(z) ? new CoordinateXYM(x, y, m) : new CoordinateXYZM(x, y, z, m);
    return Args.F.createPoint(new CoordinateArraySequence(new Coordinate[] {coord}, Double.isNaN(z) ? 3 : 4, 1));
  }

  static Polygon box(double x1, double y1, double x2, double y2, int srid, String fn) {
    Args.finite(x1, fn, "xmin");
    Args.finite(y1, fn, "ymin");
    Args.finite(x2, fn, "xmax");
    Args.finite(y2, fn, "ymax");
    Envelope e = new Envelope(x1, x2, y1, y2);
    Coordinate[] ring = {
      new Coordinate(e.getMinX(), e.getMinY()), new Coordinate(e.getMinX(), e.getMaxY()),
      new Coordinate(e.getMaxX(), e.getMaxY()), new Coordinate(e.getMaxX(), e.getMinY()),
      new Coordinate(e.getMinX(), e.getMinY())
    };
    return Args.srid(Args.F.createPolygon(ring), srid);
  }

  /**
   * The line through the positions of {@code parts} in order (PostGIS's lwline_from_lwgeom_array):
   * null and empty parts are skipped; every point and multipoint member is appended; a line string is
   * appended whole, less its first position when that equals (in 2D) the last one so far, so repeated
   * positions inside a part are kept. The line has Z if any part has Z and M if any part has M, a
   * point without them getting 0; a line string without them raises an error (as PostGIS). JTS has no one-position line strings: where PostGIS
   * returns one, the result holds that position twice (as JTS's WKB reader reads PostGIS's). O(n).
   */
  static LineString makeLine(Geometry[] parts) {
    int srid = 0;
    boolean z = false;
    boolean m = false;
    for (Geometry g : parts) {
      if (g == null) {
        continue;
      }
      if (!(g instanceof Point || g instanceof LineString || g instanceof MultiPoint)) {
        throw Args.bad("st_makeLine", "elements must be points, multipoints or line strings, found " + g.getGeometryType(), g);
      }
      srid = srid == 0 ? g.getSRID() : srid;
      int[] zm = Accessors.dims(g);
      z |= zm[0] != 0;
      m |= zm[1] != 0;
    }
    List<Coordinate> coords = new ArrayList<>();
    for (Geometry g : parts) {
      if (g == null || g.isEmpty()) {
        continue;
      }
      if (g instanceof LineString l) {
        int[] zm = Accessors.dims(l);
        if ((zm[0] != 0) != z || (zm[1] != 0) != m) {
          // PostGIS fills in Z and M for points but refuses to append a line of other dimensions.
          throw Args.bad("st_makeLine", "cannot join geometries with different coordinate dimensions (Z, M): a line string"
              + " must have every dimension of the line made", l);
        }
        CoordinateSequence seq = l.getCoordinateSequence();
        boolean joins = !coords.isEmpty() && coords.get(coords.size() - 1).equals2D(seq.getCoordinate(0));
        for (int i = joins ? 1 : 0; i < seq.size(); i++) {
          coords.add(position(seq, i, z, m));
        }
      } else {
        for (int k = 0; k < g.getNumGeometries(); k++) {
          Point p = (Point) g.getGeometryN(k);
          if (!p.isEmpty()) {
            coords.add(position(p.getCoordinateSequence(), 0, z, m));
          }
        }
      }
    }
    if (coords.size() == 1) {
      coords.add(coords.get(0).copy());
    }
    Coordinate[] array = coords.toArray(new Coordinate[0]);
    return Args.srid(Args.F.createLineString(new CoordinateArraySequence(array, 2 + (z ? 1 : 0) + (m ? 1 : 0), m ? 1 : 0)), srid);
  }

  /** Position {@code i} of {@code seq} with exactly the wanted ordinates, a missing Z or M as 0. */
  private static Coordinate position(CoordinateSequence seq, int i, boolean z, boolean m) {
    double x = seq.getX(i);
    double y = seq.getY(i);
    double zv = seq.hasZ() && !Double.isNaN(seq.getZ(i)) ? seq.getZ(i) : 0;
    double mv = seq.hasM() && !Double.isNaN(seq.getM(i)) ? seq.getM(i) : 0;
    if (z && m) {
      return new CoordinateXYZM(x, y, zv, mv);
    }
    if (m) {
      return new CoordinateXYM(x, y, mv);
    }
    return z ? new Coordinate(x, y, zv) : new Coordinate(x, y);
  }

  static Polygon polygon(Geometry shell, Geometry[] holes, String fn) {
    LinearRing outer = ring(shell, fn);
    LinearRing[] inner = new LinearRing[holes.length];
    int n = 0;
    for (Geometry hole : holes) {
      if (hole != null) {
        inner[n++] = ring(hole, fn);
      }
    }
    return Args.F.createPolygon(outer, java.util.Arrays.copyOf(inner, n));
  }

  private static LinearRing ring(Geometry g, String fn) {
    LineString l = Args.line(g, fn);
    if (!l.isEmpty() && (!l.isClosed() || l.getNumPoints() < 4)) {
      throw Args.bad(fn, "a polygon ring must be closed and have at least 4 points", l);
    }
    return Args.F.createLinearRing(l.getCoordinateSequence());
  }
}
