package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.DataStoreFinder;
import org.geotools.api.data.FeatureReader;
import org.geotools.api.data.Query;
import org.geotools.api.data.SimpleFeatureStore;
import org.geotools.api.data.Transaction;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geotools.data.DataUtilities;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.filter.text.ecql.ECQL;
import org.geotools.util.factory.Hints;
import org.geostream.core.schema.FeatureTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTReader;

/** The fs store through the GeoTools API, on real files in a temporary directory. */
class FsDataStoreTest {
  static final GeometryFactory GF = new GeometryFactory();
  static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
  static final String POINTS_SPEC = "name:String,speed:Double,count:Integer,dtg:Date,*geom:Point:srid=4326";

  @TempDir
  static Path dir;
  static DataStore store;
  static List<SimpleFeature> points;

  @BeforeAll
  static void setUp() throws Exception {
    store = open(dir.resolve("main"), Map.of("fs.partition-scheme", "daily,z2-4bit", "fs.row-group-rows", "200"));
    SimpleFeatureType type = FeatureTypes.parseSpec("points", POINTS_SPEC);
    store.createSchema(type);
    points = randomPoints(store.getSchema("points"), 5000, new Random(7));
    write(store, "points", points);
  }

  static DataStore open(Path path, Map<String, String> extra) throws IOException {
    Map<String, Object> params = new HashMap<>(extra);
    params.put("fs.path", path.toString());
    DataStore s = DataStoreFinder.getDataStore(params);
    assertThat(s).isInstanceOf(FsDataStore.class);
    return s;
  }

  static List<SimpleFeature> randomPoints(SimpleFeatureType type, int n, Random r) {
    List<SimpleFeature> out = new ArrayList<>();
    String[] names = {"bus", "tram", "taxi", "bike", null};
    for (int i = 0; i < n; i++) {
      Point p = GF.createPoint(new Coordinate(-20 + r.nextDouble() * 60, 30 + r.nextDouble() * 30));
      Object[] v = {names[r.nextInt(names.length)], r.nextInt(10) == 0 ? null : r.nextDouble() * 100,
          r.nextInt(1000), r.nextInt(20) == 0 ? null : new Date(T0 + (long) (r.nextDouble() * 3 * 86_400_000L)),
          r.nextInt(50) == 0 ? null : p};
      out.add(SimpleFeatureBuilder.build(type, v, "p" + i));
    }
    return out;
  }

  static void write(DataStore s, String type, List<SimpleFeature> features) throws IOException {
    SimpleFeatureStore fstore = (SimpleFeatureStore) s.getFeatureSource(type);
    for (SimpleFeature f : features) {
      f.getUserData().put(Hints.USE_PROVIDED_FID, Boolean.TRUE);
    }
    fstore.addFeatures(DataUtilities.collection(features));
  }

  static Map<String, SimpleFeature> read(DataStore s, Query q) throws IOException {
    Map<String, SimpleFeature> out = new TreeMap<>();
    try (FeatureReader<SimpleFeatureType, SimpleFeature> r = s.getFeatureReader(q, Transaction.AUTO_COMMIT)) {
      while (r.hasNext()) {
        SimpleFeature f = r.next();
        assertThat(out.put(f.getID(), f)).as("duplicate id %s", f.getID()).isNull();
      }
    }
    return out;
  }

  @Test
  void readsBackEverythingWithIdsAndValues() throws Exception {
    Map<String, SimpleFeature> all = read(store, new Query("points"));
    assertThat(all).hasSize(points.size());
    for (SimpleFeature f : points) {
      SimpleFeature g = all.get(f.getID());
      assertThat(g.getAttributes()).as(f.getID()).isEqualTo(f.getAttributes());
    }
    assertThat(store.getFeatureSource("points").getCount(Query.ALL)).isEqualTo(points.size());
    assertThat(store.getFeatureSource("points").getBounds().getMinX()).isGreaterThanOrEqualTo(-20);
    assertThat(store.getTypeNames()).containsExactly("points");
  }

