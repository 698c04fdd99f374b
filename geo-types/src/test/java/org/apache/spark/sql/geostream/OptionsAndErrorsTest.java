package org.apache.spark.sql.geostream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error messages, the permissive mode, GeoMesa compatibility and null handling. */
class OptionsAndErrorsTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.get();
    spark.sql("SELECT * FROM VALUES ('POINT(1 2)'), ('POINT(1'), ('LINESTRING(0 0,1 1)'), (NULL) AS t(wkt)")
        .createOrReplaceTempView("texts");
  }

  private static <T> T withConf(String key, String value, java.util.function.Supplier<T> body) {
    spark.conf().set(key, value);
    try {
      return body.get();
    } finally {
      spark.conf().unset(key);
    }
  }

  @Test
  void malformedTextFailsTheQueryNamingFunctionAndInput() {
    assertThatThrownBy(() -> spark.sql("SELECT st_geomFromWKT(wkt) FROM texts").collectAsList())
        .satisfies(e -> assertThat(FunctionCasesTest.messages(e))
            .contains("Cannot parse WKT in st_geomFromWKT: Expected number but found End-of-Stream (line 1): 'POINT(1'"));
  }

  @Test
  void tryVariantGivesNullForBadRowsAndKeepsTheRest() {
    List<Row> rows = spark.sql("SELECT wkt, st_asText(try_st_geomFromWKT(wkt)) FROM texts ORDER BY wkt").collectAsList();
    assertThat(rows).extracting(r -> r.get(1)).containsExactly(null, "LINESTRING(0 0,1 1)", null, "POINT(1 2)");
  }

  @Test
  void sessionOptionMakesEveryFunctionPermissive() {
    long nulls = withConf(GeoConf.ON_ERROR, "null",
        () -> spark.sql("SELECT st_x(st_geomFromWKT(wkt)) AS x FROM texts").where("x IS NULL").count());
    assertThat(nulls).isEqualTo(3);
    assertThatThrownBy(() -> withConf(GeoConf.ON_ERROR, "maybe", () -> spark.sql("SELECT st_point(1, 2)").collectAsList()))
        .hasMessageContaining("Cannot read option spark.geostream.onError: must be 'fail' or 'null'");
  }

  @Test
  void geomesaCompatSwitchesTheDisputedFunctions() {
    Row postgis = spark.sql("SELECT st_geometryType(st_point(1, 2)), st_geoHash(st_point(-76.5, 38.5), 5), "
        + "st_length(st_makeEnvelope(0, 0, 1, 1)), st_numPoints(st_makeEnvelope(0, 0, 1, 1)), "
        + "st_asText(st_geomFromGeoHash('dqce5', 5))").collectAsList().get(0);
    Row geomesa = withConf(GeoConf.COMPAT, "geomesa", () -> spark.sql("SELECT st_geometryType(st_point(1, 2)), "
        + "st_geoHash(st_point(-76.5, 38.5), 25), st_length(st_makeEnvelope(0, 0, 1, 1)), "
        + "st_numPoints(st_makeEnvelope(0, 0, 1, 1)), st_asText(st_geomFromGeoHash('dqce5', 25))").collectAsList().get(0));
    assertThat(postgis.getString(0)).isEqualTo("ST_Point");
    assertThat(geomesa.getString(0)).isEqualTo("Point");
    assertThat(postgis.getString(1)).isEqualTo("dqce5");
    assertThat(geomesa.getString(1)).isEqualTo("dqce5");
    assertThat(postgis.getDouble(2)).isEqualTo(0.0);
    assertThat(geomesa.getDouble(2)).isEqualTo(4.0);
    assertThat(postgis.isNullAt(3)).isTrue();
    assertThat(geomesa.getInt(3)).isEqualTo(5);
    assertThat(postgis.getString(4)).isEqualTo(geomesa.getString(4));
  }

  @Test
  void operandsWithDifferentSetSridsAreRejected() {
    spark.sql("SELECT st_setSRID(st_point(id, id), 4326) AS wgs, st_setSRID(st_point(id, id), 3857) AS merc, "
        + "st_point(id, id) AS plain, id FROM range(3)").createOrReplaceTempView("srids");
    String message = "Cannot compare geometries in %s: the operands have different SRIDs (4326 and 3857); "
        + "st_transform or st_setSRID makes them agree";
    // Columns through the generic path, the direct generated methods, and constants (prepared,
    // point-in-polygon shortcut), in SQL.
    for (String[] q : new String[][] {
        {"st_intersects", "SELECT st_intersects(wgs, merc) FROM srids"},
        {"st_distance", "SELECT st_distance(wgs, merc) FROM srids"},
        {"st_dwithin", "SELECT st_dwithin(wgs, merc, 1.0) FROM srids"},
        {"st_contains", "SELECT st_contains(st_setSRID(st_makeEnvelope(0, 0, 5, 5), 4326), merc) FROM srids"},
        {"st_intersects", "SELECT st_intersects(wgs, st_setSRID(st_buffer(st_point(0, 0), 3), 3857)) FROM srids"}}) {
      assertThatThrownBy(() -> spark.sql(q[1]).collectAsList()).as(q[1])
          .satisfies(e -> assertThat(FunctionCasesTest.messages(e)).contains(String.format(message, q[0])));
    }
    // SRID 0 (unknown) goes with any SRID, unlike PostGIS; same SRIDs compute; the try_ variant gives
    // null; GeoMesa mode checks too (GeoMesa itself compares coordinates of different systems).
    assertThat(spark.sql("SELECT st_distance(wgs, plain), st_intersects(plain, merc), "
        + "st_contains(st_h3Boundary(st_h3CellId(st_point(10, 10), 5)), st_point(10, 10)) FROM srids WHERE id = 2")
        .first().mkString(",")).isEqualTo("0.0,true,true");
    assertThat(spark.sql("SELECT st_distance(wgs, st_setSRID(st_point(0, 0), 4326)) FROM srids WHERE id = 1")
        .first().getDouble(0)).isEqualTo(Math.sqrt(2));
    assertThat(spark.sql("SELECT try_st_intersects(wgs, merc) FROM srids").collectAsList())
        .allSatisfy(r -> assertThat(r.isNullAt(0)).isTrue());
    assertThatThrownBy(() -> withConf(GeoConf.COMPAT, "geomesa",
        () -> spark.sql("SELECT st_distance(wgs, merc) FROM srids").collectAsList()))
        .satisfies(e -> assertThat(FunctionCasesTest.messages(e)).contains("different SRIDs (4326 and 3857)"));
  }

  @Test
  void wrongArgumentTypesAndCountsAreAnalysisErrors() {
    assertThatThrownBy(() -> spark.sql("SELECT st_area('POINT(1 2)')").collectAsList())
        .hasMessageContaining("argument 1 must be geometry, found string");
    assertThatThrownBy(() -> spark.sql("SELECT st_buffer(st_point(1, 2))").collectAsList())
        .hasMessageContaining("Cannot call st_buffer: expected 2 or 3 arguments, found 1");
  }

  @Test
  void nullInNullOutAcrossTheCatalogue() {
    List<Row> rows = spark.sql("SELECT st_area(NULL), st_buffer(NULL, 1), st_buffer(st_point(0, 0), NULL), "
        + "st_contains(NULL, st_point(0, 0)), st_asText(NULL), st_geoHash(NULL, 5), st_h3CellId(NULL, 5)").collectAsList();
    for (int i = 0; i < rows.get(0).size(); i++) {
      assertThat(rows.get(0).isNullAt(i)).as("column %d", i).isTrue();
    }
  }

  @Test
  void aggregatesSkipNullsAndGiveNullForNoRows() {
    Row r = spark.sql("SELECT st_asText(st_extent(g)), st_asText(st_convexHull(g)), st_asText(st_centroid_aggr(g)), "
        + "st_numGeometries(st_collect_aggr(g)), st_area(st_union_aggr(st_buffer(g, 1))) FROM VALUES (st_point(0, 0)), "
        + "(NULL), (st_point(2, 0)), (st_point(1, 3)) AS t(g)").collectAsList().get(0);
    assertThat(r.getString(0)).isEqualTo("POLYGON((0 0,0 3,2 3,2 0,0 0))");
    assertThat(r.getString(1)).isEqualTo("POLYGON((0 0,1 3,2 0,0 0))");
    assertThat(r.getString(2)).isEqualTo("POINT(1 1)");
    assertThat(r.getInt(3)).isEqualTo(3);
    assertThat(r.getDouble(4)).isGreaterThan(3 * 3.1);
    Row empty = spark.sql("SELECT st_extent(g), st_union_aggr(g) FROM VALUES (st_point(0, 0)) AS t(g) WHERE false").collectAsList().get(0);
    assertThat(empty.isNullAt(0)).isTrue();
    assertThat(empty.isNullAt(1)).isTrue();
  }

  @Test
  void aggregatesAcrossPartitionsMatchOneShot() {
    Row r = spark.sql("SELECT st_asText(st_extent(g)), st_area(st_convexHull(g)), count(*) FROM "
        + "(SELECT st_point(id % 100, id div 100) AS g FROM range(0, 10000, 1, 8)) ").collectAsList().get(0);
    assertThat(r.getString(0)).isEqualTo("POLYGON((0 0,0 99,99 99,99 0,0 0))");
    assertThat(r.getDouble(1)).isEqualTo(99.0 * 99.0);
    Row grouped = spark.sql("SELECT count(DISTINCT st_asText(c)) FROM (SELECT id % 3 AS k, st_centroid_aggr(st_point(id, 0)) AS c "
        + "FROM range(0, 300, 1, 4) GROUP BY id % 3)").collectAsList().get(0);
    assertThat(grouped.getLong(0)).isEqualTo(3);
  }
}
