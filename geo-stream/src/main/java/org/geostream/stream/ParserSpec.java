package org.geostream.stream;

import java.io.Serializable;
import java.util.List;

/**
 * How a record's text becomes a point, a time and fields.
 *
 * @param format {@code csv}, {@code json} or {@code geojson}
 * @param columns CSV column names in order (null: the first line of each file is a header)
 * @param delimiter CSV delimiter
 * @param lon longitude field (with {@code lat}), or null when {@code geometry} is used
 * @param lat latitude field
 * @param geometry geometry field, or null ({@code geojson}: the Feature's geometry)
 * @param geometryEncoding {@code wkt}, {@code wkb} (hex) or {@code geojson}
 * @param time event-time field
 * @param timeFormat {@code iso}, {@code epoch-seconds}, {@code epoch-millis} or a
 *     {@link java.time.format.DateTimeFormatter} pattern
 * @param zone the zone of times written without one
 * @param maxRecordBytes longer records are quarantined as {@code TOO_LARGE}
 */
public record ParserSpec(String format, List<String> columns, char delimiter, String lon, String lat, String geometry,
    String geometryEncoding, String time, String timeFormat, String zone, int maxRecordBytes) implements Serializable {

  public ParserSpec {
    format = format == null ? "json" : format.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("csv", "json", "geojson").contains(format)) {
      throw new IllegalArgumentException("parser format must be csv, json or geojson, got '" + format + "'");
    }
    if (!format.equals("geojson") && geometry == null && (lon == null || lat == null)) {
      throw new IllegalArgumentException("parser needs lon and lat fields, or a geometry field");
    }
    geometryEncoding = geometryEncoding == null ? "wkt" : geometryEncoding.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("wkt", "wkb", "geojson").contains(geometryEncoding)) {
      throw new IllegalArgumentException("parser geometry encoding must be wkt, wkb or geojson, got '"
          + geometryEncoding + "'");
    }
    if (time == null || time.isBlank()) {
      throw new IllegalArgumentException("parser needs a time field (event time)");
    }
    timeFormat = timeFormat == null ? "iso" : timeFormat;
    zone = zone == null ? "UTC" : zone;
    maxRecordBytes = maxRecordBytes <= 0 ? 1 << 20 : maxRecordBytes;
    delimiter = delimiter == 0 ? ',' : delimiter;
    columns = columns == null ? null : List.copyOf(columns);
  }

  /** JSON lines with lon/lat and an ISO time. */
  public static ParserSpec json(String lon, String lat, String time) {
    return new ParserSpec("json", null, ',', lon, lat, null, null, time, null, null, 0);
  }

  /** CSV with the given columns, lon/lat and an ISO time. */
  public static ParserSpec csv(List<String> columns, String lon, String lat, String time) {
    return new ParserSpec("csv", columns, ',', lon, lat, null, null, time, null, null, 0);
  }
}