  @Test
  void everyFilterAgreesWithEvaluatingItOnTheOriginals() throws Exception {
    Random r = new Random(11);
    List<String> filters = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      filters.add(randomFilter(r));
    }
    filters.add("IN ('p1', 'p77', 'p4999', 'nope')");
    filters.add("geom IS NULL");
    filters.add("dtg IS NULL OR speed IS NULL");
    filters.add("NOT BBOX(geom, 0, 40, 10, 50)");
    filters.add("DISJOINT(geom, POLYGON((0 40, 10 40, 10 50, 0 50, 0 40)))");
    filters.add("dtg DURING 2023-11-15T00:00:00Z/2023-11-15T01:00:00Z");
    filters.add("dtg AFTER 2023-11-16T12:00:00Z AND BBOX(geom, -20, 30, 0, 45)");
    filters.add("name LIKE 'ta%' AND speed BETWEEN 10 AND 20");
    filters.add("EXCLUDE");
    for (String ecql : filters) {
      Filter f = ECQL.toFilter(ecql);
      Set<String> expected = points.stream().filter(f::evaluate).map(SimpleFeature::getID).collect(Collectors.toSet());
      assertThat(read(store, new Query("points", f)).keySet()).as(ecql).isEqualTo(expected);
    }
  }

  static String randomFilter(Random r) {
    double x = -25 + r.nextDouble() * 60;
    double y = 25 + r.nextDouble() * 35;
    double w = r.nextDouble() * 20;
    double h = r.nextDouble() * 15;
    String bbox = String.format(java.util.Locale.ROOT, "BBOX(geom, %.4f, %.4f, %.4f, %.4f)", x, y, x + w, y + h);
    String poly = String.format(java.util.Locale.ROOT, "INTERSECTS(geom, POLYGON((%1$.3f %2$.3f, %3$.3f %2$.3f, "
        + "%1$.3f %4$.3f, %1$.3f %2$.3f)))", x, y, x + w, y + h);
    long t = T0 + (long) (r.nextDouble() * 3 * 86_400_000L);
    String time = String.format("dtg BETWEEN '%s' AND '%s'", java.time.Instant.ofEpochMilli(t),
        java.time.Instant.ofEpochMilli(t + (long) (r.nextDouble() * 36_000_000L)));
    String attr = r.nextBoolean() ? "speed > " + r.nextInt(100) : "name = 'bus'";
    String dwithin = String.format(java.util.Locale.ROOT, "DWITHIN(geom, POINT(%.3f %.3f), %.2f, meters)", x, y,
        r.nextDouble() * 5);
    String[] parts = {bbox, poly, time, attr, dwithin};
    String a = parts[r.nextInt(parts.length)];
    String b = parts[r.nextInt(parts.length)];
    return switch (r.nextInt(4)) {
      case 0 -> a;
      case 1 -> a + " AND " + b;
      case 2 -> a + " OR " + b;
      default -> "(" + a + " OR " + b + ") AND " + parts[r.nextInt(parts.length)];
    };
  }

  @Test
  void boundariesOfBoxesAndPeriodsAgreeWithGeoTools() throws Exception {
    DataStore s = open(dir.resolve("edges"), Map.of());
    s.createSchema(FeatureTypes.parseSpec("e", POINTS_SPEC));
    SimpleFeatureType t = s.getSchema("e");
    List<SimpleFeature> fs = new ArrayList<>();
    long hour = 3_600_000L;
    double[][] xy = {{0, 0}, {10, 0}, {10, 10}, {5, 10}, {0, 5}, {10.000001, 5}, {5, 5}};
    long[] times = {T0, T0 + hour, T0 + 2 * hour, T0 + hour + 1, T0 + 2 * hour - 1, T0 + hour - 1, T0 + 90 * 60_000L};
    for (int i = 0; i < xy.length; i++) {
      fs.add(SimpleFeatureBuilder.build(t, new Object[] {"e", 1.0, i, new Date(times[i]),
          GF.createPoint(new Coordinate(xy[i][0], xy[i][1]))}, "e" + i));
    }
    fs.add(SimpleFeatureBuilder.build(t, new Object[] {"poly", 1.0, 9, new Timestamp(T0 + hour),
        new WKTReader().read("POLYGON ((10 10, 12 10, 12 12, 10 10))")}, "poly"));
    write(s, "e", fs);
    String period = java.time.Instant.ofEpochMilli(T0 + hour) + "/" + java.time.Instant.ofEpochMilli(T0 + 2 * hour);
    for (String ecql : List.of("BBOX(geom, 0, 0, 10, 10)", "dtg DURING " + period,
        "BBOX(geom, 0, 0, 10, 10) AND dtg DURING " + period, "BBOX(geom, 5, 5, 5, 5) OR dtg DURING " + period,
        "BBOX(geom, 0, 0, 1000000, 1000000, 'EPSG:3857')")) {
      Filter f = ECQL.toFilter(ecql);
      Set<String> expected = fs.stream().filter(f::evaluate).map(SimpleFeature::getID).collect(Collectors.toSet());
      assertThat(read(s, new Query("e", f)).keySet()).as(ecql).isEqualTo(expected);
    }
  }

  @Test
  void projectionAndLimit() throws Exception {
    Query q = new Query("points", ECQL.toFilter("speed > 50"), "name");
    Map<String, SimpleFeature> got = read(store, q);
    assertThat(got.values()).allSatisfy(f -> assertThat(f.getFeatureType().getAttributeCount()).isEqualTo(1));
    long expected = points.stream().filter(f -> f.getAttribute("speed") != null
        && (Double) f.getAttribute("speed") > 50).count();
    assertThat(got).hasSize((int) expected);
    Query limited = new Query("points", Filter.INCLUDE);
    limited.setMaxFeatures(17);
    assertThat(read(store, limited)).hasSize(17);
  }

  @Test
  void pruningReadsOnlyMatchingFilesAndRowGroups() throws Exception {
    FsDataStore fs = (FsDataStore) store;
    Query q = new Query("points", ECQL.toFilter(
        "BBOX(geom, 0, 40, 5, 45) AND dtg DURING 2023-11-15T06:00:00Z/2023-11-15T07:00:00Z"));
    ScanStats s = fs.explain(q);
    assertThat(s.totalRows()).isEqualTo(points.size());
    assertThat(s.files()).isLessThan(s.totalFiles() / 5);
    assertThat(s.rowsScanned()).isLessThanOrEqualTo(s.rowsInRowGroups()).isLessThan(s.totalRows() / 20);
    assertThat(read(store, q)).isNotEmpty();
    // Times written as strings (as SQL pushdown writes them) prune as well.
    ScanStats strings = fs.explain(new Query("points", ECQL.toFilter(
        "dtg BETWEEN '2023-11-15T06:00:00Z' AND '2023-11-15T07:00:00Z'")));
    assertThat(strings.files()).isLessThan(strings.totalFiles() / 2);
    assertThat(strings.rowsScanned()).isLessThan(strings.totalRows() / 10);
  }

  @Test
  void filesAreGeoParquet() throws Exception {
    Path typeDir = dir.resolve("main/points");
    List<Path> files;
    try (var walk = Files.walk(typeDir)) {
      files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    assertThat(files.get(0).getParent().getParent().getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}");
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(files.get(0).toUri()), new Configuration()))) {
      Map<String, String> kv = r.getFooter().getFileMetaData().getKeyValueMetaData();
      JsonNode geo = new ObjectMapper().readTree(kv.get("geo"));
      assertThat(geo.get("version").asText()).isEqualTo("1.1.0");
      assertThat(geo.get("primary_column").asText()).isEqualTo("geom");
      JsonNode col = geo.get("columns").get("geom");
      assertThat(col.get("encoding").asText()).isEqualTo("WKB");
      assertThat(col.get("geometry_types").get(0).asText()).isEqualTo("Point");
      assertThat(col.get("bbox")).hasSize(4);
      assertThat(col.get("covering").get("bbox").get("xmin").get(0).asText()).isEqualTo("bbox");
      assertThat(col.has("crs")).as("EPSG:4326 is the GeoParquet default, so no crs").isFalse();
      assertThat(r.getFooter().getFileMetaData().getSchema().getType("bbox").asGroupType().getFieldCount())
          .isEqualTo(4);
      assertThat(kv.get("geostream.featureType")).contains("points");
    }
  }

  @Test
  void everyAttributeTypeRoundTrips() throws Exception {
    DataStore s = open(dir.resolve("types"), Map.of());
    SimpleFeatureType t = FeatureTypes.parseSpec("all", "s:String,i:Integer,l:Long,f:Float,d:Double,b:Boolean,"
        + "dt:Date,ts:Timestamp,u:UUID,bytes:Bytes,tags:List[String],nums:List[Integer],"
        + "props:Map[String,Double],line:LineString:srid=3857,poly:Polygon,mp:MultiPolygon,gc:GeometryCollection,"
        + "*g:Geometry:srid=4326");
    s.createSchema(t);
    SimpleFeatureType stored = s.getSchema("all");
    assertThat(FeatureTypes.encode(stored)).isEqualTo(FeatureTypes.encode(t));
    WKTReader wkt = new WKTReader();
    Timestamp ts = new Timestamp(T0);
    ts.setNanos(123_456_000);
    Map<String, Double> props = new LinkedHashMap<>();
    props.put("a", 1.5);
    props.put("b", null);
    Object[] full = {"héllo", 42, 1L << 40, 1.25f, Math.PI, true, new Date(T0), ts, UUID.randomUUID(),
        new byte[] {1, 2, 3}, List.of("x", "y"), java.util.Arrays.asList(1, null, 3), props,
        wkt.read("LINESTRING (0 0, 1 1)"), wkt.read("POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))"),
        wkt.read("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"),
        wkt.read("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"), wkt.read("POINT Z (1 2 3)")};
    Object[] empty = new Object[full.length];
    empty[10] = List.of();
    empty[12] = Map.of();
    List<SimpleFeature> fs = List.of(SimpleFeatureBuilder.build(stored, full, "full"),
        SimpleFeatureBuilder.build(stored, empty, "empty"));
    write(s, "all", fs);
    Map<String, SimpleFeature> back = read(s, new Query("all"));
    for (SimpleFeature f : fs) {
      SimpleFeature g = back.get(f.getID());
      for (int i = 0; i < full.length; i++) {
        Object want = f.getAttribute(i);
        Object got = g.getAttribute(i);
        if (want instanceof byte[] bytes) {
          assertThat((byte[]) got).isEqualTo(bytes);
        } else if (want instanceof Geometry geom) {
          assertThat(((Geometry) got).equalsExact(geom)).as(stored.getDescriptor(i).getLocalName()).isTrue();
          assertThat(((Geometry) got).getCoordinate().getZ()).isEqualTo(geom.getCoordinate().getZ(),
              org.assertj.core.data.Offset.offset(0.0));
        } else {
          assertThat(got).as(stored.getDescriptor(i).getLocalName()).isEqualTo(want);
        }
      }
    }
    assertThat(((Timestamp) back.get("full").getAttribute("ts")).getNanos()).isEqualTo(123_456_000);
  }

  @Test
  void updatesAndDeletesAreAtomicCopyOnWrite() throws Exception {
    DataStore s = open(dir.resolve("updates"), Map.of("fs.retention-seconds", "0"));
    s.createSchema(FeatureTypes.parseSpec("u", POINTS_SPEC));
    List<SimpleFeature> fs = randomPoints(s.getSchema("u"), 1000, new Random(3));
    write(s, "u", fs);
    SimpleFeatureStore fstore = (SimpleFeatureStore) s.getFeatureSource("u");
    fstore.modifyFeatures("name", "updated", ECQL.toFilter("IN ('p1', 'p2', 'p500')"));
    fstore.removeFeatures(ECQL.toFilter("speed < 10"));
    Map<String, SimpleFeature> back = read(s, new Query("u"));
    long removed = fs.stream().filter(f -> f.getAttribute("speed") != null && (Double) f.getAttribute("speed") < 10)
        .count();
    assertThat(back).hasSize((int) (fs.size() - removed));
    for (String id : List.of("p1", "p2", "p500")) {
      if (back.containsKey(id)) {
        assertThat(back.get(id).getAttribute("name")).isEqualTo("updated");
      }
    }
    assertThat(back.values().stream().filter(f -> "updated".equals(f.getAttribute("name")))
        .map(SimpleFeature::getID)).isSubsetOf("p1", "p2", "p500");
    // An update moving a feature in time lands it in the right partition and keeps the others.
    fstore.modifyFeatures("dtg", new Date(T0 + 10 * 86_400_000L), ECQL.toFilter("IN ('p3')"));
    Map<String, SimpleFeature> after = read(s, new Query("u", ECQL.toFilter("dtg AFTER 2023-11-20T00:00:00Z")));
    assertThat(after.keySet()).containsExactly("p3");
    assertThat(read(s, new Query("u"))).hasSize(back.size());
    // Replaced files are vacuumed (retention 0): only live files remain on disk.
    FsType t = ((FsDataStore) s).fsType("u");
    long onDisk;
    try (var walk = Files.walk(dir.resolve("updates/u"))) {
      onDisk = walk.filter(p -> p.toString().endsWith(".parquet")).count();
    }
    assertThat(onDisk).isEqualTo(t.log().snapshot().files().size());
  }

  @Test
  void schemasAreCreatedListedAndRemoved() throws Exception {
    DataStore s = open(dir.resolve("schemas"), Map.of());
    s.createSchema(FeatureTypes.parseSpec("a", POINTS_SPEC));
    s.createSchema(FeatureTypes.parseSpec("b", "name:String"));
    write(s, "a", randomPoints(s.getSchema("a"), 10, new Random(9)));
    assertThat(s.getTypeNames()).containsExactlyInAnyOrder("a", "b");
    // Another store object on the same directory sees them too.
    assertThat(open(dir.resolve("schemas"), Map.of()).getTypeNames()).containsExactlyInAnyOrder("a", "b");
    s.removeSchema("a");
    assertThat(s.getTypeNames()).containsExactly("b");
    assertThat(Files.exists(dir.resolve("schemas/a"))).isFalse();
    assertThatThrownBy(() -> s.removeSchema("a")).hasMessageContaining("no such type");
    assertThatThrownBy(() -> s.createSchema(FeatureTypes.parseSpec("_x", "name:String")))
        .hasMessageContaining("must not be empty, start with '_'");
    assertThatThrownBy(() -> s.createSchema(FeatureTypes.parseSpec("c", "amount:java.math.BigDecimal")))
        .hasMessageContaining("'amount'").hasMessageContaining("not supported");
  }

  @Test
  void uncommittedFilesAreNeverReadAndVacuumRemovesThem() throws Exception {
    FsDataStore s = (FsDataStore) open(dir.resolve("orphans"), Map.of());
    s.createSchema(FeatureTypes.parseSpec("o", POINTS_SPEC));
    List<SimpleFeature> fs = randomPoints(s.getSchema("o"), 300, new Random(5));
    write(s, "o", fs.subList(0, 100));
    // A task that wrote its files and died before the commit.
    var w = s.taskWriter("o", 0, 1);
    for (SimpleFeature f : fs.subList(100, 300)) {
      w.write(f);
    }
    w.finish();
    assertThat(read(s, new Query("o"))).hasSize(100);
    assertThat(s.vacuum("o", 0)).isGreaterThan(0);
    assertThat(read(s, new Query("o"))).hasSize(100);
  }

  @Test
  void concurrentReadersSeeWholeCommitsOnly() throws Exception {
    DataStore s = open(dir.resolve("concurrent"), Map.of());
    s.createSchema(FeatureTypes.parseSpec("c", POINTS_SPEC));
    SimpleFeatureType type = s.getSchema("c");
    int batches = 15;
    int size = 200;
    Thread writer = new Thread(() -> {
      try {
        for (int b = 0; b < batches; b++) {
          List<SimpleFeature> batch = randomPoints(type, size, new Random(b));
          List<SimpleFeature> renamed = new ArrayList<>();
          for (SimpleFeature f : batch) {
            renamed.add(SimpleFeatureBuilder.build(type, f.getAttributes(), "b" + b + "-" + f.getID()));
          }
          write(s, "c", renamed);
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    List<Integer> seen = new ArrayList<>();
    DataStore reader = open(dir.resolve("concurrent"), Map.of());
    while (writer.isAlive()) {
      seen.add(read(reader, new Query("c")).size());
    }
    writer.join();
    seen.add(read(reader, new Query("c")).size());
    assertThat(seen).allSatisfy(n -> assertThat(n % size).isZero());
    assertThat(seen).isSorted();
    assertThat(seen.get(seen.size() - 1)).isEqualTo(batches * size);
  }

  @Test
  void clearErrors() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> DataStoreFinder.getDataStore(Map.of("fs.path", file.resolve("sub").toString())))
        .hasMessageContaining("Cannot open fs store").hasMessageContaining("a-file");
    assertThatThrownBy(() -> DataStoreFinder.getDataStore(Map.of("fs.path", dir.toString(), "fs.compression", "lz5")))
        .hasMessageContaining("fs.compression").hasMessageContaining("lz5");
    assertThatThrownBy(() -> DataStoreFinder.getDataStore(Map.of("fs.path", dir.toString(),
        "fs.partition-scheme", "weekly"))).hasMessageContaining("unknown part 'weekly'");
    assertThatThrownBy(() -> store.getSchema("nope")).hasMessageContaining("nope");
    assertThatThrownBy(() -> ((FsDataStore) store).fsType("nope")).hasMessageContaining("nope")
        .hasMessageContaining("points");
    assertThatThrownBy(() -> store.createSchema(FeatureTypes.parseSpec("points", POINTS_SPEC)))
        .hasMessageContaining("exists already");
    // A feature whose attribute has the wrong type names the feature and the attribute.
    SimpleFeatureType other = FeatureTypes.parseSpec("points", "name:Integer,*geom:Point:srid=4326");
    SimpleFeature bad = SimpleFeatureBuilder.build(other, new Object[] {5, GF.createPoint(new Coordinate(1, 1))},
        "bad-1");
    var w = ((FsDataStore) store).taskWriter("points", 0, 0);
    assertThatThrownBy(() -> w.write(bad)).hasMessageContaining("bad-1").hasMessageContaining("'name'");
    // A corrupt data file is named when read.
    DataStore s = open(dir.resolve("corrupt"), Map.of());
    s.createSchema(FeatureTypes.parseSpec("k", POINTS_SPEC));
    write(s, "k", randomPoints(s.getSchema("k"), 50, new Random(1)));
    Path victim;
    try (var walk = Files.walk(dir.resolve("corrupt/k"))) {
      victim = walk.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.write(victim, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> read(s, new Query("k"))).hasMessageContaining(victim.getFileName().toString())
        .hasMessageContaining("corrupt");
  }
}
