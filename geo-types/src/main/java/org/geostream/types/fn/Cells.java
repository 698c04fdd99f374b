package org.geostream.types.fn;

import static org.geostream.types.fn.ValueType.BOOLEAN;
import static org.geostream.types.fn.ValueType.GEOMETRY;
import static org.geostream.types.fn.ValueType.INT;
import static org.geostream.types.fn.ValueType.LONG;
import static org.geostream.types.fn.ValueType.LONG_ARRAY;
import static org.geostream.types.fn.ValueType.STRING;

import com.uber.h3core.H3Core;
import com.uber.h3core.PolygonToCellsFlags;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Cells: geohash (character precision by default, GeoMesa's bit precision under compat or with the
 * {@code Bits} functions) and Uber H3 through {@code com.uber:h3}. Inverses turn cells back into
 * geometries. Thread-safe (H3Core is immutable once loaded).
 */
final class Cells {
  private Cells() {}

  private static final class H3 {
    static final H3Core CORE;

    static {
      try {
        CORE = H3Core.newInstance();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot load the H3 native library", e);
      }
    }
  }

  static H3Core h3() {
    return H3.CORE;
  }

  static void define(Catalog c) {
    geohash(c);
    h3(c);
  }

  private static void geohash(Catalog c) {
    c.fn("st_geoHash", STRING,
        "The geohash of a lon/lat geometry at full precision: 20 characters for a point, otherwise the longest hash whose cell holds the bounding box (PostGIS).",
        "st_geoHash(st_point(-76.5, 38.5))")
        .g(g -> geohashPostgis(g, 0));
    c.fn("st_geoHash", STRING,
        "The geohash with `precision` characters (PostGIS). Under `spark.geostream.compat=geomesa`, `precision` counts bits and the centroid is hashed (GeoMesa).",
        "st_geoHash(st_point(-76.5, 38.5), 5)")
        .geomesa(a -> geohashBits(org.geostream.types.codec.GeometryCodec.decode((byte[]) a[0]), (Integer) a[1], "st_geoHash"))
        .direct(Fast.class, "geohash", ValueType.GEOMETRY_BYTES, INT);
    c.fn("st_geoHashBits", STRING, "The geohash of the centroid with a precision in bits (1..63), as GeoMesa's st_geoHash.",
        "st_geoHashBits(st_point(-76.5, 38.5), 25)")
        .gi((g, bits) -> geohashBits(g, bits, "st_geoHashBits"));
    c.fn("st_geomFromGeoHashBits", GEOMETRY, "The cell polygon of the first `bits` bits of a geohash.",
        "st_asText(st_geomFromGeoHashBits('dqce5', 25))")
        .k(a -> GeoHash.cell((String) a[0], (Integer) a[1], "st_geomFromGeoHashBits"), STRING, INT);
  }

