package org.apache.spark.sql.geostream.postgis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The geometries both engines are fed: hand-written edge cases (every empty type, poles and the
 * antimeridian, invalid polygons, holes, nested collections, Z and M), random geometries from a
 * fixed seed, and real country polygons (Natural Earth). Deterministic: the same list, in the same
 * order, on every run.
 *
 * <p>Each entry has a stable integer id (its position), a label saying what situation it is, and
 * whether it belongs to the sample used for pairs of the binary functions.
 */
final class Corpus {
  /** One geometry of the corpus. */
  record Entry(int id, String label, Geometry geometry, boolean inPairSample) {}

  /** One ordered pair for the binary functions: ids into the corpus. */
  record Pair(int id, int a, int b, boolean mixedSrid) {}

  static final long SEED = 20240611L;

  /** The countries taken from the Natural Earth file, when present (Russia is invalid at 1:50m). */
  static final List<String> COUNTRIES = List.of(
      "Russia", "Finland", "Estonia", "Latvia", "Lithuania", "Belarus", "Ukraine", "Kazakhstan", "Mongolia", "China",
      "Italy", "Vatican", "San Marino", "South Africa", "Lesotho", "France", "Monaco", "Switzerland", "Liechtenstein",
      "Austria", "Germany", "Luxembourg", "Belgium", "Netherlands", "Poland", "Spain", "Portugal", "Andorra",
      "United Kingdom", "Ireland", "Norway", "Sweden", "Denmark", "Fiji", "New Zealand", "Japan", "Chile", "Singapore",
      "Antarctica", "Indonesia");

  /** Countries also put into the pair sample: neighbours, enclaves and a country with holes. */
  static final Set<String> COUNTRIES_IN_PAIRS = Set.of(
      "Russia", "Finland", "Estonia", "Latvia", "Belarus", "Ukraine", "Mongolia", "China",
      "Italy", "Vatican", "South Africa", "Lesotho", "Fiji");

  private static final GeometryFactory F = new GeometryFactory();

  private final List<Entry> entries = new ArrayList<>();
  private final List<Pair> pairs = new ArrayList<>();
  private final List<Integer> sample = new ArrayList<>();
  private final String countrySource;

  private Corpus(String countrySource) {
    this.countrySource = countrySource;
  }

  List<Entry> entries() {
    return entries;
  }

  List<Pair> pairs() {
    return pairs;
  }

  Entry entry(int id) {
    return entries.get(id);
  }

  /** Where the country polygons came from, for the report. */
  String countrySource() {
    return countrySource;
  }

  /**
   * Builds the corpus. {@code countries} is a GeoJSON FeatureCollection with a {@code name} property
   * per feature. The pair sample (edge cases, random geometries and countries chosen to meet each
   * other) gives all ordered pairs with equal SRIDs, plus {@code mixedSridPairs} pairs whose SRIDs
   * differ.
   */
  static Corpus build(Path countries, int randomPoints, int randomLines, int randomPolygons, int mixedSridPairs)
      throws IOException {
    Corpus c = new Corpus(countries.toString());
    c.edgeCases();
    c.random(new Random(SEED), randomPoints, randomLines, randomPolygons);
    c.countries(countries);
    c.samplePairs(new Random(SEED + 1), mixedSridPairs);
    return c;
  }

  // ---------------------------------------------------------------- edge cases

