package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.geotools.api.data.DataStore;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geostream.core.schema.FeatureTypes;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The files the fs store writes, read by other tools as they are: pyarrow, GeoPandas (with its
 * bbox-covering filter), DuckDB and Apache Sedona (PyPI package and its jar from Maven Central), in
 * the test virtualenv ({@code tools/python-env.sh}).
 * Java writes a store and a JSON of what it wrote; {@code src/test/python} checks the files against it.
 */
class GeoParquetInteropIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

  @Test
  void pythonToolsReadTheStoreFilesAsTheyAre() throws Exception {
    Path dir = Path.of(System.getProperty("user.dir"), "target", "interop-store");
    deleteTree(dir);
    DataStore store = FsDataStoreTest.open(dir, Map.of("fs.partition-scheme", "daily,z2-4bit",
        "fs.row-group-rows", "100"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode expected = json.createObjectNode();
    write(store, expected, "vehicles", "kind:String,speed:Double,seats:Integer,odometer:Long,electric:Boolean,"
        + "dtg:Date,serial:UUID,raw:Bytes,tags:List[String],counts:Map[String,Integer],*geom:Point:srid=4326",
        600, this::vehicle);
    write(store, expected, "parcels", "owner:String,*geom:MultiPolygon:srid=2154", 50, this::parcel);
    Files.writeString(dir.resolve("expected.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(expected));

    List<String> envOut = run(ROOT.resolve("tools/python-env.sh").toString()).lines().toList();
    String python = envOut.get(envOut.size() - 1).trim();
    String out = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        ROOT.resolve("geo-stores/fs/src/test/python").toString(), "--store", dir.toString(),
        "--geotools-jar", System.getProperty("geostream.geotools.jar"));
    System.out.println(out);
    assertThat(out).doesNotContain(" failed").doesNotContain(" skipped");
    java.util.regex.Matcher passed = java.util.regex.Pattern.compile("(\\d+) passed").matcher(out);
    assertThat(passed.find()).as(out).isTrue();
    // 5 pyarrow/GeoPandas/DuckDB tests, 2 Sedona tests, 1 + one per PROJJSON fixture (41).
    assertThat(Integer.parseInt(passed.group(1))).as(out).isGreaterThanOrEqualTo(49);
  }

  private interface Maker {
    Object[] make(int i, Random r);
  }

  private void write(DataStore store, ObjectNode expected, String name, String spec, int n, Maker maker)
      throws Exception {
    store.createSchema(FeatureTypes.parseSpec(name, spec));
    SimpleFeatureType type = store.getSchema(name);
    List<SimpleFeature> fs = new ArrayList<>();
    ObjectNode rows = expected.putObject(name);
    Random r = new Random(name.hashCode());
    for (int i = 0; i < n; i++) {
      Object[] values = maker.make(i, r);
      SimpleFeature f = SimpleFeatureBuilder.build(type, values, name + "-" + i);
      fs.add(f);
      ObjectNode row = rows.putObject(f.getID());
      for (int a = 0; a < values.length; a++) {
        String attr = type.getDescriptor(a).getLocalName();
        Object v = values[a];
        if (v == null) {
          row.putNull(attr);
        } else if (v instanceof Geometry g) {
          // Hex WKB: exact, where WKT text may round the last digit.
          row.put(attr, org.locationtech.jts.io.WKBWriter.toHex(new org.locationtech.jts.io.WKBWriter(3).write(g)));
        } else if (v instanceof Date d) {
          row.put(attr, d.getTime());
        } else if (v instanceof byte[] b) {
          row.put(attr, Base64.getEncoder().encodeToString(b));
        } else {
          row.set(attr, new ObjectMapper().valueToTree(v instanceof UUID ? v.toString() : v));
        }
      }
    }
    FsDataStoreTest.write(store, name, fs);
  }

  private Object[] vehicle(int i, Random r) {
    GeometryFactory gf = new GeometryFactory();
    return new Object[] {i % 7 == 0 ? null : "kind-" + (i % 5), r.nextDouble() * 120, r.nextInt(60), r.nextLong(),
        i % 2 == 0, new Date(1_767_225_600_000L + r.nextInt(3 * 86_400) * 1000L), UUID.nameUUIDFromBytes(new byte[] {
        (byte) i, (byte) (i >> 8)}), new byte[] {(byte) i, 7}, List.of("t" + (i % 3), "x"), Map.of("a", i, "b", -i),
        i % 50 == 0 ? null : gf.createPoint(new Coordinate(-30 + r.nextDouble() * 80, 20 + r.nextDouble() * 50))};
  }

  private Object[] parcel(int i, Random r) {
    GeometryFactory gf = new GeometryFactory();
    double x = 100_000 + r.nextDouble() * 1_000_000;
    double y = 6_100_000 + r.nextDouble() * 1_000_000;
    var outer = gf.createLinearRing(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 500, y),
        new Coordinate(x + 500, y + 400), new Coordinate(x, y + 400), new Coordinate(x, y)});
    var hole = gf.createLinearRing(new Coordinate[] {new Coordinate(x + 100, y + 100), new Coordinate(x + 200, y + 100),
        new Coordinate(x + 200, y + 200), new Coordinate(x + 100, y + 100)});
    return new Object[] {"owner-" + i, gf.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
        gf.createPolygon(outer, new org.locationtech.jts.geom.LinearRing[] {hole})})};
  }

  private static String run(String... cmd) throws Exception {
    Path log = Files.createTempFile("geostream-interop", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // As in an activated virtualenv, with this JVM's Java for pyspark.
    Path venv = ROOT.resolve(".venv");
    pb.environment().put("VIRTUAL_ENV", venv.toString());
    pb.environment().put("PATH", venv.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("finished in time: %s", String.join(" ", cmd)).isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s%n%s", String.join(" ", cmd), out).isZero();
    return out;
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