  private static void h3(Catalog c) {
    c.fn("st_h3CellId", LONG, "The H3 cell (resolution 0..15) holding a lon/lat point.", "st_h3CellId(st_point(-122.4, 37.8), 9)")
        .direct(Fast.class, "h3CellId", ValueType.GEOMETRY_BYTES, INT);
    c.fn("st_h3CellIds", LONG_ARRAY,
        "The H3 cells covering a geometry: every cell a polygon overlaps, the cells along a line, the cell of each point.",
        "size(st_h3CellIds(st_buffer(st_point(0, 0), 0.1), 7)) > 0")
        .gi((g, res) -> cover(g, res, true));
    c.fn("st_h3CellIds", LONG_ARRAY, "With `fullCover` false, only the cells whose centres lie in polygons (H3's default polyfill).",
        "size(st_h3CellIds(st_buffer(st_point(0, 0), 0.1), 7, false)) > 0")
        .k(a -> cover((Geometry) a[0], (Integer) a[1], (Boolean) a[2]), ValueType.GEOMETRY, INT, BOOLEAN);
    c.fn("st_h3Boundary", GEOMETRY, "The hexagon (or pentagon) of an H3 cell as a lon/lat polygon (SRID 4326).",
        "st_numPoints(st_exteriorRing(st_h3Boundary(st_h3CellId(st_point(0, 0), 5))))")
        .k(a -> boundary((Long) a[0]), LONG);
    c.alias("st_h3ToGeom", "st_h3Boundary");
    c.fn("st_h3CellCenter", GEOMETRY, "The centre of an H3 cell as a lon/lat point (SRID 4326).",
        "st_asText(st_snapToGrid(st_h3CellCenter(st_h3CellId(st_point(0, 0), 5)), 0.001))")
        .k(a -> {
          long cell = valid((Long) a[0], "st_h3CellCenter");
          LatLng ll = h3().cellToLatLng(cell);
          return Args.srid(Args.F.createPoint(new Coordinate(ll.lng, ll.lat)), 4326);
        }, LONG);
    c.fn("st_h3KRing", LONG_ARRAY, "The cells within k grid steps of a cell (itself included).",
        "size(st_h3KRing(st_h3CellId(st_point(0, 0), 5), 1))")
        .k(a -> {
          int k = (Integer) a[1];
          if (k < 0) {
            throw Args.bad("st_h3KRing", "k must not be negative", k);
          }
          return toArray(h3().gridDisk(valid((Long) a[0], "st_h3KRing"), k));
        }, LONG, INT);
    c.fn("st_h3Resolution", INT, "The resolution of an H3 cell.", "st_h3Resolution(st_h3CellId(st_point(0, 0), 5))")
        .k(a -> h3().getResolution(valid((Long) a[0], "st_h3Resolution")), LONG);
    c.fn("st_h3ToParent", LONG, "The ancestor of a cell at a coarser resolution.",
        "st_h3Resolution(st_h3ToParent(st_h3CellId(st_point(0, 0), 5), 3))")
        .k(a -> {
          long cell = valid((Long) a[0], "st_h3ToParent");
          int res = (Integer) a[1];
          if (res < 0 || res > h3().getResolution(cell)) {
            throw Args.bad("st_h3ToParent", "parent resolution must be between 0 and the cell's resolution", res);
          }
          return h3().cellToParent(cell, res);
        }, LONG, INT);
    c.fn("st_h3ToChildren", LONG_ARRAY, "The descendants of a cell at a finer resolution.",
        "size(st_h3ToChildren(st_h3CellId(st_point(0, 0), 5), 6))")
        .k(a -> {
          long cell = valid((Long) a[0], "st_h3ToChildren");
          int res = (Integer) a[1];
          if (res < h3().getResolution(cell) || res > 15 || res - h3().getResolution(cell) > 5) {
            throw Args.bad("st_h3ToChildren", "child resolution must be at most 5 levels finer than the cell and at most 15", res);
          }
          return toArray(h3().cellToChildren(cell, res));
        }, LONG, INT);
    c.fn("st_h3Distance", LONG, "The number of grid steps between two cells of the same resolution.",
        "st_h3Distance(st_h3CellId(st_point(0, 0), 5), st_h3CellId(st_point(0.5, 0), 5))")
        .k(a -> {
          try {
            return h3().gridDistance(valid((Long) a[0], "st_h3Distance"), valid((Long) a[1], "st_h3Distance"));
          } catch (RuntimeException e) {
            throw Args.bad("st_h3Distance", "cells are too far apart or of different resolutions", a[0] + ", " + a[1]);
          }
        }, LONG, LONG);
    c.fn("st_h3IsValid", BOOLEAN, "Whether a number is a valid H3 cell index.", "st_h3IsValid(599686042433355775)")
        .k(a -> h3().isValidCell((Long) a[0]), LONG);
    c.fn("st_h3CellToString", STRING, "The hexadecimal form of an H3 cell.", "st_h3CellToString(599686042433355775)")
        .k(a -> h3().h3ToString(valid((Long) a[0], "st_h3CellToString")), LONG);
    c.fn("st_h3StringToCell", LONG, "The H3 cell of a hexadecimal string.", "st_h3StringToCell('85283473fffffff')")
        .s(s -> {
          long cell;
          try {
            cell = h3().stringToH3(s);
          } catch (RuntimeException e) {
            throw Args.bad("st_h3StringToCell", "not a hexadecimal H3 index", s);
          }
          return valid(cell, "st_h3StringToCell");
        });
  }

  /** The H3 cell of a lon/lat position, with the range checks of st_h3CellId. */
  static long h3Cell(double lon, double lat, int res) {
    checkResolution(res, "st_h3CellId");
    checkLonLat(lon, lat, "st_h3CellId");
    return h3().latLngToCell(lat, lon, res);
  }

  static long valid(long cell, String fn) {
    if (!h3().isValidCell(cell)) {
      throw Args.bad(fn, "not a valid H3 cell index", cell);
    }
    return cell;
  }

  private static void checkResolution(int res, String fn) {
    if (res < 0 || res > 15) {
      throw Args.bad(fn, "H3 resolution must be between 0 and 15", res);
    }
  }

