package org.geostream.sql.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.geostream.types.Errors;

/**
 * The options of {@code format("geostream")}: {@code feature} names the feature type; every other
 * option is a parameter of the store (the same map as everywhere else, e.g. {@code fs.path}).
 * Options starting with {@code geostream.} are GeoStream's own: {@code geostream.ecql}, an ECQL
 * filter the spatial pushdown rule adds for the store. Option {@code srid} (writes only) gives
 * geometry columns without an SRID of their own one for a type the write creates. Immutable.
 *
 * @param typeName the feature type
 * @param storeParams the store's parameters
 * @param ecql an extra filter for the store, or null
 */
record SourceOptions(String typeName, Map<String, String> storeParams, String ecql) {
  static final String FEATURE = "feature";
  static final String ECQL = "geostream.ecql";
  /** Write option: the SRID of geometry columns that carry none, for a type a write creates. */
  static final String SRID = "srid";

  static SourceOptions of(CaseInsensitiveStringMap options) {
    Map<String, String> params = new HashMap<>();
    String type = null;
    String ecql = null;
    for (Map.Entry<String, String> e : options.asCaseSensitiveMap().entrySet()) {
      String k = e.getKey();
      if (k.equalsIgnoreCase(FEATURE)) {
        type = e.getValue();
      } else if (k.equalsIgnoreCase(ECQL)) {
        ecql = e.getValue();
      } else if (!k.toLowerCase(java.util.Locale.ROOT).startsWith("geostream.") && !k.equalsIgnoreCase("path")
          && !k.equalsIgnoreCase(SRID)) {
        params.put(k, e.getValue());
      }
    }
    if (type == null || type.isBlank()) {
      throw Errors.cannot("read format(\"geostream\")", "option 'feature' (the feature type to read) is missing", null);
    }
    return new SourceOptions(type, params, ecql);
  }

  /**
   * Option {@code srid} of a write, or null when absent.
   *
   * @throws org.geostream.types.GeoStreamException when it is not a positive integer
   */
  static Integer srid(CaseInsensitiveStringMap options) {
    String v = options.get(SRID);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      int srid = Integer.parseInt(v.trim());
      if (srid > 0) {
        return srid;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.cannot("write format(\"geostream\")", "option 'srid' must be a positive EPSG code", v);
  }
}
