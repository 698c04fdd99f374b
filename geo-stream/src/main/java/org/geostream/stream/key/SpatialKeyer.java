package org.geostream.stream.key;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.geostream.core.spi.StoreParams;
import org.geostream.stream.KeySpec;
import org.geostream.types.fn.CellKeys;
import org.geostream.types.io.GeoJson;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.SimpleFeatureSource;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.data.simple.SimpleFeatureIterator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The spatial part of a record's key: its H3 cell (hex address), geohash, square grid cell
 * ({@code <size>:<ix>:<iy>}) or region name, and back from a key to the cell or region polygon.
 * Regions come from a GeoJSON file or a feature store, indexed in an STRtree of prepared polygons
 * (invalid polygons are fine: prepared predicates do not throw); a point in no region gets the
 * key {@link #NO_REGION}, so it is counted, not lost. Serializable (regions travel as WKB in a
 * broadcast closure); the index is built lazily once per JVM copy.
 */
public final class SpatialKeyer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The key of points in no region. */
  public static final String NO_REGION = "(none)";
  private static final GeometryFactory GF = new GeometryFactory();

  private final KeySpec spec;
  private final LinkedHashMap<String, byte[]> regionWkb;
  private transient STRtree index;
  private transient Map<String, Geometry> regions;

  public SpatialKeyer(KeySpec spec) {
    this.spec = spec;
    this.regionWkb = spec.cell().equals("region") ? loadRegions(spec) : null;
  }

  /** The cell or region key of a lon/lat point. */
  public String key(double lon, double lat) {
    return switch (spec.cell()) {
      case "h3" -> CellKeys.h3Address(CellKeys.h3(lon, lat, spec.resolution()));
      case "geohash" -> CellKeys.geohash(lon, lat, spec.resolution());
      case "grid" -> gridKey(lon, lat);
      default -> region(lon, lat);
    };
  }

  /**
   * Whether keys are H3 cells, which {@link #cellId} gives as numbers ({@link #key} of a point is then
   * {@code address(cellId(lon, lat))}): a task aggregates by the number and writes the address once per cell.
   */
  public boolean numeric() {
    return spec.cell().equals("h3");
  }

  /** The H3 cell of a lon/lat point, for {@link #numeric} keys. */
  public long cellId(double lon, double lat) {
    return CellKeys.h3(lon, lat, spec.resolution());
  }

  /** The key of an H3 cell number: its hexadecimal address. */
  public String address(long cellId) {
    return CellKeys.h3Address(cellId);
  }

  private String gridKey(double lon, double lat) {
    long ix = (long) Math.floor((lon + 180) / spec.gridSize());
    long iy = (long) Math.floor((lat + 90) / spec.gridSize());
    return ix + ":" + iy;
  }

  /** The polygon (SRID 4326) of a key: the cell, or the region; null for {@link #NO_REGION}. */
  public Geometry geometry(String key) {
    Geometry g = switch (spec.cell()) {
      case "h3" -> CellKeys.h3Boundary(CellKeys.h3Cell(key));
      case "geohash" -> CellKeys.geohashCell(key);
      case "grid" -> {
        String[] p = key.split(":");
        double s = spec.gridSize();
        double x0 = Long.parseLong(p[0]) * s - 180;
        double y0 = Long.parseLong(p[1]) * s - 90;
        yield GF.toGeometry(new org.locationtech.jts.geom.Envelope(x0, Math.min(180, x0 + s), y0,
            Math.min(90, y0 + s)));
      }
      default -> regions().get(key);
    };
    if (g != null) {
      g.setSRID(4326);
    }
    return g;
  }

  private String region(double lon, double lat) {
    Point p = GF.createPoint(new Coordinate(lon, lat));
    String best = null;
    for (Object o : index().query(p.getEnvelopeInternal())) {
      @SuppressWarnings("unchecked")
      Map.Entry<String, PreparedGeometry> e = (Map.Entry<String, PreparedGeometry>) o;
      if (e.getValue().covers(p) && (best == null || e.getKey().compareTo(best) < 0)) {
        best = e.getKey(); // a point on a shared border goes to the first region by name: deterministic
      }
    }
    return best == null ? NO_REGION : best;
  }

  private synchronized STRtree index() {
    if (index == null) {
      STRtree t = new STRtree();
      for (Map.Entry<String, Geometry> e : regions().entrySet()) {
        t.insert(e.getValue().getEnvelopeInternal(), Map.entry(e.getKey(), PreparedGeometryFactory.prepare(e.getValue())));
      }
      t.build();
      index = t;
    }
    return index;
  }

  private synchronized Map<String, Geometry> regions() {
    if (regions == null) {
      Map<String, Geometry> m = new LinkedHashMap<>();
      org.locationtech.jts.io.WKBReader r = new org.locationtech.jts.io.WKBReader();
      for (Map.Entry<String, byte[]> e : regionWkb.entrySet()) {
        try {
          m.put(e.getKey(), r.read(e.getValue()));
        } catch (org.locationtech.jts.io.ParseException ex) {
          throw new IllegalStateException(ex);
        }
      }
      regions = m;
    }
    return regions;
  }

  /** The regions by name as WKB; several polygons with one name become one multi-geometry. */
  private static LinkedHashMap<String, byte[]> loadRegions(KeySpec spec) {
    Map<String, List<Geometry>> byName = new LinkedHashMap<>();
    if (spec.regions() != null) {
      String text;
      try {
        text = Files.readString(Path.of(spec.regions()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read regions from '" + spec.regions() + "': " + e.getMessage(), e);
      }
      com.fasterxml.jackson.databind.JsonNode root;
      try {
        root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read regions from '" + spec.regions() + "': not JSON ("
            + e.getMessage() + ")", e);
      }
      int i = 0;
      for (com.fasterxml.jackson.databind.JsonNode f : root.path("features")) {
        com.fasterxml.jackson.databind.JsonNode name = f.path("properties").get(spec.regionName());
        if (name == null || name.isNull()) {
          throw new IllegalArgumentException("Cannot read regions from '" + spec.regions() + "': feature " + i
              + " has no property '" + spec.regionName() + "'");
        }
        byName.computeIfAbsent(name.asText(), k -> new ArrayList<>()).add(GeoJson.read(f.get("geometry").toString()));
        i++;
      }
      if (byName.isEmpty()) {
        throw new IllegalArgumentException("Cannot read regions from '" + spec.regions()
            + "': no features (expected a GeoJSON FeatureCollection)");
      }
    } else {
      DataStore store = StoreParams.open(spec.regionStore());
      try {
        SimpleFeatureSource src = store.getFeatureSource(spec.regionType());
        try (SimpleFeatureIterator it = src.getFeatures().features()) {
          while (it.hasNext()) {
            SimpleFeature f = it.next();
            Object name = f.getAttribute(spec.regionName());
            if (name == null) {
              throw new IllegalArgumentException("region feature '" + f.getID() + "' of '" + spec.regionType()
                  + "' has no '" + spec.regionName() + "'");
            }
            byName.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add((Geometry) f.getDefaultGeometry());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read regions '" + spec.regionType() + "' from store "
            + StoreParams.redacted(spec.regionStore()) + ": " + e.getMessage(), e);
      }
    }
    LinkedHashMap<String, byte[]> out = new LinkedHashMap<>();
    org.locationtech.jts.io.WKBWriter w = new org.locationtech.jts.io.WKBWriter(2);
    for (Map.Entry<String, List<Geometry>> e : byName.entrySet()) {
      List<Geometry> gs = e.getValue();
      Geometry g = gs.size() == 1 ? gs.get(0) : GF.buildGeometry(gs);
      out.put(e.getKey(), w.write(g));
    }
    return out;
  }

  /** Words for {@code explain}. */
  public String describe() {
    return switch (spec.cell()) {
      case "h3" -> "H3 resolution " + spec.resolution();
      case "geohash" -> "geohash of " + spec.resolution() + " characters";
      case "grid" -> String.format(Locale.ROOT, "square grid of %s degrees", spec.gridSize());
      default -> regionWkb.size() + " regions by '" + spec.regionName() + "' (STRtree of prepared polygons)";
    };
  }
}
