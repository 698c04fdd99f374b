package org.geostream.sql.geoparquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.geotools.referencing.CRS;
import org.geostream.core.crs.ProjJson;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Envelope;

/**
 * The {@code geo} key-value metadata of a GeoParquet 1.0 / 1.1 file: the version, the primary
 * geometry column and per geometry column its encoding, geometry types, CRS, bbox and (1.1) the
 * covering bbox column. Parsing accepts what GeoPandas, DuckDB, GDAL and Sedona write; writing
 * produces 1.1.0 (or 1.0.0 without the covering). Immutable and serializable.
 *
 * <p>CRS to SRID: a missing {@code crs} key is GeoParquet's default OGC:CRS84, SRID 4326 (x =
 * longitude); {@code "crs": null} is an unknown CRS, SRID 0; a PROJJSON object gives the EPSG code of
 * its {@code id} (or of the {@code id} of its base, for a bound CRS), OGC:CRS84 gives 4326, and any
 * other definition SRID 0 (the coordinates are read unchanged).
 *
 * @param version the metadata version, e.g. {@code 1.1.0}
 * @param primaryColumn the primary geometry column
 * @param columns the geometry columns by name, in file order
 */
public record GeoParquetMetadata(String version, String primaryColumn, Map<String, Column> columns)
    implements Serializable {

  /** The key of the file metadata. */
  public static final String KEY = "geo";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] BOX_FIELDS = {"xmin", "ymin", "xmax", "ymax"};

  /**
   * One geometry column.
   *
   * @param name the column
   * @param geometryTypes the geometry types present ({@code Point}, {@code Polygon Z}, ...), empty when unknown
   * @param srid the SRID its geometries get (0 for an unknown CRS)
   * @param bbox the column's bounds in the file, or null when not given
   * @param covering the top-level struct column holding each row's box ({@code xmin, ymin, xmax, ymax}), or null
   */
  public record Column(String name, List<String> geometryTypes, int srid, double[] bbox, String covering)
      implements Serializable {
    /** The bounds as an envelope, or null. */
    public Envelope envelope() {
      return bbox == null || bbox.length < 4 ? null
          : bbox.length >= 6 ? new Envelope(bbox[0], bbox[3], bbox[1], bbox[4])
          : new Envelope(bbox[0], bbox[2], bbox[1], bbox[3]);
    }
  }

  /**
   * Parses the {@code geo} metadata of {@code file}.
   *
   * @throws org.geostream.types.GeoStreamException naming the file and what is wrong, for JSON that
   *     is not GeoParquet metadata or a column encoding other than WKB
   */
  public static GeoParquetMetadata parse(String json, String file) {
    String action = "read GeoParquet file " + file;
    JsonNode geo;
    try {
      geo = JSON.readTree(json);
    } catch (Exception e) {
      throw Errors.cannot(action, "its 'geo' metadata is not JSON", json, e);
    }
    JsonNode cols = geo.path("columns");
    if (!cols.isObject() || cols.isEmpty()) {
      throw Errors.cannot(action, "its 'geo' metadata has no 'columns'", json);
    }
    Map<String, Column> columns = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode c = e.getValue();
      String encoding = c.path("encoding").asText("WKB");
      if (!encoding.equalsIgnoreCase("WKB")) {
        throw Errors.cannot(action, "column '" + e.getKey() + "' has encoding " + encoding
            + " (only WKB is read; GeoArrow encodings are not)", json);
      }
      List<String> types = new ArrayList<>();
      c.path("geometry_types").forEach(t -> types.add(t.asText()));
      double[] bbox = null;
      if (c.path("bbox").isArray() && c.path("bbox").size() >= 4) {
        bbox = new double[c.path("bbox").size()];
        for (int i = 0; i < bbox.length; i++) {
          bbox[i] = c.path("bbox").get(i).asDouble();
        }
      }
      String covering = null;
      JsonNode cov = c.path("covering").path("bbox");
      if (cov.isObject()) {
        JsonNode xmin = cov.path("xmin");
        if (xmin.isArray() && xmin.size() == 2) {
          covering = xmin.get(0).asText();
          for (String k : BOX_FIELDS) {
            JsonNode p = cov.path(k);
            if (!p.isArray() || p.size() != 2 || !p.get(0).asText().equals(covering) || !p.get(1).asText().equals(k)) {
              covering = null;
              break;
            }
          }
        }
      }
      columns.put(e.getKey(), new Column(e.getKey(), List.copyOf(types), srid(c), bbox, covering));
    }
    String primary = geo.path("primary_column").asText(columns.keySet().iterator().next());
    return new GeoParquetMetadata(geo.path("version").asText("1.0.0"), primary, columns);
  }

  /** The SRID of a column's {@code crs} (see the class comment). */
  static int srid(JsonNode column) {
    if (!column.has("crs")) {
      return 4326;
    }
    JsonNode crs = column.get("crs");
    if (crs == null || crs.isNull()) {
      return 0;
    }
    if (crs.isTextual()) {
      String t = crs.asText().trim().toUpperCase(Locale.ROOT);
      if (t.equals("OGC:CRS84")) {
        return 4326;
      }
      return t.startsWith("EPSG:") && t.substring(5).matches("[0-9]+") ? Integer.parseInt(t.substring(5)) : 0;
    }
    for (JsonNode id : new JsonNode[] {crs.path("id"), crs.path("source_crs").path("id")}) {
      String authority = id.path("authority").asText("");
      String code = id.path("code").asText("");
      if (authority.equalsIgnoreCase("EPSG") && code.matches("[0-9]+")) {
        return Integer.parseInt(code);
      }
      if (authority.equalsIgnoreCase("OGC") && code.equalsIgnoreCase("CRS84")) {
        return 4326;
      }
    }
    return 0;
  }

  /**
   * The {@code crs} value for {@code srid}: absent (null here) for 4326, GeoParquet's default
   * lon/lat WGS 84; JSON null for 0 (unknown); else the full PROJJSON of the EPSG definition, or JSON
   * null when it cannot be expressed.
   */
  static JsonNode crsFor(int srid) {
    if (srid == 4326) {
      return null;
    }
    if (srid == 0) {
      return NullNode.getInstance();
    }
    try {
      ObjectNode n = ProjJson.of(CRS.decode("EPSG:" + srid));
      return n == null ? NullNode.getInstance() : n;
    } catch (Exception e) {
      return NullNode.getInstance();
    }
  }

  /**
   * What a writer gathered about one geometry column of one file: its types and bounds.
   * Not thread-safe.
   */
  public static final class Gathered {
    private static final String[] NAMES = {"Geometry", "Point", "LineString", "Polygon", "MultiPoint",
        "MultiLineString", "MultiPolygon", "GeometryCollection"};
    final TreeSet<String> types = new TreeSet<>();
    final Envelope bounds = new Envelope();

    /** Adds one WKB value (ISO or extended, either byte order): its type from the header, its box. */
    public void add(byte[] wkb) {
      if (wkb.length < 5) {
        return;
      }
      boolean le = wkb[0] == 1;
      long word = le ? (wkb[1] & 0xFFL) | (wkb[2] & 0xFFL) << 8 | (wkb[3] & 0xFFL) << 16 | (wkb[4] & 0xFFL) << 24
          : (wkb[4] & 0xFFL) | (wkb[3] & 0xFFL) << 8 | (wkb[2] & 0xFFL) << 16 | (wkb[1] & 0xFFL) << 24;
      boolean z = (word & 0x80000000L) != 0;
      int code = (int) (word & 0x0FFFFFFFL);
      int base = code % 1000;
      z = z || code / 1000 == 1 || code / 1000 == 3;
      if (base >= 1 && base <= 7) {
        types.add(NAMES[base] + (z ? " Z" : ""));
      }
      bounds.expandToInclude(org.geostream.types.codec.GeometryCodec.envelope(wkb));
    }
  }

  /**
   * The {@code geo} JSON of a written file.
   *
   * @param columns geometry column to SRID, in order; the first is the primary column
   * @param gathered per column what the file holds
   * @param covering the covering column of the primary column, or null (GeoParquet 1.0.0)
   */
  public static String toJson(Map<String, Integer> columns, Map<String, Gathered> gathered, String covering) {
    ObjectNode geo = JSON.createObjectNode();
    geo.put("version", covering == null ? "1.0.0" : "1.1.0");
    geo.put("primary_column", columns.keySet().iterator().next());
    ObjectNode cols = geo.putObject("columns");
    boolean first = true;
    for (Map.Entry<String, Integer> e : columns.entrySet()) {
      ObjectNode c = cols.putObject(e.getKey());
      c.put("encoding", "WKB");
      Gathered g = gathered.get(e.getKey());
      ArrayNode types = c.putArray("geometry_types");
      if (g != null) {
        g.types.forEach(types::add);
      }
      if (g != null && !g.bounds.isNull()) {
        c.putArray("bbox").add(g.bounds.getMinX()).add(g.bounds.getMinY()).add(g.bounds.getMaxX())
            .add(g.bounds.getMaxY());
      }
      JsonNode crs = crsFor(e.getValue());
      if (crs != null) {
        c.set("crs", crs);
      }
      if (first && covering != null) {
        ObjectNode cov = c.putObject("covering").putObject("bbox");
        for (String k : BOX_FIELDS) {
          cov.putArray(k).add(covering).add(k);
        }
      }
      first = false;
    }
    return geo.toString();
  }
}