  private void edgeCases() {
    String[][] cases = {
        // every empty type, and collections holding empties
        {"empty point", "POINT EMPTY", "p"},
        {"empty line", "LINESTRING EMPTY", ""},
        {"empty polygon", "POLYGON EMPTY", "p"},
        {"empty multipoint", "MULTIPOINT EMPTY", ""},
        {"empty multiline", "MULTILINESTRING EMPTY", ""},
        {"empty multipolygon", "MULTIPOLYGON EMPTY", ""},
        {"empty collection", "GEOMETRYCOLLECTION EMPTY", "p"},
        {"collection of empties", "GEOMETRYCOLLECTION(POINT EMPTY,LINESTRING EMPTY)", ""},
        {"collection with an empty member", "GEOMETRYCOLLECTION(POINT EMPTY,LINESTRING(0 0,1 1))", ""},
        // points: origin, poles, antimeridian
        {"origin", "POINT(0 0)", "p"},
        {"north pole", "POINT(0 90)", "p"},
        {"south pole", "POINT(0 -90)", ""},
        {"pole at the antimeridian", "POINT(180 90)", ""},
        {"antimeridian east", "POINT(180 0)", "p"},
        {"antimeridian west", "POINT(-180 0)", ""},
        {"just east of the antimeridian", "POINT(179.9999 -16.5)", ""},
        {"just west of the antimeridian", "POINT(-179.9999 -16.5)", ""},
        {"point in the square", "POINT(1 1)", ""},
        {"point on the square's edge", "POINT(2 1)", "p"},
        {"point on the square's corner", "POINT(0 4)", ""},
        {"point with many digits", "POINT(1.2345678901234567 -0.000000123456789)", ""},
        // lines
        {"line", "LINESTRING(0 0,1 1)", "p"},
        {"line crossing the square", "LINESTRING(-1 2,5 2)", "p"},
        {"line along the square's edge", "LINESTRING(0 0,4 0)", ""},
        {"closed line", "LINESTRING(0 0,1 0,1 1,0 0)", "p"},
        {"self-crossing line", "LINESTRING(0 0,2 2,0 2,2 0)", "p"},
        {"line with a repeated vertex", "LINESTRING(0 0,1 1,1 1,2 0)", ""},
        {"degenerate line (one position twice)", "LINESTRING(1 1,1 1)", "p"},
        {"line crossing the antimeridian", "LINESTRING(179 -10,-179 -11)", ""},
        {"meridian to the pole", "LINESTRING(10 0,10 90)", ""},
        {"long equator line", "LINESTRING(-170 0,0 0,170 0)", ""},
        // polygons
        {"square", "POLYGON((0 0,4 0,4 4,0 4,0 0))", "p"},
        {"clockwise square", "POLYGON((0 0,0 4,4 4,4 0,0 0))", ""},
        {"square with a hole", "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))", "p"},
        {"square with two holes", "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,1 2,2 2,2 1,1 1),(5 5,5 8,8 8,8 5,5 5))", ""},
        {"hole touching the shell", "POLYGON((0 0,6 0,6 6,0 6,0 0),(0 3,3 1,3 5,0 3))", ""},
        {"bowtie (self-intersecting)", "POLYGON((0 0,2 2,0 2,2 0,0 0))", "p"},
        {"hole outside the shell (invalid)", "POLYGON((0 0,2 0,2 2,0 2,0 0),(5 5,5 6,6 6,6 5,5 5))", ""},
        {"zero-area polygon", "POLYGON((0 0,1 1,2 2,0 0))", ""},
        {"polygon with a spike", "POLYGON((0 0,4 0,4 2,6 2,4 2,4 4,0 4,0 0))", ""},
        {"triangle", "POLYGON((1 1,3 1,2 3,1 1))", ""},
        {"polygon over the pole", "POLYGON((-180 80,-90 80,0 80,90 80,180 80,180 90,-180 90,-180 80))", ""},
        {"polygon crossing the antimeridian (wraps the wrong way)", "POLYGON((170 -20,-170 -20,-170 -10,170 -10,170 -20))", ""},
        {"thin sliver", "POLYGON((0 0,10 0,10 0.0000001,0 0))", ""},
        // multi-geometries
        {"multipoint", "MULTIPOINT((0 0),(1 1),(3 2))", "p"},
        {"multipoint with duplicates", "MULTIPOINT((1 1),(1 1),(2 2))", ""},
        {"multiline", "MULTILINESTRING((0 0,1 1),(2 2,3 1))", ""},
        {"multiline sharing an end", "MULTILINESTRING((0 0,1 1),(1 1,2 0))", ""},
        {"closed multiline", "MULTILINESTRING((0 0,1 0,1 1,0 0),(3 3,4 3,4 4,3 3))", ""},
        {"multipolygon", "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((2 2,3 2,3 3,2 3,2 2)))", "p"},
        {"touching multipolygon", "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((1 1,2 1,2 2,1 2,1 1)))", ""},
        {"overlapping multipolygon (invalid)", "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))", "p"},
        // collections
        {"mixed collection", "GEOMETRYCOLLECTION(POINT(5 5),LINESTRING(0 0,1 1),POLYGON((2 0,3 0,3 1,2 0)))", "p"},
        {"nested collection", "GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(1 1,2 2)),MULTIPOINT((3 3),(4 4)))", "p"},
        {"collection of overlapping polygons", "GEOMETRYCOLLECTION(POLYGON((0 0,2 0,2 2,0 0)),POLYGON((1 0,3 0,3 2,1 0)))", ""},
        // Z, M and ZM
        {"point Z", "POINT Z (1 2 3)", "p"},
        {"line Z", "LINESTRING Z (0 0 0,1 1 5,2 0 10)", ""},
        {"polygon Z", "POLYGON Z ((0 0 1,4 0 2,4 4 3,0 4 4,0 0 1))", ""},
        {"multipoint Z", "MULTIPOINT Z ((0 0 1),(1 1 2))", ""},
        {"collection Z", "GEOMETRYCOLLECTION Z (POINT Z (1 1 1),LINESTRING Z (0 0 0,2 2 2))", ""},
        {"point M", "POINT M (1 2 3)", "p"},
        {"line M", "LINESTRING M (0 0 1,1 1 2)", ""},
        {"point ZM", "POINT ZM (1 2 3 4)", ""},
        // SRIDs
        {"point SRID 4326", "SRID=4326;POINT(-76.5 38.5)", "p"},
        {"polygon SRID 4326", "SRID=4326;POLYGON((-77 38,-76 38,-76 39,-77 39,-77 38))", "p"},
        {"line SRID 4326", "SRID=4326;LINESTRING(-77 38.2,-76 38.7)", ""},
        {"point SRID 3857", "SRID=3857;POINT(-8515941 4650302)", "p"},
    };
    WKTReader reader = new WKTReader(F);
    reader.setIsOldJtsCoordinateSyntaxAllowed(false);
    reader.setIsOldJtsMultiPointSyntaxAllowed(true);
    for (String[] c : cases) {
      add(c[0], parse(reader, c[1]), c[2].equals("p"));
    }
  }

