package org.geostream.types.fn;

import org.locationtech.jts.geom.Polygon;

/**
 * The cell arithmetic of the {@code st_geoHash} and {@code st_h3*} functions for code outside
 * SQL (stream keys, sinks): the same cells, the same polygons, the same range checks. Thread-safe.
 */
public final class CellKeys {
  private CellKeys() {}

  /** The geohash of a lon/lat position with {@code chars} characters (PostGIS precision). */
  public static String geohash(double lon, double lat, int chars) {
    return GeoHash.encodeChars(lon, lat, chars);
  }

  /** The cell polygon (SRID 4326) of a geohash. */
  public static Polygon geohashCell(String hash) {
    return GeoHash.cell(hash, Math.min(GeoHash.MAX_BITS, hash.length() * 5), "geohash cell");
  }

  /** The H3 cell of a lon/lat position at resolution 0..15. */
  public static long h3(double lon, double lat, int resolution) {
    return Cells.h3Cell(lon, lat, resolution);
  }

  /** The hexadecimal form of an H3 cell. */
  public static String h3Address(long cell) {
    return Cells.h3().h3ToString(cell);
  }

  /** The H3 cell of a hexadecimal address. */
  public static long h3Cell(String address) {
    return Cells.h3().stringToH3(address);
  }

  /** The hexagon (or pentagon) of an H3 cell as a lon/lat polygon (SRID 4326). */
  public static Polygon h3Boundary(long cell) {
    return Cells.boundary(cell);
  }
}
