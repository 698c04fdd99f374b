package org.geostream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Country polygons as WKT, read from a GeoJSON FeatureCollection in the harness itself, so that every
 * engine gets the same text and none of their GeoJSON readers is measured or trusted.
 */
final class Countries {
  private Countries() {}

  /**
   * A country: its name, its WKT and its vertex count.
   *
   * @param name the feature's {@code name} property
   * @param wkt POLYGON or MULTIPOLYGON text, coordinates in plain decimal notation
   * @param vertices number of coordinates, closing ones included
   */
  record Country(String name, String wkt, int vertices) {}

  /**
   * Reads every Polygon and MultiPolygon feature, in file order.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the feature whose geometry is of another type
   */
  static List<Country> read(Path geojson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(geojson.toFile());
    List<Country> out = new ArrayList<>();
    for (JsonNode f : root.path("features")) {
      String name = f.path("properties").path("name").asText();
      JsonNode g = f.path("geometry");
      String type = g.path("type").asText();
      int[] vertices = {0};
      StringBuilder wkt = new StringBuilder(4096);
      switch (type) {
        case "Polygon" -> {
          wkt.append("POLYGON ");
          polygon(g.path("coordinates"), wkt, vertices);
        }
        case "MultiPolygon" -> {
          wkt.append("MULTIPOLYGON (");
          JsonNode polys = g.path("coordinates");
          for (int i = 0; i < polys.size(); i++) {
            if (i > 0) {
              wkt.append(", ");
            }
            polygon(polys.get(i), wkt, vertices);
          }
          wkt.append(')');
        }
        default -> throw new IllegalArgumentException(
            "Cannot read country '" + name + "': expected Polygon or MultiPolygon: " + type);
      }
      out.add(new Country(name, wkt.toString(), vertices[0]));
    }
    return out;
  }

  /** The country named {@code name}. */
  static Country named(List<Country> countries, String name) {
    return countries.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot find country: " + name));
  }

  private static void polygon(JsonNode rings, StringBuilder wkt, int[] vertices) {
    wkt.append('(');
    for (int r = 0; r < rings.size(); r++) {
      if (r > 0) {
        wkt.append(", ");
      }
      wkt.append('(');
      JsonNode ring = rings.get(r);
      for (int i = 0; i < ring.size(); i++) {
        if (i > 0) {
          wkt.append(", ");
        }
        JsonNode c = ring.get(i);
        wkt.append(plain(c.get(0).asDouble())).append(' ').append(plain(c.get(1).asDouble()));
        vertices[0]++;
      }
      wkt.append(')');
    }
    wkt.append(')');
  }

  /** Shortest round-trip decimal without exponent: not every WKT reader accepts {@code 1.0E-4}. */
  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
