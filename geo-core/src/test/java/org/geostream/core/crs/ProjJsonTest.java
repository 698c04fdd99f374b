package org.geostream.core.crs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link ProjJson} output with PROJJSON fixtures that pyproj 3.7.2 (PROJ 9.5.1) accepted
 * with {@code CRS.from_json_dict} and found equal to its own definition (see the fixtures' README).
 */
class ProjJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** EPSG codes whose fixtures hold the CRS in EPSG (authority) axis order. */
  private static final List<String> NATIVE =
      List.of(
          // geographic 2D / 3D, geocentric
          "4326", "4269", "4258", "4807", "4979", "4937", "4978",
          // Transverse Mercator (+ South Orientated)
          "32633", "32733", "27700", "25832", "31467", "29902", "2193", "2180", "2053",
          // Lambert Conic Conformal 2SP / 1SP
          "2154", "2263", "2229", "3112", "3448", "27572",
          // Mercator family, Equidistant Cylindrical
          "3857", "3395", "4087",
          // azimuthal, conic, stereographic
          "3035", "5070", "3577", "28992", "3413", "3031", "5041", "32661",
          // Hotine Oblique Mercator A / B (Swiss LV95)
          "3375", "3078", "2056");

  /** EPSG codes whose fixtures hold GeoTools' longitude-first variant, CRS.decode(code, true). */
  private static final List<String> LONGITUDE_FIRST =
      List.of("4326", "4979", "4258", "32633", "3035");

  static Stream<String> fixtures() {
    return Stream.concat(NATIVE.stream(), LONGITUDE_FIRST.stream().map(c -> c + "-lonfirst"));
  }

  private static CoordinateReferenceSystem decode(String fixture) throws Exception {
    boolean lonFirst = fixture.endsWith("-lonfirst");
    String code = fixture.replace("-lonfirst", "");
    return CRS.decode("EPSG:" + code, lonFirst);
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in =
        ProjJsonTest.class.getResourceAsStream("/fixtures/projjson/" + name + ".json")) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void matchesThePyprojVerifiedFixture(String name) throws Exception {
    ObjectNode actual = ProjJson.of(decode(name));
    assertThat(actual).as(name).isNotNull();
    assertThat(differences("$", fixture(name), actual)).as(name).isEmpty();
  }

  @Test
  void coversTheRequiredCodes() {
    assertThat(NATIVE)
        .contains(
            "4326", "4269", "4258", "32633", "32733", "27700", "2154", "3857", "3035", "28992",
            "3395", "5070", "3413", "2056");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void isACompleteDefinition(String name) throws Exception {
    ObjectNode json = ProjJson.of(decode(name));
    assertThat(json.path("$schema").asText()).isEqualTo(ProjJson.SCHEMA);
    String type = json.path("type").asText();
    assertThat(type).isIn("GeographicCRS", "GeodeticCRS", "ProjectedCRS");
    assertThat(json.path("name").asText()).isNotBlank();
    JsonNode geodetic = type.equals("ProjectedCRS") ? json.path("base_crs") : json;
    assertThat(geodetic.path("datum").path("name").asText()).isNotBlank();
    JsonNode ellipsoid = geodetic.path("datum").path("ellipsoid");
    assertThat(ellipsoid.has("semi_major_axis") || ellipsoid.has("radius")).isTrue();
    assertThat(geodetic.path("coordinate_system").path("axis").size()).isBetween(2, 3);
    if (type.equals("ProjectedCRS")) {
      JsonNode conversion = json.path("conversion");
      assertThat(conversion.at("/method/id/authority").asText()).isEqualTo("EPSG");
      assertThat(conversion.path("parameters").size()).isGreaterThanOrEqualTo(4);
      for (JsonNode p : conversion.path("parameters")) {
        assertThat(p.path("id").path("code").isInt()).isTrue();
        assertThat(p.has("value") && p.has("unit")).isTrue();
      }
      assertThat(json.path("coordinate_system").path("subtype").asText()).isEqualTo("Cartesian");
    }
    for (JsonNode axis : geodetic.path("coordinate_system").path("axis")) {
      assertThat(axis.path("direction").asText()).isNotBlank();
      assertThat(axis.has("unit")).isTrue();
    }
  }

  @Test
  void keepsGeoToolsAxisOrder() throws Exception {
    ObjectNode latFirst = ProjJson.of(CRS.decode("EPSG:4326"));
    assertThat(latFirst.at("/coordinate_system/axis/0/direction").asText()).isEqualTo("north");
    assertThat(latFirst.at("/id/authority").asText()).isEqualTo("EPSG");
    assertThat(latFirst.at("/id/code").asInt()).isEqualTo(4326);

    ObjectNode lonFirst = ProjJson.of(CRS.decode("EPSG:4326", true));
    assertThat(lonFirst.at("/coordinate_system/axis/0/direction").asText()).isEqualTo("east");
    assertThat(lonFirst.at("/id/authority").asText()).isEqualTo("OGC");
    assertThat(lonFirst.at("/id/code").asText()).isEqualTo("CRS84");
    assertThat(ProjJson.of(DefaultGeographicCRS.WGS84).at("/id/code").asText()).isEqualTo("CRS84");

    // A longitude-first ETRS89 is not EPSG:4258: written without an id.
    assertThat(ProjJson.of(CRS.decode("EPSG:4258", true)).has("id")).isFalse();
    // 3035 longitude-first has easting/northing, EPSG:3035 northing/easting: no id.
    ObjectNode laea = ProjJson.of(CRS.decode("EPSG:3035", true));
    assertThat(laea.has("id")).isFalse();
    assertThat(laea.at("/coordinate_system/axis/0/direction").asText()).isEqualTo("east");
    // UTM keeps its id: the projected axes are EPSG's, only the base CRS is longitude first.
    ObjectNode utm = ProjJson.of(CRS.decode("EPSG:32633", true));
    assertThat(utm.at("/id/code").asInt()).isEqualTo(32633);
    assertThat(utm.at("/base_crs/coordinate_system/axis/0/direction").asText()).isEqualTo("east");
  }

  @Test
  void polarAxesCarryTheirMeridian() throws Exception {
    ObjectNode json = ProjJson.of(CRS.decode("EPSG:3413"));
    JsonNode x = json.at("/coordinate_system/axis/0");
    assertThat(x.path("direction").asText()).isEqualTo("south");
    assertThat(x.at("/meridian/longitude").asDouble()).isEqualTo(45.0);
    assertThat(json.at("/coordinate_system/axis/1/meridian/longitude").asDouble()).isEqualTo(135.0);
  }

  @Test
  void mapsParametersToEpsg() throws Exception {
    JsonNode parameters = ProjJson.of(CRS.decode("EPSG:2154")).at("/conversion/parameters");
    List<Integer> codes = new ArrayList<>();
    parameters.forEach(p -> codes.add(p.at("/id/code").asInt()));
    // LCC 2SP: no scale factor (GeoTools' neutral scale_factor = 1 is dropped).
    assertThat(codes).containsExactly(8821, 8822, 8823, 8824, 8826, 8827);
    assertThat(parameters.get(0).at("/unit/conversion_factor").asDouble())
        .isEqualTo(0.0174532925199433);
    assertThat(parameters.get(4).path("unit").asText()).isEqualTo("metre");

    // US survey feet: GeoTools holds lengths in metres, written in metres.
    JsonNode ny = ProjJson.of(CRS.decode("EPSG:2263"));
    assertThat(ny.at("/conversion/parameters/4/value").asDouble()).isEqualTo(300000.0);
    assertThat(ny.at("/coordinate_system/axis/0/unit/name").asText()).isEqualTo("US survey foot");
  }

  @Test
  void customCrsWithoutIdentifierIsStillComplete() throws Exception {
    CoordinateReferenceSystem crs =
        CRS.parseWKT(
            "PROJCS[\"My TM\",GEOGCS[\"GRS80 geo\",DATUM[\"D_unknown\",SPHEROID[\"GRS 1980\","
                + "6378137,298.257222101]],PRIMEM[\"Greenwich\",0],"
                + "UNIT[\"degree\",0.0174532925199433]],"
                + "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",10],"
                + "PARAMETER[\"central_meridian\",13.5],PARAMETER[\"scale_factor\",0.9999],"
                + "PARAMETER[\"false_easting\",250000],PARAMETER[\"false_northing\",-1000],"
                + "UNIT[\"metre\",1]]");
    ObjectNode json = ProjJson.of(crs);
    assertThat(json).isNotNull();
    assertThat(json.has("id")).isFalse();
    assertThat(json.at("/base_crs").has("id")).isFalse();
    assertThat(json.at("/conversion/method/id/code").asInt()).isEqualTo(9807);
    assertThat(json.at("/conversion/parameters/1/value").asDouble()).isEqualTo(13.5);
    assertThat(json.at("/conversion/parameters/4/value").asDouble()).isEqualTo(-1000.0);
    assertThat(json.at("/base_crs/datum/ellipsoid/inverse_flattening").asDouble())
        .isEqualTo(298.257222101);
  }

  @Test
  void writesNoEpsgIdForGeoToolsExtensionCodes() throws Exception {
    // GeoTools answers EPSG:102008 from its ESRI extension; it is ESRI:102008, not an EPSG entry.
    ObjectNode json = ProjJson.of(CRS.decode("EPSG:102008"));
    assertThat(json).isNotNull();
    assertThat(json.has("id")).isFalse();
    assertThat(json.at("/conversion/method/id/code").asInt()).isEqualTo(9822);
    assertThat(json.at("/base_crs/datum/ellipsoid/name").asText()).isNotBlank();
  }

  @Test
  void returnsNullForWhatItCannotExpress() throws Exception {
    assertThat(ProjJson.of(null)).isNull();
    assertThat(ProjJson.toJson(null)).isNull();
    assertThat(ProjJson.of(CRS.decode("EPSG:7405"))).as("compound").isNull();
    assertThat(ProjJson.of(CRS.decode("EPSG:5514"))).as("Krovak").isNull();
    assertThat(ProjJson.of(CRS.decode("EPSG:2062"))).as("LCC near-conformal").isNull();
    assertThat(ProjJson.toJson(CRS.decode("EPSG:5514"))).isNull();
  }

  @Test
  void toJsonIsTheSameTree() throws Exception {
    CoordinateReferenceSystem crs = CRS.decode("EPSG:28992");
    JsonNode parsed = MAPPER.readTree(ProjJson.toJson(crs));
    assertThat(differences("$", parsed, ProjJson.of(crs))).isEmpty();
  }

  @Test
  void handsOutIndependentCopies() throws Exception {
    CoordinateReferenceSystem crs = CRS.decode("EPSG:32633");
    ObjectNode first = ProjJson.of(crs);
    first.put("name", "changed");
    ((ObjectNode) first.path("base_crs")).removeAll();
    ObjectNode second = ProjJson.of(crs);
    assertThat(second.path("name").asText()).isEqualTo("WGS 84 / UTM zone 33N");
    assertThat(second.path("base_crs").path("name").asText()).isEqualTo("WGS 84");
  }

  @Test
  void isThreadSafe() throws Exception {
    List<String> names = fixtures().toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  List<String> diffs = new ArrayList<>();
                  for (String name : names) {
                    diffs.addAll(differences(name, fixture(name), ProjJson.of(decode(name))));
                  }
                  return diffs;
                }));
      }
      for (Future<List<String>> f : futures) {
        assertThat(f.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Every fixture CRS has a PROJJSON form, written to {@code target/projjson} (or
   * {@code -Dprojjson.dumpDir=...}) for checking with pyproj before refreshing the fixtures.
   */
  @Test
  void dumpForPyproj() throws Exception {
    Path dir = Path.of(System.getProperty("projjson.dumpDir", "target/projjson"));
    Files.createDirectories(dir);
    for (String name : fixtures().toList()) {
      assertThat(ProjJson.of(decode(name))).as(name).isNotNull();
      Files.writeString(
          dir.resolve(name + ".json"),
          MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ProjJson.of(decode(name)))
              + "\n");
    }
  }

  /** Structural differences: same keys, same array lengths, equal text, numbers within 1e-12. */
  private static List<String> differences(String path, JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    compare(path, expected, actual, out);
    return out;
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (actual == null || actual.isMissingNode()) {
      out.add(path + ": missing");
    } else if (expected.isNumber()) {
      if (!actual.isNumber()) {
        out.add(path + ": expected number " + expected + " but was " + actual);
      } else {
        double e = expected.doubleValue();
        double a = actual.doubleValue();
        if (Math.abs(e - a) > 1e-12 * Math.max(1.0, Math.abs(e))) {
          out.add(path + ": expected " + e + " but was " + a);
        }
      }
    } else if (expected.isObject()) {
      if (!actual.isObject()) {
        out.add(path + ": expected object but was " + actual);
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        compare(path + "." + f.getKey(), f.getValue(), actual.get(f.getKey()), out);
      }
      actual.fieldNames()
          .forEachRemaining(
              n -> {
                if (!expected.has(n)) {
                  out.add(path + "." + n + ": unexpected");
                }
              });
    } else if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        out.add(path + ": expected array of " + expected.size() + " but was " + actual);
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
    } else if (!expected.equals(actual)) {
      out.add(path + ": expected " + expected + " but was " + actual);
    }
  }
}