  private static Geometry parse(WKTReader reader, String ewkt) {
    int srid = 0;
    String wkt = ewkt;
    if (ewkt.startsWith("SRID=")) {
      int semi = ewkt.indexOf(';');
      srid = Integer.parseInt(ewkt.substring(5, semi));
      wkt = ewkt.substring(semi + 1);
    }
    try {
      Geometry g = reader.read(wkt);
      g.setSRID(srid);
      return g;
    } catch (ParseException e) {
      throw new IllegalStateException("Cannot parse corpus WKT: " + ewkt, e);
    }
  }

  // ---------------------------------------------------------------- random geometries

  /**
   * Random points, lines and polygons; half near the edge cases (a 12 x 12 box at the origin, so
   * they meet them) and half anywhere on the globe. Polygons are star-shaped around a centre, hence
   * valid; coordinates have full double precision.
   */
  private void random(Random r, int points, int lines, int polygons) {
    for (int i = 0; i < points; i++) {
      boolean local = i % 2 == 0;
      add("random point " + i, F.createPoint(randomPosition(r, local)), i < 16 && local);
    }
    for (int i = 0; i < lines; i++) {
      boolean local = i % 2 == 0;
      Coordinate start = randomPosition(r, local);
      int n = 2 + r.nextInt(7);
      Coordinate[] cs = new Coordinate[n];
      cs[0] = start;
      double step = local ? 2 : 8;
      for (int k = 1; k < n; k++) {
        cs[k] = new Coordinate(clamp(cs[k - 1].x + (r.nextDouble() - 0.5) * 2 * step, 180),
            clamp(cs[k - 1].y + (r.nextDouble() - 0.5) * 2 * step, 90));
      }
      add("random line " + i, F.createLineString(cs), i < 10 && local || i == 1);
    }
    for (int i = 0; i < polygons; i++) {
      boolean local = i % 2 == 0;
      Coordinate centre = randomPosition(r, local);
      centre = new Coordinate(clamp(centre.x, 170), clamp(centre.y, 80));
      double radius = local ? 0.5 + r.nextDouble() * 3 : 1 + r.nextDouble() * 8;
      int n = 3 + r.nextInt(12);
      Coordinate[] ring = new Coordinate[n + 1];
      for (int k = 0; k < n; k++) {
        double angle = 2 * Math.PI * (k + r.nextDouble() * 0.8) / n;
        double rr = radius * (0.3 + r.nextDouble() * 0.7);
        ring[k] = new Coordinate(centre.x + rr * Math.cos(angle), centre.y + rr * Math.sin(angle));
      }
      ring[n] = ring[0].copy();
      Polygon p = F.createPolygon(ring);
      if (i % 5 == 4) {
        // every fifth polygon gets a hole: the ring shrunk towards the centre
        Coordinate[] hole = new Coordinate[n + 1];
        for (int k = 0; k <= n; k++) {
          hole[n - k] = new Coordinate(centre.x + (ring[k].x - centre.x) * 0.2, centre.y + (ring[k].y - centre.y) * 0.2);
        }
        p = F.createPolygon(F.createLinearRing(ring), new LinearRing[] {F.createLinearRing(hole)});
      }
      add("random polygon " + i, p, i < 8 || i == 9 || i == 14);
    }
    for (int i = 0; i < 6; i++) {
      Coordinate[] cs = new Coordinate[2 + r.nextInt(5)];
      for (int k = 0; k < cs.length; k++) {
        cs[k] = randomPosition(r, true);
      }
      add("random multipoint " + i, F.createMultiPointFromCoords(cs), i < 2);
    }
  }

