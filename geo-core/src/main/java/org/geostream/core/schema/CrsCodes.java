package org.geostream.core.schema;

import java.util.concurrent.ConcurrentHashMap;
import org.geostream.types.Errors;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;

/**
 * Conversions between coordinate reference systems and the forms they are stored in: an EPSG code
 * (the SRID) with its axis order, or WKT for a CRS without a code. Lookups are cached per JVM
 * because the EPSG database answers its first question in about a second. Thread-safe.
 */
final class CrsCodes {
  /** Codes of CRSs already looked up; 0 for "no EPSG code". */
  private static final ConcurrentHashMap<CoordinateReferenceSystem, Integer> SRIDS = new ConcurrentHashMap<>();
  /** Longitude-first CRSs by EPSG code. */
  private static final ConcurrentHashMap<Integer, CoordinateReferenceSystem> XY = new ConcurrentHashMap<>();
  /** CRSs in the EPSG authority's axis order (latitude first for geographic ones) by EPSG code. */
  private static final ConcurrentHashMap<Integer, CoordinateReferenceSystem> AUTHORITY = new ConcurrentHashMap<>();
  /** CRSs parsed from WKT, by their text. */
  private static final ConcurrentHashMap<String, CoordinateReferenceSystem> WKT = new ConcurrentHashMap<>();
  /**
   * The text each CRS of {@link #WKT} was parsed from. GeoTools' formatter rounds some parameters
   * differently on each pass (33.3, then 33.300000000000004, then 33.3 ...); writing a parsed CRS
   * with its original text makes encode(decode(text)) return text.
   */
  private static final ConcurrentHashMap<CoordinateReferenceSystem, String> TEXT = new ConcurrentHashMap<>();

  private CrsCodes() {}

  /** The EPSG code of {@code crs}, 0 when it is null or has none. Looks at identifiers only. */
  static int srid(CoordinateReferenceSystem crs) {
    if (crs == null) {
      return 0;
    }
    return SRIDS.computeIfAbsent(crs, c -> {
      try {
        Integer code = CRS.lookupEpsgCode(c, false);
        return code == null ? 0 : code;
      } catch (FactoryException e) {
        return 0;
      }
    });
  }

  /**
   * True when {@code crs} puts latitude (north) first, as the EPSG authority does for geographic
   * systems; JTS coordinates and {@link #decode(int, boolean)} with false put longitude first.
   */
  static boolean latitudeFirst(CoordinateReferenceSystem crs) {
    return crs != null && CRS.getAxisOrder(crs) == CRS.AxisOrder.NORTH_EAST;
  }

  /**
   * The CRS of EPSG code {@code srid}, longitude first unless {@code latitudeFirst}.
   *
   * @throws org.geostream.types.GeoStreamException when the EPSG database does not know the code
   */
  static CoordinateReferenceSystem decode(int srid, boolean latitudeFirst) {
    ConcurrentHashMap<Integer, CoordinateReferenceSystem> cache = latitudeFirst ? AUTHORITY : XY;
    CoordinateReferenceSystem crs = cache.get(srid);
    if (crs == null) {
      try {
        crs = CRS.decode("EPSG:" + srid, !latitudeFirst);
      } catch (FactoryException | RuntimeException e) {
        throw Errors.cannot("decode coordinate reference system", "unknown EPSG code", srid, e);
      }
      cache.putIfAbsent(srid, crs);
    }
    return crs;
  }

  /** The WKT of {@code crs}, on one line; the text it was parsed from when {@link #parseWkt} made it. */
  static String wkt(CoordinateReferenceSystem crs) {
    String text = TEXT.get(crs);
    return text != null ? text : crs.toWKT().replaceAll("\\s*\n\\s*", " ");
  }

  /**
   * The CRS written as {@code wkt}.
   *
   * @throws org.geostream.types.GeoStreamException when GeoTools cannot parse it
   */
  static CoordinateReferenceSystem parseWkt(String wkt) {
    CoordinateReferenceSystem crs = WKT.get(wkt);
    if (crs == null) {
      try {
        crs = CRS.parseWKT(wkt);
      } catch (FactoryException | RuntimeException e) {
        throw Errors.cannot("parse coordinate reference system", "invalid WKT (" + e.getMessage() + ")", wkt, e);
      }
      CoordinateReferenceSystem previous = WKT.putIfAbsent(wkt, crs);
      if (previous != null) {
        crs = previous;
      } else {
        TEXT.putIfAbsent(crs, wkt);
      }
    }
    return crs;
  }
}
