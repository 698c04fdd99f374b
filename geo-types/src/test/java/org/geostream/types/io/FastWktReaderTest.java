package org.geostream.types.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/** The fast WKT path reads exactly what JTS's reader reads, double for double, or defers to it. */
class FastWktReaderTest {
  private static final WKTReader JTS = new WKTReader();

  private static void sameAsJts(String wkt) throws Exception {
    Geometry expected = JTS.read(wkt);
    Geometry fast = FastWktReader.read(wkt, 0, wkt.length());
    if (fast == null) {
      return;
    }
    assertThat(fast.getClass()).as(wkt).isEqualTo(expected.getClass());
    assertThat(fast.equalsExact(expected, 0)).as(wkt).isTrue();
    Coordinate[] a = fast.getCoordinates();
    Coordinate[] b = expected.getCoordinates();
    for (int i = 0; i < a.length; i++) {
      assertThat(Double.doubleToRawLongBits(a[i].x)).as(wkt).isEqualTo(Double.doubleToRawLongBits(b[i].x));
      assertThat(Double.doubleToRawLongBits(a[i].y)).as(wkt).isEqualTo(Double.doubleToRawLongBits(b[i].y));
      assertThat(Double.compare(a[i].getZ(), b[i].getZ())).as(wkt).isZero();
      assertThat(Double.compare(a[i].getM(), b[i].getM())).as(wkt).isZero();
    }
  }

  @Test
  void readsTheEdgeCasesAsJtsDoes() throws Exception {
    for (String wkt : List.of("POINT(1 2)", "point ( -1.5e3 +2.25E-2 )", "POINT Z (1 2 3)", "POINT M (1 2 3)",
        "POINT ZM (1 2 3 4)", "POINT (1 2 3)", "POINT EMPTY", "LINESTRING(0 0,1 1)", "LINESTRING EMPTY",
        "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", "POLYGON EMPTY", "MULTIPOINT(0 0, 1 1)",
        "MULTIPOINT((0 0),(1 1))", "MULTIPOINT EMPTY", "MULTILINESTRING((0 0,1 1),(2 2,3 3))",
        "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", "MULTIPOLYGON EMPTY",
        "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1),GEOMETRYCOLLECTION(POINT(3 4)))",
        "GEOMETRYCOLLECTION EMPTY", "POINT(0.1 0.30000000000000004)", "POINT(123456789012345678901 1e-320)",
        "POINT(-0 0.000000000000000000000000001)", "LINESTRING Z (0 0 1,1 1 2)", "POINT(1e22 1e23)")) {
      sameAsJts(wkt);
    }
    assertThat(FastWktReader.read("POINT(1 2", 0, 9)).isNull();
    assertThat(FastWktReader.read("POINT(NaN 2)", 0, 12)).isNull();
    assertThat(FastWktReader.read("POLYGON((0 0,1 0,1 1,0 1))", 0, 26)).isNull();
    assertThat(FastWktReader.read("CIRCLE(1 2)", 0, 11)).isNull();
  }

  @Test
  void readsEveryNumberExactly() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      double x = switch (i % 4) {
        case 0 -> (random.nextDouble() - 0.5) * 360;
        case 1 -> Math.round(random.nextDouble() * 1e6) / 1e4;
        case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        default -> random.nextLong() / 1e3;
      };
      String text = i % 2 == 0 ? Double.toString(x) : String.format(java.util.Locale.ROOT, "%.7f", x);
      sameAsJts("POINT(" + text + " " + text + ")");
    }
  }

  @Test
  void readsRealCountriesAsJtsDoes() throws Exception {
    Path data = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(data.resolve("geo-types"))) {
      data = data.getParent();
    }
    JsonNode fc = new ObjectMapper().readTree(data.resolve("../shared/data/world-countries-50m.geojson").toFile());
    WKTWriter writer = new WKTWriter();
    List<String> wkts = new ArrayList<>();
    for (JsonNode f : fc.get("features")) {
      Geometry g = GeoJson.read(f.get("geometry").toString());
      wkts.add(writer.write(g));
      wkts.add(Wkt.write(g));
    }
    assertThat(wkts).hasSize(482);
    for (String wkt : wkts) {
      assertThat(FastWktReader.read(wkt, 0, wkt.length())).as("fast path taken").isNotNull();
      sameAsJts(wkt);
    }
  }
}