  private static Coordinate randomPosition(Random r, boolean local) {
    if (local) {
      return new Coordinate(-1 + r.nextDouble() * 12, -1 + r.nextDouble() * 12);
    }
    return new Coordinate(-180 + r.nextDouble() * 360, -90 + r.nextDouble() * 180);
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  // ---------------------------------------------------------------- countries

  private void countries(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode f : root.get("features")) {
      byName.put(f.get("properties").get("name").asText(), f.get("geometry"));
    }
    for (String name : COUNTRIES) {
      JsonNode g = byName.get(name);
      if (g == null) {
        continue;
      }
      add("country " + name, geoJson(g), COUNTRIES_IN_PAIRS.contains(name));
    }
  }

  private static Geometry geoJson(JsonNode g) {
    String type = g.get("type").asText();
    JsonNode cs = g.get("coordinates");
    return switch (type) {
      case "Polygon" -> polygon(cs);
      case "MultiPolygon" -> {
        Polygon[] ps = new Polygon[cs.size()];
        for (int i = 0; i < ps.length; i++) {
          ps[i] = polygon(cs.get(i));
        }
        yield F.createMultiPolygon(ps);
      }
      default -> throw new IllegalStateException("Cannot read country geometry: unexpected type: " + type);
    };
  }

  private static Polygon polygon(JsonNode rings) {
    LinearRing shell = ring(rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i));
    }
    return F.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode positions) {
    Coordinate[] cs = new Coordinate[positions.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = new Coordinate(positions.get(i).get(0).asDouble(), positions.get(i).get(1).asDouble());
    }
    return F.createLinearRing(cs);
  }

  // ---------------------------------------------------------------- pairs

  private void samplePairs(Random r, int mixed) {
    for (Entry e : entries) {
      if (e.inPairSample()) {
        sample.add(e.id());
      }
    }
    List<Long> sridMismatch = new ArrayList<>();
    for (int a : sample) {
      for (int b : sample) {
        if (srid(a) == srid(b)) {
          pairs.add(new Pair(pairs.size(), a, b, false));
        } else {
          sridMismatch.add((long) a << 32 | b);
        }
      }
    }
    Set<Long> chosen = new LinkedHashSet<>();
    while (chosen.size() < Math.min(mixed, sridMismatch.size())) {
      chosen.add(sridMismatch.get(r.nextInt(sridMismatch.size())));
    }
    for (long code : chosen) {
      pairs.add(new Pair(pairs.size(), (int) (code >>> 32), (int) code, true));
    }
  }

  private int srid(int id) {
    return entries.get(id).geometry().getSRID();
  }

  private void add(String label, Geometry g, boolean inPairs) {
    entries.add(new Entry(entries.size(), label, g, inPairs));
  }

  /** A one-line summary of the corpus, for the report. */
  String summary() {
    Map<String, Integer> kinds = new java.util.LinkedHashMap<>();
    for (Entry e : entries) {
      String kind = e.label().startsWith("random") ? "random" : e.label().startsWith("country") ? "countries" : "edge cases";
      kinds.merge(kind, 1, Integer::sum);
    }
    long vertices = entries.stream().mapToLong(e -> e.geometry().getNumPoints()).sum();
    long mixed = pairs.stream().filter(Pair::mixedSrid).count();
    return String.format(Locale.ROOT, "%d geometries (%s; %d vertices in all), %d ordered pairs of %d sampled geometries with equal SRIDs, plus %d pairs with different SRIDs",
        entries.size(), kinds.toString().replaceAll("[{}]", "").replace("=", ": "), vertices,
        pairs.size() - mixed, sample.size(), mixed);
  }
}
