package org.geostream.sql.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.geostream.types.io.GeoJson;
import org.locationtech.jts.geom.Geometry;

/** The Natural Earth 1:50m countries of {@code ../shared/data}, for the join tests. */
public final class Countries {
  private Countries() {}

  /** The repository root (the directory holding README.md and geo-sql). */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("README.md")) || !Files.isDirectory(dir.resolve("geo-sql"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /** The GeoJSON file. */
  public static Path file() {
    return root().resolve("../shared/data/world-countries-50m.geojson").normalize();
  }

  /** Name to GeoJSON geometry text, in file order. */
  public static Map<String, String> geojson() throws IOException {
    JsonNode fc = new ObjectMapper().readTree(file().toFile());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode f : fc.get("features")) {
      out.put(f.path("properties").path("name").asText(), f.get("geometry").toString());
    }
    return out;
  }

  /** Name to geometry, in file order. */
  public static Map<String, Geometry> geometries() throws IOException {
    Map<String, Geometry> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : geojson().entrySet()) {
      out.put(e.getKey(), GeoJson.read(e.getValue()));
    }
    return out;
  }
}
