package org.geostream.stream.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import org.geostream.stream.ParserSpec;
import org.geostream.stream.parse.Rejection.Reason;
import org.geostream.types.io.GeoJson;
import org.geostream.types.io.Wkt;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Parses record text (CSV, JSON, GeoJSON Features) into {@link Event}s, and everything that fails
 * into a {@link Rejection} naming the reason, the field and the value: the stream never fails on
 * bad data. A record keyed by a non-point geometry is keyed by its interior point. Not
 * thread-safe: one per task.
 */
public final class RecordParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ParserSpec spec;
  private final List<String> attributes;
  private final List<String> measures;
  private final List<String> distincts;
  private transient CsvParser csv;
  private transient DateTimeFormatter pattern;
  private transient ZoneId zone;
  private transient WKBReader wkb;
  /** Where the record being parsed came from: a source, and a line number (below 1: none), joined only when needed. */
  private transient String source;
  private transient long line;
  /** The fast CSV path: the columns last seen (configured or a file's header) and the delimiter positions of a line. */
  private transient List<String> fastColumns;
  private transient java.util.Map<String, Integer> fastIndex;
  private transient int[] cuts;
  /** Whether U+FFFD in a record means undecodable bytes (text decoded leniently, e.g. by Spark's socket source). */
  private boolean replacementIsBadEncoding = true;

  /**
   * @param spec the parser settings
   * @param attributes attribute key fields
   * @param measures numeric fields
   * @param distincts fields whose distinct values are counted
   */
  public RecordParser(ParserSpec spec, List<String> attributes, List<String> measures, List<String> distincts) {
    this.spec = spec;
    this.attributes = List.copyOf(attributes);
    this.measures = List.copyOf(measures);
    this.distincts = List.copyOf(distincts);
  }

  /**
   * Tells whether records come decoded leniently, bad bytes as U+FFFD (the default: a U+FFFD is then
   * quarantined as {@code BAD_ENCODING}), or strictly checked by the caller (false: U+FFFD is a character
   * like any other).
   */
  public RecordParser replacementIsBadEncoding(boolean value) {
    this.replacementIsBadEncoding = value;
    return this;
  }

  /** A record's fields, by name. */
  private interface Fields {
    /** The text of a field, or null when absent or JSON null. */
    String get(String name);

    default JsonNode node(String name) {
      return null;
    }

    /**
     * The value of a field written as a plain decimal number ({@code -12.345}), exactly as
     * {@link Double#parseDouble} reads it, or NaN for anything else (missing, blank, other notations,
     * not a number), which the caller then reads from {@link #get}.
     */
    default double number(String name) {
      return Double.NaN;
    }

    /**
     * The value of a field written as a plain integer ({@code [+-]digits}, at most 18), exactly as
     * {@link Long#parseLong} reads it, or {@link Long#MIN_VALUE} for anything else, which the caller then
     * reads from {@link #get}.
     */
    default long integer(String name) {
      return Long.MIN_VALUE;
    }
  }

  /**
   * Parses one record.
   *
   * @param text the record
   * @param header CSV column names for this record's file, or null for the spec's columns
   * @param position where it came from
   */
  public Parsed parse(String text, List<String> header, String position) {
    return parse(text, header, position, 0);
  }

  /**
   * Parses one record, line {@code line} of {@code source}: the same as {@link #parse(String, List, String)}
   * with position {@code source:line}, which is only built for a rejected record.
   *
   * @param line the record's line number (1-based), or 0 for none (the position is then {@code source})
   */
  public Parsed parse(String text, List<String> header, String source, long line) {
    this.source = source;
    this.line = line;
    if (text.length() > spec.maxRecordBytes()) {
      return Rejection.of(Reason.TOO_LARGE, "record has " + text.length() + " characters, more than the limit of "
          + spec.maxRecordBytes(), position(), text);
    }
    if (replacementIsBadEncoding && text.indexOf('\uFFFD') >= 0) {
      return Rejection.of(Reason.BAD_ENCODING, "record is not valid UTF-8", position(), text);
    }
    return switch (spec.format()) {
      case "csv" -> parseCsv(text, header == null ? spec.columns() : header);
      case "geojson" -> parseJson(text, true);
      default -> parseJson(text, false);
    };
  }

  /** The position of the record being parsed. */
  private String position() {
    return line > 0 ? source + ":" + line : source;
  }

  private Parsed parseCsv(String text, List<String> columns) {
    if (columns == null) {
      return Rejection.of(Reason.MALFORMED_CSV, "no column names: give parser columns, or a header line",
          position(), text);
    }
    Parsed fast = parseSimpleCsv(text, columns);
    if (fast != null) {
      return fast;
    }
    if (csv == null) {
      CsvParserSettings s = new CsvParserSettings();
      s.getFormat().setDelimiter(spec.delimiter());
      s.getFormat().setLineSeparator("\n");
      s.setMaxCharsPerColumn(-1);
      s.setMaxColumns(Math.max(512, columns.size() * 2));
      s.setNullValue(null);
      s.setEmptyValue("");
      csv = new CsvParser(s);
    }
    String[] values;
    try {
      values = csv.parseLine(text);
    } catch (RuntimeException e) {
      return Rejection.of(Reason.MALFORMED_CSV, "cannot split the line: " + e.getClass().getSimpleName(), position(),
          text);
    }
    if (values == null || values.length != columns.size()) {
      return columnCount(columns, values == null ? 0 : values.length, text);
    }
    return build(name -> {
      int i = columns.indexOf(name);
      return i < 0 ? null : values[i];
    }, null, text, columns);
  }

  /**
   * The common case without the CSV parser: a line with no quote, no carriage return and no comment mark is
   * split at its delimiters, and only the fields the record needs are cut out (trimmed; empty is null, as
   * the CSV parser gives them). Null for any other line, which the CSV parser then reads.
   */
  private Parsed parseSimpleCsv(String text, List<String> columns) {
    char d = spec.delimiter();
    if (d == '"' || d <= ' ' || text.isEmpty() || text.charAt(0) == '#' || text.indexOf('"') >= 0
        || text.indexOf('\r') >= 0) {
      return null;
    }
    if (columns != fastColumns) {
      fastColumns = columns;
      cuts = new int[columns.size() + 1];
      fastIndex = new java.util.HashMap<>();
      for (int i = columns.size() - 1; i >= 0; i--) { // the first of two equal names wins, as indexOf
        fastIndex.put(columns.get(i), i);
      }
    }
    java.util.Map<String, Integer> index = fastIndex;
    int n = 0;
    int[] c = cuts;
    c[0] = -1;
    for (int i = text.indexOf(d); i >= 0; i = text.indexOf(d, i + 1)) {
      if (++n < c.length) {
        c[n] = i;
      }
    }
    if (n + 1 != columns.size()) {
      return columnCount(columns, n + 1, text);
    }
    int last = n;
    return build(new Fields() {
      @Override
      public String get(String name) {
        Integer at = index.get(name);
        if (at == null) {
          return null;
        }
        int i = at;
        int from = c[i] + 1;
        int to = i < last ? c[i + 1] : text.length();
        while (from < to && text.charAt(from) <= ' ') {
          from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
          to--;
        }
        return from == to ? null : text.substring(from, to);
      }

      @Override
      public double number(String name) {
        Integer i = index.get(name);
        return i == null ? Double.NaN : decimal(text, c[i] + 1, i < last ? c[i + 1] : text.length());
      }

      @Override
      public long integer(String name) {
        Integer i = index.get(name);
        return i == null ? Long.MIN_VALUE : integral(text, c[i] + 1, i < last ? c[i + 1] : text.length());
      }
    }, null, text, columns);
  }

  /**
   * A plain decimal ({@code [+-]digits[.digits]}, at most 15 significant digits and 22 decimals, surrounding
   * blanks allowed)
   * in {@code s[from, to)}, or NaN for anything else. Exact: the digits as a long and the power of ten are
   * both exact doubles, so their quotient is the correctly rounded value, the one {@link Double#parseDouble}
   * gives (Clinger's fast path).
   */
  static double decimal(String s, int from, int to) {
    while (from < to && s.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) <= ' ') {
      to--;
    }
    if (from == to) {
      return Double.NaN;
    }
    boolean negative = false;
    char first = s.charAt(from);
    if (first == '-' || first == '+') {
      negative = first == '-';
      from++;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch >= '0' && ch <= '9') {
        m = m * 10 + (ch - '0');
        if (m != 0 && ++digits > 15) {
          return Double.NaN;
        }
        if (fraction >= 0) {
          fraction++;
        }
      } else if (ch == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    int len = to - from;
    if (len == 0 || (fraction >= 0 && len == 1) || fraction >= POW10.length) { // no digits: "-", ".", "-."
      return Double.NaN;
    }
    double v = fraction > 0 ? m / POW10[fraction] : m;
    return negative ? -v : v;
  }

  /** A plain integer ({@code [+-]digits}, at most 18 digits, surrounding blanks allowed), or {@code Long.MIN_VALUE}. */
  static long integral(String s, int from, int to) {
    while (from < to && s.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) <= ' ') {
      to--;
    }
    boolean negative = false;
    if (from < to && (s.charAt(from) == '-' || s.charAt(from) == '+')) {
      negative = s.charAt(from) == '-';
      from++;
    }
    if (from == to || to - from > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (ch - '0');
    }
    return negative ? -v : v;
  }

  /** Powers of ten up to 10^22, the largest one a double holds exactly. */
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private Rejection columnCount(List<String> columns, int found, String text) {
    return Rejection.of(Reason.MALFORMED_CSV, "expected " + columns.size() + " columns " + columns + ", found " + found,
        position(), text);
  }

  private Parsed parseJson(String text, boolean geojson) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return Rejection.of(Reason.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage(), position(), text);
    }
    if (root == null || !root.isObject()) {
      return Rejection.of(Reason.MALFORMED_JSON, "not a JSON object", position(), text);
    }
    JsonNode props = geojson ? root.path("properties") : root;
    Geometry geojsonGeometry = null;
    if (geojson) {
      if (!"Feature".equals(root.path("type").asText())) {
        return Rejection.of(Reason.MALFORMED_JSON, "not a GeoJSON Feature (type is '" + root.path("type").asText()
            + "')", position(), text);
      }
      JsonNode g = root.get("geometry");
      if (g == null || g.isNull()) {
        return Rejection.of(Reason.MISSING_FIELD, "the Feature has no geometry", position(), text);
      }
      try {
        geojsonGeometry = GeoJson.read(g.toString());
      } catch (RuntimeException e) {
        return Rejection.of(Reason.BAD_GEOMETRY, "geometry: " + e.getMessage(), position(), text);
      }
    }
    Fields fields = new Fields() {
      @Override
      public String get(String name) {
        JsonNode n = node(name);
        return n == null || n.isNull() || n.isMissingNode() ? null : n.isValueNode() ? n.asText() : n.toString();
      }

      @Override
      public JsonNode node(String name) {
        JsonNode n = props.get(name);
        if (n == null && name.indexOf('.') > 0) {
          n = props;
          for (String part : name.split("\\.")) {
            n = n.path(part);
          }
        }
        return n;
      }
    };
    return build(fields, geojsonGeometry, text, null);
  }

  private Parsed build(Fields f, Geometry given, String text, List<String> columns) {
    double x;
    double y;
    if (given != null || spec.geometry() != null) {
      Geometry g = given;
      if (g == null) {
        String gt = f.get(spec.geometry());
        if (gt == null || gt.isBlank()) {
          return Rejection.of(Reason.MISSING_FIELD, "geometry field '" + spec.geometry() + "' is missing", position(),
              text);
        }
        try {
          g = switch (spec.geometryEncoding()) {
            case "wkb" -> wkb().read(WKBReader.hexToBytes(gt.trim()));
            case "geojson" -> GeoJson.read(f.node(spec.geometry()) != null && f.node(spec.geometry()).isObject()
                ? f.node(spec.geometry()).toString() : gt);
            default -> Wkt.read(gt);
          };
        } catch (Exception e) {
          return Rejection.of(Reason.BAD_GEOMETRY, "geometry field '" + spec.geometry() + "' is not valid "
              + spec.geometryEncoding().toUpperCase(java.util.Locale.ROOT) + ": " + e.getMessage(), position(), text);
        }
      }
      if (g.isEmpty()) {
        return Rejection.of(Reason.EMPTY_GEOMETRY, "geometry is empty", position(), text);
      }
      for (Coordinate c : g.getCoordinates()) {
        if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
          return Rejection.of(Reason.NAN_COORDINATE, "geometry has a coordinate that is not a finite number ("
              + c.x + " " + c.y + ")", position(), text);
        }
        if (c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
          return Rejection.of(Reason.OUT_OF_RANGE, "geometry coordinate (" + c.x + " " + c.y
              + ") is outside lon [-180, 180] / lat [-90, 90]", position(), text);
        }
      }
      if (g.getDimension() == 2) {
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
          return Rejection.of(Reason.INVALID_GEOMETRY, "invalid polygon: " + err.getMessage() + " at "
              + err.getCoordinate(), position(), text);
        }
      }
      Point p = g instanceof Point pt ? pt : g.getInteriorPoint();
      x = p.getX();
      y = p.getY();
    } else if (!Double.isNaN(x = f.number(spec.lon())) && !Double.isNaN(y = f.number(spec.lat()))
        && x >= -180 && x <= 180 && y >= -90 && y <= 90) {
      // Plain decimals within range: what the general branch below accepts, without a String in between.
    } else {
      String lon = f.get(spec.lon());
      String lat = f.get(spec.lat());
      if (lon == null || lon.isBlank() || lat == null || lat.isBlank()) {
        return Rejection.of(Reason.MISSING_FIELD, "field '" + (lon == null || lon.isBlank() ? spec.lon() : spec.lat())
            + "' is missing", position(), text);
      }
      try {
        x = Double.parseDouble(lon.trim());
        y = Double.parseDouble(lat.trim());
      } catch (NumberFormatException e) {
        return Rejection.of(Reason.BAD_NUMBER, "lon/lat '" + lon + "', '" + lat + "' are not numbers", position(), text);
      }
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        return Rejection.of(Reason.NAN_COORDINATE, "lon/lat " + lon + ", " + lat + " are not finite numbers",
            position(), text);
      }
      if (x < -180 || x > 180 || y < -90 || y > 90) {
        return Rejection.of(Reason.OUT_OF_RANGE, "lon " + x + " / lat " + y
            + " outside [-180, 180] / [-90, 90] (swapped lon and lat?)", position(), text);
      }
    }
    long time;
    long tn = spec.timeFormat().equals("epoch-millis") ? f.integer(spec.time()) : Long.MIN_VALUE;
    if (tn != Long.MIN_VALUE) {
      time = tn;
    } else {
      String t = f.get(spec.time());
      if (t == null || t.isBlank()) {
        return Rejection.of(Reason.MISSING_TIME, "time field '" + spec.time() + "' is missing", position(), text);
      }
      try {
        time = parseTime(t.trim());
      } catch (RuntimeException e) {
        return Rejection.of(Reason.BAD_TIME, "time field '" + spec.time() + "' value '" + t + "' does not match "
            + spec.timeFormat(), position(), text);
      }
    }
    String[] attrs = new String[attributes.size()];
    for (int i = 0; i < attrs.length; i++) {
      attrs[i] = f.get(attributes.get(i));
    }
    double[] ms = new double[measures.size()];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = f.number(measures.get(i));
      if (!Double.isNaN(ms[i])) {
        continue;
      }
      String v = f.get(measures.get(i));
      if (v == null || v.isBlank()) {
        ms[i] = Double.NaN;
        continue;
      }
      try {
        ms[i] = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        ms[i] = Double.NaN;
      }
      if (!Double.isFinite(ms[i])) {
        return Rejection.of(Reason.BAD_NUMBER, "field '" + measures.get(i) + "' value '" + v
            + "' is not a finite number", position(), text);
      }
    }
    String[] ds = new String[distincts.size()];
    for (int i = 0; i < ds.length; i++) {
      ds[i] = f.get(distincts.get(i));
    }
    return new Event(x, y, time, attrs, ms, ds);
  }

  private WKBReader wkb() {
    if (wkb == null) {
      wkb = new WKBReader();
    }
    return wkb;
  }

  /** Epoch milliseconds of a time in the parser's format. */
  long parseTime(String t) {
    if (zone == null) {
      zone = ZoneId.of(spec.zone());
    }
    switch (spec.timeFormat()) {
      case "epoch-seconds":
        return Math.round(Double.parseDouble(t) * 1000);
      case "epoch-millis":
        return Long.parseLong(t);
      case "iso":
        try {
          return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          try {
            return Instant.parse(t).toEpochMilli();
          } catch (DateTimeParseException e2) {
            try {
              return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e3) {
              return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
          }
        }
      default:
        if (pattern == null) {
          pattern = DateTimeFormatter.ofPattern(spec.timeFormat()).withZone(zone);
        }
        TemporalAccessor a = pattern.parse(t);
        return ZonedDateTime.from(a).toInstant().toEpochMilli();
    }
  }
}