  private static void checkLonLat(double lon, double lat, String fn) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw Args.bad(fn, "longitude must be within [-180, 180] and latitude within [-90, 90]", lon + " " + lat);
    }
  }

  static Polygon boundary(long cell) {
    valid(cell, "st_h3Boundary");
    List<LatLng> ring = h3().cellToBoundary(cell);
    Coordinate[] cs = new Coordinate[ring.size() + 1];
    for (int i = 0; i < ring.size(); i++) {
      cs[i] = new Coordinate(ring.get(i).lng, ring.get(i).lat);
    }
    cs[ring.size()] = cs[0].copy();
    return Args.srid(Args.F.createPolygon(cs), 4326);
  }

  private static long[] cover(Geometry g, int res, boolean full) {
    checkResolution(res, "st_h3CellIds");
    Envelope e = g.getEnvelopeInternal();
    if (!e.isNull()) {
      checkLonLat(e.getMinX(), e.getMinY(), "st_h3CellIds");
      checkLonLat(e.getMaxX(), e.getMaxY(), "st_h3CellIds");
    }
    Set<Long> cells = new LinkedHashSet<>();
    List<Geometry> parts = new ArrayList<>();
    Accessors.flatten(g, parts);
    for (Geometry part : parts) {
      if (part instanceof Point p) {
        cells.add(h3().latLngToCell(p.getY(), p.getX(), res));
      } else if (part instanceof LineString l) {
        Coordinate[] cs = l.getCoordinates();
        long prev = h3().latLngToCell(cs[0].y, cs[0].x, res);
        cells.add(prev);
        for (int i = 1; i < cs.length; i++) {
          long next = h3().latLngToCell(cs[i].y, cs[i].x, res);
          try {
            cells.addAll(h3().gridPathCells(prev, next));
          } catch (RuntimeException ex) {
            cells.add(next);
          }
          prev = next;
        }
      } else if (part instanceof Polygon poly) {
        List<List<LatLng>> holes = new ArrayList<>();
        for (int i = 0; i < poly.getNumInteriorRing(); i++) {
          holes.add(latLngs(poly.getInteriorRingN(i)));
        }
        List<Long> found = h3().polygonToCellsExperimental(latLngs(poly.getExteriorRing()), holes, res,
            full ? PolygonToCellsFlags.containment_overlapping : PolygonToCellsFlags.containment_center);
        cells.addAll(found);
      }
    }
    long[] out = new long[cells.size()];
    int i = 0;
    for (long cell : cells) {
      out[i++] = cell;
    }
    return out;
  }

  private static List<LatLng> latLngs(LinearRing r) {
    Coordinate[] cs = r.getCoordinates();
    List<LatLng> out = new ArrayList<>(cs.length);
    for (int i = 0; i < cs.length - 1; i++) {
      out.add(new LatLng(cs[i].y, cs[i].x));
    }
    return out;
  }

  private static long[] toArray(List<Long> cells) {
    long[] out = new long[cells.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cells.get(i);
    }
    return out;
  }

  private static String geohashBits(Geometry g, int bits, String fn) {
    if (g.isEmpty()) {
      return null;
    }
    Point c = g.getCentroid();
    if (c.isEmpty()) {
      Envelope e = g.getEnvelopeInternal();
      return GeoHash.encode(e.centre().x, e.centre().y, bits, fn);
    }
    return GeoHash.encode(c.getX(), c.getY(), bits, fn);
  }

  /**
   * The characters of the longest geohash whose cell holds the box strictly inside: cells are halved
   * alternately in longitude and latitude for as long as the box lies wholly on one side of the
   * dividing line (a box touching it stops the halving, as in PostGIS), five halvings a character.
   */
  static int boxPrecision(Envelope e) {
    double west = -180;
    double east = 180;
    double south = -90;
    double north = 90;
    int halvings = 0;
    while (halvings < 100) {
      double lon = (west + east) / 2;
      if (e.getMinX() > lon) {
        west = lon;
      } else if (e.getMaxX() < lon) {
        east = lon;
      } else {
        break;
      }
      halvings++;
      double lat = (south + north) / 2;
      if (e.getMinY() > lat) {
        south = lat;
      } else if (e.getMaxY() < lat) {
        north = lat;
      } else {
        break;
      }
      halvings++;
    }
    return Math.min(20, halvings / 5);
  }

  /** PostGIS's ST_GeoHash: the bounding-box centre, at {@code chars} characters or the box's own precision when 0. */
  static String geohashPostgis(Geometry g, int chars) {
    if (g.isEmpty()) {
      return null;
    }
    Envelope e = g.getEnvelopeInternal();
    checkLonLat(e.getMinX(), e.getMinY(), "st_geoHash");
    checkLonLat(e.getMaxX(), e.getMaxY(), "st_geoHash");
    if (chars < 0) {
      throw Args.bad("st_geoHash", "precision must not be negative", chars);
    }
    int precision = chars;
    if (precision == 0) {
      precision = e.getWidth() == 0 && e.getHeight() == 0 ? 20 : boxPrecision(e);
      if (precision == 0) {
        return "";
      }
    }
    return GeoHash.encodeChars(e.centre().x, e.centre().y, precision);
  }
}
