package org.apache.spark.sql.geostream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.geostream.types.fn.AggregateDef;
import org.geostream.types.fn.Catalog;
import org.geostream.types.fn.FunctionDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalogue is complete (GeoMesa's 83 names, the PostGIS additions) and every documented example runs. */
class CatalogTest {
  /** Every SQL name GeoMesa registers: geomesa-spark-jts (79) and geomesa-spark-sql (4). */
  static final List<String> GEOMESA = List.of(
      // constructors
      "st_box2DFromGeoHash", "st_geomFromGeoHash", "st_geomFromGeoJSON", "st_geomFromText", "st_geometryFromText",
      "st_geomFromWKT", "st_geomFromWKB", "st_lineFromText", "st_mLineFromText", "st_mPointFromText",
      "st_mPolyFromText", "st_makeBBOX", "st_makeBox2D", "st_makeLine", "st_makePoint", "st_makePointM",
      "st_makePolygon", "st_point", "st_pointFromGeoHash", "st_pointFromText", "st_pointFromWKB", "st_polygon",
      "st_polygonFromText",
      // accessors
      "st_boundary", "st_coordDim", "st_dimension", "st_envelope", "st_exteriorRing", "st_geometryN",
      "st_geometryType", "st_interiorRingN", "st_isClosed", "st_isCollection", "st_isEmpty", "st_isRing",
      "st_isSimple", "st_isValid", "st_numGeometries", "st_numPoints", "st_pointN", "st_x", "st_y",
      // casts
      "st_castToPoint", "st_castToPolygon", "st_castToLineString", "st_castToGeometry", "st_byteArray",
      // outputs
      "st_asBinary", "st_asGeoJSON", "st_asLatLonText", "st_asText", "st_geoHash",
      // processing
      "st_antimeridianSafeGeom", "st_idlSafeGeom", "st_bufferPoint", "st_makeValid",
      // relations, measures, overlay, the convex-hull aggregate
      "st_translate", "st_contains", "st_covers", "st_crosses", "st_disjoint", "st_equals", "st_intersects",
      "st_overlaps", "st_touches", "st_within", "st_relate", "st_relateBool", "st_area", "st_closestPoint",
      "st_centroid", "st_distance", "st_length", "st_distanceSphere", "st_aggregateDistanceSphere",
      "st_lengthSphere", "st_convexHull", "st_intersection", "st_difference",
      // geomesa-spark-sql
      "st_distanceSpheroid", "st_aggregateDistanceSpheroid", "st_lengthSpheroid", "st_transform");

  static final List<String> POSTGIS_ADDITIONS = List.of(
      "st_buffer", "st_dwithin", "st_coveredBy", "st_union", "st_symDifference", "st_simplify",
      "st_simplifyPreserveTopology", "st_makeEnvelope", "st_perimeter", "st_azimuth", "st_reverse", "st_force2D",
      "st_srid", "st_setSRID", "st_collect", "st_isValidReason", "st_numInteriorRings", "st_startPoint",
      "st_endPoint", "st_flipCoordinates", "st_snapToGrid", "st_segmentize", "st_pointOnSurface",
      "st_boundingDiagonal", "st_hausdorffDistance", "st_maxDistance", "st_lineInterpolatePoint",
      "st_lineLocatePoint", "st_subdivide", "st_dump",
      "st_h3CellId", "st_h3CellIds", "st_h3Boundary", "st_h3ToGeom", "st_h3KRing",
      "st_extent", "st_union_aggr", "st_collect_aggr", "st_centroid_aggr");

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.get();
  }

  @Test
  void everyGeoMesaNameIsRegistered() {
    assertThat(GEOMESA).hasSize(83).doesNotHaveDuplicates();
    assertThat(unregistered(GEOMESA)).isEmpty();
  }

  @Test
  void everyRequestedPostgisFunctionIsRegistered() {
    assertThat(unregistered(POSTGIS_ADDITIONS)).isEmpty();
  }

  private static List<String> unregistered(List<String> names) {
    return names.stream().filter(name -> !spark.catalog().functionExists(name)).toList();
  }

  @Test
  void everyFunctionHasATryVariantAndADescription() {
    for (String name : Catalog.get().functions().keySet()) {
      assertThat(spark.catalog().functionExists("try_" + name)).as(name).isTrue();
    }
    String described = spark.sql("DESCRIBE FUNCTION EXTENDED st_contains").collectAsList().toString();
    assertThat(described).contains("st_contains").contains("GEOMETRY, GEOMETRY");
  }

  @Test
  void everyDocumentedExampleRuns() {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, List<FunctionDef>> e : Catalog.get().functions().entrySet()) {
      for (FunctionDef d : e.getValue()) {
        assertThat(d.example()).as(d.name()).containsIgnoringCase(d.name());
        try {
          spark.sql("SELECT " + d.example()).collectAsList();
        } catch (RuntimeException ex) {
          failures.add(d.name() + ": " + d.example() + " -> " + ex.getMessage());
        }
      }
    }
    for (AggregateDef a : Catalog.get().aggregates().values()) {
      try {
        assertThat(spark.sql(a.example()).collectAsList().get(0).get(0)).as(a.name()).isNotNull();
      } catch (RuntimeException ex) {
        failures.add(a.name() + ": " + ex.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }
}
