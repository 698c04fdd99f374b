package org.geostream.stream;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The spatial key of a record, combined with attribute keys.
 *
 * @param cell {@code h3}, {@code geohash}, {@code grid} or {@code region}
 * @param resolution H3 resolution (0..15), geohash characters (1..12), or ignored
 * @param gridSize square grid cell size in degrees
 * @param regions region polygons: a GeoJSON file path, or null with {@code regionStore}
 * @param regionStore feature store parameters holding the regions, with {@code regionType}
 * @param regionType the feature type of the regions in the store
 * @param regionName the attribute (GeoJSON property) naming a region
 * @param attributes attribute fields keyed on too (vehicle type, sensor id)
 */
public record KeySpec(String cell, int resolution, double gridSize, String regions, Map<String, String> regionStore,
    String regionType, String regionName, List<String> attributes) implements Serializable {

  public KeySpec {
    cell = cell == null ? "h3" : cell.toLowerCase(java.util.Locale.ROOT);
    switch (cell) {
      case "h3" -> {
        if (resolution < 0 || resolution > 15) {
          throw new IllegalArgumentException("h3 resolution must be within 0..15, got " + resolution);
        }
      }
      case "geohash" -> {
        if (resolution < 1 || resolution > 12) {
          throw new IllegalArgumentException("geohash precision must be within 1..12 characters, got " + resolution);
        }
      }
      case "grid" -> {
        if (!(gridSize > 0 && gridSize <= 90)) {
          throw new IllegalArgumentException("grid size must be within (0, 90] degrees, got " + gridSize);
        }
      }
      case "region" -> {
        if (regions == null && regionStore == null) {
          throw new IllegalArgumentException("region keys need regions (a GeoJSON file) or a region store");
        }
        if (regionName == null) {
          throw new IllegalArgumentException("region keys need region-name: the attribute naming a region");
        }
      }
      default -> throw new IllegalArgumentException("cell must be h3, geohash, grid or region, got '" + cell + "'");
    }
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    regionStore = regionStore == null ? null : Map.copyOf(regionStore);
  }

  public static KeySpec h3(int resolution, String... attributes) {
    return new KeySpec("h3", resolution, 0, null, null, null, null, List.of(attributes));
  }

  public static KeySpec geohash(int chars, String... attributes) {
    return new KeySpec("geohash", chars, 0, null, null, null, null, List.of(attributes));
  }

  public static KeySpec grid(double degrees, String... attributes) {
    return new KeySpec("grid", 0, degrees, null, null, null, null, List.of(attributes));
  }

  public static KeySpec regions(String geojsonFile, String nameProperty, String... attributes) {
    return new KeySpec("region", 0, 0, geojsonFile, null, null, nameProperty, List.of(attributes));
  }
}
