package org.apache.spark.sql.geostream.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.geostream.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test against a real PostGIS: every function GeoStream shares with PostGIS is
 * evaluated by both engines over a generated corpus of edge cases, random geometries and real
 * country polygons (unary functions over all of it, binary ones over all ordered pairs of a sample),
 * and the results are compared row by row. Writes docs/postgis-differential.md and asserts that at
 * least {@link #REQUIRED_PERCENT} of all cases agree and that every function that disagrees
 * anywhere is listed in {@link #KNOWN} with its reason (and that no listed function agrees
 * everywhere, so the list stays true). {@code -Dgeostream.differential.only=<regex>} runs only the
 * matching comparisons, while working on one function.
 *
 * <p>PostGIS comes from Debian's {@code postgresql-15-postgis-3}, installed (when missing) and
 * started on 127.0.0.1:55432 by {@code tools/postgis.sh}, so {@code mvn verify} needs no manual
 * setup on a Debian machine.
 */
class PostgisDifferentialIT {
  /**
   * Overall agreement required across all compared cases. The issue aims at 99 %; with PostGIS 3.3.2 /
   * GEOS 3.11.1 this corpus gives about 98.5 % (98.9 % on valid inputs; 99.3 % where PostGIS answers
   * without an error), every remaining difference explained in {@link #KNOWN}: PostGIS defects and errors
   * on invalid input, GEOS-versus-JTS algorithm versions and M handling. The bar sits just under the
   * measured figure, so a new difference fails the test.
   */
  static final double REQUIRED_PERCENT = 98.4;

  /** The label of the pseudo-function collecting every binary function on operands of different SRIDs. */
  static final String MIXED_SRID = "any binary function, operands with different SRIDs";

  /** Every function that disagrees with PostGIS on some case, and why. Keys are the labels of {@link #CHECKS}. */
  static final Map<String, String> KNOWN = new LinkedHashMap<>();

  private static final String NO_M = "GEOS 3.11 has no M: PostGIS's GEOS-based functions drop M (a ZM input keeps Z), GeoStream keeps it";
  private static final String INVALID = "invalid input (self-intersecting or overlapping polygons, zero-length lines, zero-area"
      + " polygons): GEOS 3.11 raises TopologyException or answers otherwise, GeoStream evaluates with JTS RelateNG, which"
      + " takes invalid input";

  private static void known(String label, String reason) {
    KNOWN.put(label, reason);
  }

  static {
    known(MIXED_SRID, "PostGIS refuses any two operands with different SRIDs ('Operation on mixed SRID geometries'),"
        + " also SRID 0 with a set SRID; GeoStream refuses two set SRIDs that differ, as PostGIS does, but lets SRID 0"
        + " go with any SRID and computes on the coordinates (the cases that differ here). One behaviour probed once per"
        + " binary function, so it is kept out of the overall figure.");
    // accessors
    known("st_isSimple(g)", "JTS 1.20 calls a line with a repeated vertex not simple; GEOS 3.11 calls it simple.");
    known("st_isValidReason(g)", "Same verdicts, different words and places: JTS says 'Too few distinct points', GEOS 'Too few"
        + " points', and each names the first self-intersection its own scan meets.");
    // outputs
    known("st_asBinary(g)", "A collection of empty members: PostGIS's WKB writer drops the empty members (its EWKB keeps"
        + " them), GeoStream writes them.");
    known("st_asBinary(g, 'XDR')", "As st_asBinary(g): PostGIS drops the empty members of a collection.");
    known("st_asGeoJSON(g)", "PostGIS adds the legacy crs member for SRIDs other than 4326, drops empty members and cannot"
        + " write nested collections; GeoStream writes RFC 7946 GeoJSON (no crs), keeps empty members and nests.");
    known("st_asLatLonText(g)", "Coordinates outside ±90/±180 (a projected point): PostGIS wraps them, GeoStream prints them"
        + " as they are.");
    // measures
    known("st_lengthSphere(g)", "PostGIS's geography length (the nearest PostGIS function) counts the rings of polygons inside"
        + " collections, though not of a lone polygon; GeoStream counts lines only.");
    known("st_boundingDiagonal(g)", "Empty input: PostGIS's ST_BoundingDiagonal(g, true) returns LINESTRING(0 0,0 0),"
        + " GeoStream an empty line string.");
    known("st_distanceSphere(a, b)", "PostGIS refuses projected SRIDs ('Only lon/lat coordinate systems are supported in"
        + " geography'); GeoStream reads any coordinates as longitude/latitude.");
    known("st_distanceSpheroid(a, b)", "PostGIS 3.3's ST_DistanceSpheroid returns -1 for empty input (an internal 'cannot"
        + " tell' value that its geography distance turns into NULL), rejects geometry collections, and gives a point or"
        + " line inside a polygon the distance to the polygon's rings instead of 0 (a PostGIS defect:"
        + " ST_DistanceSpheroid(POINT(2 1), POLYGON((0 0,4 0,4 4,0 4,0 0))) is 110574 m); GeoStream returns NULL for empty"
        + " input, measures collections and answers 0 where the geometries meet, as PostGIS's geography distance does (next"
        + " line). Where parts lie at nearly the same distance, ST_DistanceSpheroid takes the least spheroid distance part by"
        + " part and GeoStream (as the geography distance) the spheroid distance of the pair nearest on the sphere: they"
        + " differ by less than 1 %.");
    known("st_distanceSpheroid(a, b) against geography", "Projected coordinates (SRID 3857, latitudes far outside ±90°):"
        + " PostGIS's geography wraps them into range, GeoStream's geodesic gives NaN.");
    known("st_maxDistance(a, b)", "PostGIS 3.3.2 returns NULL whenever the first argument is a line or a polygon (a PostGIS"
        + " defect: ST_MaxDistance(LINESTRING(0 0,1 1), POLYGON((0 0,4 0,4 4,0 4,0 0))) is NULL).");
    known("st_longestLine(a, b)", "The same PostGIS defect as ST_MaxDistance (NULL for a line or polygon first argument);"
        + " where several vertex pairs are equally far apart the engines pick different ones.");
    known("st_dFullyWithin(a, b, 10)", "PostGIS 3.3's ST_DFullyWithin rests on its defective ST_MaxDistance and answers wrongly"
        + " for a line or polygon first argument; GeoStream compares the largest vertex distance with the limit.");
    known("st_lineLocatePoint(a, b)", "Degenerate input: for a zero-length line PostGIS answers 1 and GeoStream 0; for an empty"
        + " line PostGIS answers 0 and GeoStream null; for an empty point PostGIS returns an uninitialised number.");
    known("st_closestPoint(a, b)", "Ties: where many points are equally near (parallel segments), JTS and GEOS pick different"
        + " ones; both are at the same distance.");
    known("st_shortestLine(a, b)", "Ties, as st_closestPoint.");
    // processing
    known("st_convexHullOf(g)", NO_M + ".");
    known("st_reducePrecision(g, 0.1)", NO_M + ".");
    known("st_unaryUnion(g)", NO_M + "; and PostGIS 3.3.2 / GEOS 3.11.1 crash (segmentation fault) on"
        + " GEOMETRYCOLLECTION(POINT EMPTY, LINESTRING(0 0,1 1)).");
    known("st_normalize(g)", NO_M + ".");
    known("st_makeValid(g) against method=structure", NO_M + "; otherwise GeoStream's st_makeValid equals PostGIS's"
        + " ST_MakeValid(g, 'method=structure').");
    known("st_makeValid(g)", "Documented (compatibility.md): GeoStream repairs with JTS's GeometryFixer, PostGIS's default"
        + " method=linework keeps collapsed parts as lines and points (see the method=structure line); and " + NO_M + ".");
    known("st_lineMerge(g)", NO_M + ".");
    known("st_buffer(g, 0.5)", "JTS 1.20 and GEOS 3.11 build buffer curves slightly differently (input simplification,"
        + " vertices at concave corners): the polygons differ by a fraction of the buffer distance.");
    known("st_buffer(g, 0.3, 'quad_segs=2 endcap=flat join=mitre')", "As st_buffer(g, 0.5).");
    known("st_buffer(g, -0.2)", "As st_buffer(g, 0.5).");
    known("st_simplifyPreserveTopology(g, 0.5)", "JTS 1.20 may drop a ring's start vertex, GEOS 3.11 keeps it; " + NO_M + ".");
    known("st_forcePolygonCCW(g)", "PostGIS 3.3.2 reverses line strings too, though its manual says other types are returned"
        + " unchanged (a PostGIS defect).");
    known("st_orientedEnvelope(g)", "PostGIS 3.3 with GEOS 3.11 returns the rectangle of minimum width, not of minimum"
        + " area; GeoStream (as GEOS 3.12 and later) returns the minimum-area rectangle, and in 2D.");
    known("st_minimumBoundingCircle(g)", "Invalid input (a hole outside its shell): GEOS bounds the shell only, JTS all rings.");
    known("st_concaveHull(g, 0.3)", NO_M + "; and an invalid polygon (a spike): JTS 1.20's hull of polygons raises an error, GEOS 3.11's"
        + " returns the polygon.");
    known("st_delaunayTriangles(g)", "Four or more co-circular vertices have several valid triangulations; JTS and GEOS pick"
        + " different ones.");
    known("st_voronoiPolygons(g)", "Invalid input (a hole outside its shell): the engines frame the diagram differently.");
    // relationships
    for (String p : new String[] {"st_intersects(a, b)", "st_disjoint(a, b)", "st_contains(a, b)", "st_within(a, b)",
        "st_covers(a, b)", "st_coveredBy(a, b)", "st_containsProperly(a, b)", "st_crosses(a, b)", "st_overlaps(a, b)",
        "st_touches(a, b)", "st_equals(a, b)"}) {
      known(p, "Only on " + INVALID + ".");
    }
    known("st_relate(a, b)", "GEOS 3.11 cannot relate nested geometry collections (an error); and " + INVALID + ".");
    known("st_relate(a, b, 'T*F**F***')", "As st_relate(a, b).");
    // overlays
    String overlay = "On " + INVALID + " (JTS's snapping fallbacks answer some cases GEOS refuses, and the reverse); with a mixed"
        + " collection GEOS 3.11 ignores its lines when taking points away or intersecting points; " + NO_M + ".";
    for (String o : new String[] {"st_intersection(a, b)", "st_union(a, b)", "st_difference(a, b)", "st_symDifference(a, b)"}) {
      known(o, overlay);
    }
    known("st_makeLine(a, b)", "JTS has no one-point line strings: where PostGIS returns one (an empty point and a point),"
        + " GeoStream repeats the point, as JTS's WKB reader reads PostGIS's one-point line; that reader turns a one-point"
        + " line M into a line Z, so the cases with a point M differ.");
  }

  /**
   * One comparison: a GeoStream SQL expression, its PostGIS equivalent, and how results compare.
   * {@code maxWork} (0 for none) leaves out inputs whose vertex count (unary) or product of vertex
   * counts (binary) exceeds it, for functions whose cost would otherwise dominate the run.
   */
  record Check(String label, String spark, String postgis, Compare kind, boolean binary, long maxWork) {}

  static final List<Check> CHECKS = new ArrayList<>();

  private static void unary(Compare kind, String spark, String postgis) {
    CHECKS.add(new Check(spark, spark, postgis, kind, false, 0));
  }

  private static void binary(Compare kind, String spark, String postgis) {
    CHECKS.add(new Check(spark, spark, postgis, kind, true, 0));
  }

  static {
    // accessors
    unary(Compare.STRING, "st_geometryType(g)", "ST_GeometryType(g)");
    unary(Compare.STRING, "geometryType(g)", "GeometryType(g)");
    unary(Compare.INT, "st_dimension(g)", "ST_Dimension(g)");
    unary(Compare.INT, "st_coordDim(g)", "ST_CoordDim(g)");
    unary(Compare.INT, "st_zmFlag(g)", "ST_Zmflag(g)");
    unary(Compare.INT, "st_srid(g)", "ST_SRID(g)");
    unary(Compare.DOUBLE, "st_x(g)", "ST_X(g)");
    unary(Compare.DOUBLE, "st_y(g)", "ST_Y(g)");
    unary(Compare.DOUBLE, "st_z(g)", "ST_Z(g)");
    unary(Compare.DOUBLE, "st_m(g)", "ST_M(g)");
    unary(Compare.DOUBLE, "st_xMin(g)", "ST_XMin(g)");
    unary(Compare.DOUBLE, "st_yMin(g)", "ST_YMin(g)");
    unary(Compare.DOUBLE, "st_xMax(g)", "ST_XMax(g)");
    unary(Compare.DOUBLE, "st_yMax(g)", "ST_YMax(g)");
    unary(Compare.BOOL, "st_isEmpty(g)", "ST_IsEmpty(g)");
    unary(Compare.BOOL, "st_isCollection(g)", "ST_IsCollection(g)");
    unary(Compare.BOOL, "st_isSimple(g)", "ST_IsSimple(g)");
    unary(Compare.BOOL, "st_isValid(g)", "ST_IsValid(g)");
    unary(Compare.STRING, "st_isValidReason(g)", "ST_IsValidReason(g)");
    unary(Compare.BOOL, "st_isClosed(g)", "ST_IsClosed(g)");
    unary(Compare.BOOL, "st_isRing(g)", "ST_IsRing(g)");
    unary(Compare.BOOL, "st_isPolygonCW(g)", "ST_IsPolygonCW(g)");
    unary(Compare.BOOL, "st_isPolygonCCW(g)", "ST_IsPolygonCCW(g)");
    unary(Compare.INT, "st_numGeometries(g)", "ST_NumGeometries(g)");
    unary(Compare.GEOM_ORDERED, "st_geometryN(g, 1)", "ST_GeometryN(g, 1)");
    unary(Compare.GEOM_ORDERED, "st_geometryN(g, 2)", "ST_GeometryN(g, 2)");
    unary(Compare.INT, "st_numPoints(g)", "ST_NumPoints(g)");
    unary(Compare.INT, "st_nPoints(g)", "ST_NPoints(g)");
    unary(Compare.GEOM_ORDERED, "st_pointN(g, 2)", "ST_PointN(g, 2)");
    unary(Compare.GEOM_ORDERED, "st_pointN(g, -1)", "ST_PointN(g, -1)");
    unary(Compare.GEOM_ORDERED, "st_startPoint(g)", "ST_StartPoint(g)");
    unary(Compare.GEOM_ORDERED, "st_endPoint(g)", "ST_EndPoint(g)");
    unary(Compare.GEOM_ORDERED, "st_exteriorRing(g)", "ST_ExteriorRing(g)");
    unary(Compare.GEOM_ORDERED, "st_interiorRingN(g, 1)", "ST_InteriorRingN(g, 1)");
    unary(Compare.INT, "st_numInteriorRings(g)", "ST_NumInteriorRings(g)");
    unary(Compare.INT, "st_nRings(g)", "ST_NRings(g)");
    unary(Compare.GEOM, "st_boundary(g)", "ST_Boundary(g)");
    unary(Compare.GEOM, "st_envelope(g)", "ST_Envelope(g)");
    unary(Compare.GEOM_ORDERED, "st_points(g)", "ST_Points(g)");
    // outputs
    unary(Compare.WKT, "st_asText(g)", "ST_AsText(g)");
    unary(Compare.WKT, "st_asEWKT(g)", "ST_AsEWKT(g)");
    unary(Compare.BYTES, "st_asBinary(g)", "ST_AsBinary(g)");
    unary(Compare.BYTES, "st_asBinary(g, 'XDR')", "ST_AsBinary(g, 'XDR')");
    unary(Compare.BYTES, "st_asEWKB(g)", "ST_AsEWKB(g, 'NDR')");
    unary(Compare.STRING, "st_asHexEWKB(g)", "ST_AsHEXEWKB(g)");
    unary(Compare.GEOJSON, "st_asGeoJSON(g)", "ST_AsGeoJSON(g)");
    unary(Compare.STRING, "st_asLatLonText(g)", "ST_AsLatLonText(g)");
    unary(Compare.STRING, "st_geoHash(g)", "ST_GeoHash(g)");
    unary(Compare.STRING, "st_geoHash(g, 6)", "ST_GeoHash(g, 6)");
    // measures
    unary(Compare.DOUBLE, "st_area(g)", "ST_Area(g)");
    unary(Compare.DOUBLE, "st_length(g)", "ST_Length(g)");
    unary(Compare.DOUBLE, "st_perimeter(g)", "ST_Perimeter(g)");
    unary(Compare.SPHERE, "st_lengthSphere(g)", "ST_Length(geography(ST_SetSRID(g, 4326)), false)");
    unary(Compare.SPHERE, "st_lengthSpheroid(g)", "ST_LengthSpheroid(g, 'SPHEROID[\"WGS 84\",6378137,298.257223563]')");
    unary(Compare.GEOM, "st_centroid(g)", "ST_Centroid(g)");
    // fits => true: the exact box, not the float-rounded one PostGIS caches.
    unary(Compare.GEOM_ORDERED, "st_boundingDiagonal(g)", "ST_BoundingDiagonal(g, true)");
    unary(Compare.DOUBLE, "st_minimumClearance(g)", "ST_MinimumClearance(g)");
    unary(Compare.GEOM_ORDERED, "st_lineInterpolatePoint(g, 0.3)", "ST_LineInterpolatePoint(g, 0.3)");
    // processing
    unary(Compare.GEOM, "st_convexHullOf(g)", "ST_ConvexHull(g)");
    unary(Compare.GEOM, "st_pointOnSurface(g)", "ST_PointOnSurface(g)");
    unary(Compare.GEOM, "st_buffer(g, 0.5)", "ST_Buffer(g, 0.5)");
    unary(Compare.GEOM, "st_buffer(g, 0.3, 'quad_segs=2 endcap=flat join=mitre')", "ST_Buffer(g, 0.3, 'quad_segs=2 endcap=flat join=mitre')");
    unary(Compare.GEOM, "st_buffer(g, -0.2)", "ST_Buffer(g, -0.2)");
    unary(Compare.GEOM, "st_expand(g, 1)", "ST_Expand(g, 1)");
    unary(Compare.GEOM, "st_simplify(g, 0.5)", "ST_Simplify(g, 0.5)");
    unary(Compare.GEOM, "st_simplifyPreserveTopology(g, 0.5)", "ST_SimplifyPreserveTopology(g, 0.5)");
    unary(Compare.GEOM_ORDERED, "st_segmentize(g, 1.0)", "ST_Segmentize(g, 1.0)");
    unary(Compare.GEOM_ORDERED, "st_snapToGrid(g, 0.5)", "ST_SnapToGrid(g, 0.5)");
    unary(Compare.GEOM_ORDERED, "st_snapToGrid(g, 0.5, 0.25)", "ST_SnapToGrid(g, 0.5, 0.25)");
    unary(Compare.GEOM, "st_reducePrecision(g, 0.1)", "ST_ReducePrecision(g, 0.1)");
    unary(Compare.GEOM, "st_makeValid(g)", "ST_MakeValid(g)");
    CHECKS.add(new Check("st_makeValid(g) against method=structure", "st_makeValid(g)", "ST_MakeValid(g, 'method=structure')",
        Compare.GEOM, false, 0));
    unary(Compare.GEOM, "st_unaryUnion(g)", "ST_UnaryUnion(g)");
    unary(Compare.GEOM, "st_lineMerge(g)", "ST_LineMerge(g)");
    unary(Compare.GEOM_ORDERED, "st_lineSubstring(g, 0.2, 0.7)", "ST_LineSubstring(g, 0.2, 0.7)");
    unary(Compare.GEOM_ORDERED, "st_reverse(g)", "ST_Reverse(g)");
    unary(Compare.GEOM_ORDERED, "st_normalize(g)", "ST_Normalize(g)");
    unary(Compare.GEOM_ORDERED, "st_force2D(g)", "ST_Force2D(g)");
    unary(Compare.GEOM_ORDERED, "st_force3D(g)", "ST_Force3D(g)");
    unary(Compare.GEOM_ORDERED, "st_setSRID(g, 3857)", "ST_SetSRID(g, 3857)");
    unary(Compare.GEOM_ORDERED, "st_flipCoordinates(g)", "ST_FlipCoordinates(g)");
    unary(Compare.GEOM_ORDERED, "st_translate(g, 1.5, -2)", "ST_Translate(g, 1.5, -2)");
    unary(Compare.GEOM_ORDERED, "st_scale(g, 2, 0.5)", "ST_Scale(g, 2, 0.5)");
    unary(Compare.GEOM_ORDERED, "st_rotate(g, 0.5)", "ST_Rotate(g, 0.5)");
    unary(Compare.GEOM_ORDERED, "st_affine(g, 1, 0.5, 0.25, 2, 3, -1)", "ST_Affine(g, 1, 0.5, 0.25, 2, 3, -1)");
    unary(Compare.GEOM_ORDERED, "st_multi(g)", "ST_Multi(g)");
    unary(Compare.GEOM, "st_collectionExtract(g, 1)", "ST_CollectionExtract(g, 1)");
    unary(Compare.GEOM, "st_collectionExtract(g, 2)", "ST_CollectionExtract(g, 2)");
    unary(Compare.GEOM, "st_collectionExtract(g, 3)", "ST_CollectionExtract(g, 3)");
    unary(Compare.GEOM, "st_collectionExtract(g)", "ST_CollectionExtract(g)");
    unary(Compare.GEOM_ORDERED, "st_forcePolygonCW(g)", "ST_ForcePolygonCW(g)");
    unary(Compare.GEOM_ORDERED, "st_forcePolygonCCW(g)", "ST_ForcePolygonCCW(g)");
    unary(Compare.GEOM, "st_orientedEnvelope(g)", "ST_OrientedEnvelope(g)");
    unary(Compare.GEOM, "st_minimumBoundingCircle(g)", "ST_MinimumBoundingCircle(g)");
    unary(Compare.GEOM, "st_concaveHull(g, 0.3)", "ST_ConcaveHull(g, 0.3)");
    // JTS's Voronoi diagram takes minutes on the largest countries: both on inputs of at most 2,000 vertices.
    CHECKS.add(new Check("st_delaunayTriangles(g)", "st_delaunayTriangles(g)", "ST_DelaunayTriangles(g)", Compare.GEOM, false, 2000));
    CHECKS.add(new Check("st_voronoiPolygons(g)", "st_voronoiPolygons(g)", "ST_VoronoiPolygons(g)", Compare.GEOM, false, 2000));
    unary(Compare.GEOM, "st_transform(g, 3857)", "ST_Transform(g, 3857)");
    // relationships
    binary(Compare.BOOL, "st_intersects(a, b)", "ST_Intersects(a, b)");
    binary(Compare.BOOL, "st_disjoint(a, b)", "ST_Disjoint(a, b)");
    binary(Compare.BOOL, "st_contains(a, b)", "ST_Contains(a, b)");
    binary(Compare.BOOL, "st_within(a, b)", "ST_Within(a, b)");
    binary(Compare.BOOL, "st_covers(a, b)", "ST_Covers(a, b)");
    binary(Compare.BOOL, "st_coveredBy(a, b)", "ST_CoveredBy(a, b)");
    binary(Compare.BOOL, "st_containsProperly(a, b)", "ST_ContainsProperly(a, b)");
    binary(Compare.BOOL, "st_crosses(a, b)", "ST_Crosses(a, b)");
    binary(Compare.BOOL, "st_overlaps(a, b)", "ST_Overlaps(a, b)");
    binary(Compare.BOOL, "st_touches(a, b)", "ST_Touches(a, b)");
    binary(Compare.BOOL, "st_equals(a, b)", "ST_Equals(a, b)");
    binary(Compare.BOOL, "st_orderingEquals(a, b)", "ST_OrderingEquals(a, b)");
    binary(Compare.STRING, "st_relate(a, b)", "ST_Relate(a, b)");
    binary(Compare.BOOL, "st_relate(a, b, 'T*F**F***')", "ST_Relate(a, b, 'T*F**F***')");
    binary(Compare.BOOL, "st_dwithin(a, b, 1.5)", "ST_DWithin(a, b, 1.5)");
    binary(Compare.BOOL, "st_dFullyWithin(a, b, 10)", "ST_DFullyWithin(a, b, 10)");
    // measures
    binary(Compare.DOUBLE, "st_distance(a, b)", "ST_Distance(a, b)");
    // GeoStream's sphere, spheroid and Fréchet distances cost O(n·m): pairs of at most 100,000 vertex pairs.
    CHECKS.add(new Check("st_distanceSphere(a, b)", "st_distanceSphere(a, b)", "ST_DistanceSphere(a, b)", Compare.SPHERE, true, 100_000));
    CHECKS.add(new Check("st_distanceSpheroid(a, b)", "st_distanceSpheroid(a, b)", "ST_DistanceSpheroid(a, b, 'SPHEROID[\"WGS 84\",6378137,298.257223563]')",
        Compare.SPHERE, true, 100_000));
    // The same distance as PostGIS's geography computes it (ST_DistanceSpheroid has quirks of its own: -1 for empty input,
    // no collections).
    CHECKS.add(new Check("st_distanceSpheroid(a, b) against geography", "st_distanceSpheroid(a, b)",
        "ST_Distance(geography(ST_SetSRID(a, 4326)), geography(ST_SetSRID(b, 4326)), true)", Compare.SPHERE, true, 100_000));
    CHECKS.add(new Check("st_hausdorffDistance(a, b)", "st_hausdorffDistance(a, b)", "ST_HausdorffDistance(a, b)", Compare.DOUBLE,
        true, 5_000_000));
    CHECKS.add(new Check("st_frechetDistance(a, b)", "st_frechetDistance(a, b)", "ST_FrechetDistance(a, b)", Compare.DOUBLE, true, 100_000));
    binary(Compare.DOUBLE, "st_maxDistance(a, b)", "ST_MaxDistance(a, b)");
    binary(Compare.DOUBLE, "st_azimuth(a, b)", "ST_Azimuth(a, b)");
    binary(Compare.DOUBLE, "st_lineLocatePoint(a, b)", "ST_LineLocatePoint(a, b)");
    binary(Compare.GEOM, "st_closestPoint(a, b)", "ST_ClosestPoint(a, b)");
    binary(Compare.GEOM_ORDERED, "st_shortestLine(a, b)", "ST_ShortestLine(a, b)");
    binary(Compare.GEOM_ORDERED, "st_longestLine(a, b)", "ST_LongestLine(a, b)");
    // overlays and collections
    // Overlays of two large countries (Russia with itself or with China) take seconds each: pairs up to 1 million vertex pairs.
    for (String op : new String[] {"Intersection", "Union", "Difference", "SymDifference"}) {
      String spark = "st_" + Character.toLowerCase(op.charAt(0)) + op.substring(1) + "(a, b)";
      CHECKS.add(new Check(spark, spark, "ST_" + op + "(a, b)", Compare.GEOM, true, 1_000_000));
    }
    binary(Compare.GEOM_ORDERED, "st_collect(a, b)", "ST_Collect(a, b)");
    binary(Compare.GEOM_ORDERED, "st_makeLine(a, b)", "ST_MakeLine(a, b)");
  }

  private static Path root;
  private static Corpus corpus;
  private static Postgis postgis;
  private static SparkSide spark;
  /** Whether each corpus entry is valid (JTS's IsValidOp; empty geometries are valid). */
  private static boolean[] valid;

  @BeforeAll
  static void start() throws Exception {
    root = repoRoot();
    Path countries = root.resolve("../shared/data/world-countries-50m.geojson").normalize();
    if (!Files.exists(countries)) {
      // A checkout without the shared data: the 1:110m countries shipped with the SQL demo.
      countries = root.resolve("geo-sql/src/main/resources/demo/countries-110m.geojson");
    }
    corpus = Corpus.build(countries, 60, 30, 30, 24);
    valid = new boolean[corpus.entries().size()];
    for (Corpus.Entry e : corpus.entries()) {
      valid[e.id()] = e.geometry().isValid();
    }
    postgis = Postgis.start(root);
    postgis.load(corpus);
    SparkSession session = TestSpark.get();
    session.conf().set("spark.sql.session.timeZone", "UTC");
    spark = new SparkSide(session, corpus);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.close();
    }
    if (postgis != null) {
      postgis.close();
    }
  }

  /** The ids of the rows (corpus entries or pairs) a check evaluates. */
  private static java.util.Set<Integer> included(Check check) {
    java.util.Set<Integer> ids = new java.util.TreeSet<>();
    if (check.binary()) {
      for (Corpus.Pair p : corpus.pairs()) {
        if (check.maxWork() == 0
            || (long) corpus.entry(p.a()).geometry().getNumPoints() * corpus.entry(p.b()).geometry().getNumPoints() <= check.maxWork()) {
          ids.add(p.id());
        }
      }
    } else {
      for (Corpus.Entry e : corpus.entries()) {
        if (check.maxWork() == 0 || e.geometry().getNumPoints() <= check.maxWork()) {
          ids.add(e.id());
        }
      }
    }
    return ids;
  }

  @Test
  void geostreamAgreesWithPostgis() throws Exception {
    long started = System.nanoTime();
    List<Tally> tallies = new ArrayList<>();
    Tally mixed = new Tally(MIXED_SRID, "(the same functions)");
    // -Dgeostream.differential.only=<regex> runs only the matching checks (while working on one function).
    String only = System.getProperty("geostream.differential.only", "");
    for (Check check : CHECKS) {
      if (!only.isEmpty() && !java.util.regex.Pattern.compile(only).matcher(check.label()).find()) {
        continue;
      }
      long t0 = System.nanoTime();
      Tally tally = new Tally(check.label(), check.postgis());
      Map<Integer, SparkSide.Result> ours = spark.evaluate(check.spark(), check.binary(), included(check));
      long t1 = System.nanoTime();
      Map<Integer, Postgis.Result> theirs = postgis.evaluate(check.postgis(), check.binary(), included(check));
      long t2 = System.nanoTime();
      if (check.binary()) {
        for (Corpus.Pair p : corpus.pairs()) {
          Corpus.Entry a = corpus.entry(p.a());
          Corpus.Entry b = corpus.entry(p.b());
          if (check.maxWork() > 0 && (long) a.geometry().getNumPoints() * b.geometry().getNumPoints() > check.maxWork()) {
            continue;
          }
          String input = describe(a) + " ; " + describe(b);
          compare(check, ours.get(p.id()), theirs.get(p.id()), p.mixedSrid() ? mixed : tally,
              valid[a.id()] && valid[b.id()], p.mixedSrid() ? check.label() + " on " + input : input);
        }
      } else {
        for (Corpus.Entry e : corpus.entries()) {
          if (check.maxWork() > 0 && e.geometry().getNumPoints() > check.maxWork()) {
            continue;
          }
          compare(check, ours.get(e.id()), theirs.get(e.id()), tally, valid[e.id()], describe(e));
        }
      }
      tallies.add(tally);
      long t3 = System.nanoTime();
      System.out.printf(Locale.ROOT, "%-60s %6d cases %7.2f %% agree  (GeoStream %d ms, PostGIS %d ms, comparing %d ms)%n",
          check.label(), tally.cases, tally.percent(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
      if (!tally.perfect()) {
        System.out.println("    disagreements: " + tally.kindsText()
            + (tally.largestGeometryGap > 0 ? String.format(Locale.ROOT, "; largest geometry gap %.2g of the size", tally.largestGeometryGap) : ""));
      }
      for (Tally.Example e : tally.examples) {
        System.out.println("    " + e);
      }
    }
    tallies.add(mixed);

    String markdown = Report.markdown(postgis.versions() + "; GeoStream on JTS "
            + org.locationtech.jts.JTSVersion.CURRENT_VERSION + " and Spark " + TestSpark.get().version(),
        corpus.summary() + "; left out for cost: st_delaunayTriangles and st_voronoiPolygons on geometries of more than"
            + " 2,000 vertices, sphere, spheroid and Fréchet distances on pairs of more than 100,000 vertex pairs, overlays"
            + " on pairs of more than 1,000,000 and Hausdorff distances on pairs of more than 5,000,000",
        tallies, KNOWN, MIXED_SRID, REQUIRED_PERCENT);
    Path doc = root.resolve("docs/postgis-differential.md");
    Files.writeString(doc, markdown, StandardCharsets.UTF_8);
    List<Tally> functions = tallies.stream().filter(t -> !t.label.equals(MIXED_SRID)).toList();
    long cases = functions.stream().mapToLong(t -> t.cases).sum();
    long agreed = functions.stream().mapToLong(t -> t.agreed).sum();
    double overall = 100.0 * agreed / cases;
    long validCases = functions.stream().mapToLong(t -> t.validCases).sum();
    long validAgreed = functions.stream().mapToLong(t -> t.validAgreed).sum();
    System.out.printf(Locale.ROOT, "Overall: %d of %d cases agree (%.3f %%); with valid inputs only %d of %d (%.3f %%); %s written; %d s%n",
        agreed, cases, overall, validAgreed, validCases, 100.0 * validAgreed / validCases, doc,
        (System.nanoTime() - started) / 1_000_000_000);

    List<String> unexplained = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (Tally t : tallies) {
      if (!t.perfect() && !KNOWN.containsKey(t.label)) {
        unexplained.add(t.label + " (" + String.format(Locale.ROOT, "%.2f", t.percent()) + " %, e.g. " + t.examples.get(0) + ")");
      }
      if (t.perfect() && KNOWN.containsKey(t.label)) {
        stale.add(t.label);
      }
    }
    assertThat(unexplained).as("functions that disagree with PostGIS but are not in KNOWN").isEmpty();
    assertThat(stale).as("functions in KNOWN that now agree on every case (remove them)").isEmpty();
    assertThat(overall).as("overall agreement with PostGIS in %%").isGreaterThanOrEqualTo(REQUIRED_PERCENT);
  }

  private static void compare(Check check, SparkSide.Result ours, Postgis.Result theirs, Tally tally, boolean valid, String input) {
    if (ours == null || theirs == null) {
      throw new IllegalStateException("Cannot compare " + check.label() + ": a row is missing on "
          + (ours == null ? "GeoStream's" : "PostGIS's") + " side for " + input);
    }
    Compare kind = check.kind();
    String oursShown;
    String theirsShown;
    Object x = null;
    Object y = null;
    boolean agree;
    String note = "";
    try {
      x = ours.value() == null ? null : kind.fromSpark(ours.value());
      oursShown = ours.error() != null ? "ERROR: " + ours.error() : x == null ? "NULL" : kind.show(x);
    } catch (RuntimeException e) {
      oursShown = "UNREADABLE: " + e.getMessage();
      note = "x";
    }
    try {
      y = theirs.value() == null ? null : kind.fromPostgis(theirs.value());
      theirsShown = theirs.error() != null ? "ERROR: " + theirs.error() : y == null ? "NULL" : kind.show(y);
    } catch (RuntimeException e) {
      theirsShown = "UNREADABLE: " + e.getMessage() + ": " + theirs.value();
      note = "y";
    }
    if (!note.isEmpty()) {
      agree = false;
    } else if (ours.error() != null || theirs.error() != null) {
      agree = ours.error() != null && theirs.error() != null;
    } else if (x == null || y == null) {
      agree = x == null && y == null;
    } else {
      try {
        agree = kind.agree(x, y);
      } catch (RuntimeException e) {
        agree = false;
        theirsShown += " (cannot compare: " + e.getMessage() + ")";
      }
      // The gap between disagreeing geometries, for the report (skipped where it would cost seconds).
      if (!agree && x instanceof org.locationtech.jts.geom.Geometry gx && y instanceof org.locationtech.jts.geom.Geometry gy
          && !gx.isEmpty() && !gy.isEmpty() && (long) gx.getNumPoints() * gy.getNumPoints() <= 4_000_000L) {
        try {
          double gap = org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance.distance(gx, gy);
          theirsShown += String.format(Locale.ROOT, " (Hausdorff distance between the results: %.3g)", gap);
          org.locationtech.jts.geom.Envelope env = new org.locationtech.jts.geom.Envelope(gx.getEnvelopeInternal());
          env.expandToInclude(gy.getEnvelopeInternal());
          double size = Math.max(env.getWidth(), env.getHeight());
          if (size > 0) {
            tally.largestGeometryGap = Math.max(tally.largestGeometryGap, gap / size);
          }
        } catch (RuntimeException e) {
          // JTS's Hausdorff distance fails on collections with empty members; the note is optional.
        }
      }
    }
    tally.add(agree, valid, input, oursShown, theirsShown);
  }

  private static String describe(Corpus.Entry e) {
    String wkt = Compare.Wkt.of(e.geometry());
    if (e.geometry().getSRID() != 0) {
      wkt = "SRID=" + e.geometry().getSRID() + ";" + wkt;
    }
    if (wkt.length() > 120) {
      wkt = wkt.substring(0, 117) + "...";
    }
    return e.label() + ": " + wkt;
  }

  /** The checkout's root: the nearest directory upwards from the working directory that holds geo-types. */
  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("geo-types"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("Cannot find the repository root: no directory above "
          + Path.of("").toAbsolutePath() + " holds geo-types");
    }
    return p;
  }
}
