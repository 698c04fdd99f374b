package org.geostream.sql.join;

import java.io.Serializable;
import java.util.Locale;
import org.geostream.types.fn.Srids;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.locationtech.jts.operation.relateng.TopologyPredicate;

/**
 * The spatial predicate of a join, between a build geometry and a probe geometry, evaluated
 * exactly as the SQL function evaluates it for the same two values.
 *
 * <p>The SQL functions decode both operands and run JTS's unprepared {@code RelateNG}
 * ({@code st_intersects}, {@code st_contains}, {@code st_within}, {@code st_covers},
 * {@code st_coveredBy}) or compute the distance ({@code st_dwithin}, {@code st_distance}), on
 * simple points straight from the coordinates. This class gives the same answer faster:
 *
 * <ul>
 *   <li>a probe point against a polygonal build geometry is located ring by ring through indexes
 *       ({@link BuildGeometry#locate}), the algorithm the unprepared RelateNG uses for a point, so
 *       the answer is the same on invalid polygons too;
 *   <li>two small polygonal geometries are tested for intersection with RelateNG's own evidence
 *       and primitives, without RelateNG's allocations ({@link PolygonIntersects});
 *   <li>a build geometry that is the function's first argument runs a prepared RelateNG when it is
 *       valid and often used ({@link BuildGeometry#relate});
 *   <li>everything else runs the function's own computation, in the function's argument order, on
 *       geometries decoded once per row rather than once per pair.
 * </ul>
 *
 * <p>Operands whose SRIDs are both set and differ are not decided here ({@link #ASK}): the caller
 * evaluates the SQL expression itself, which fails or gives null as the function's error mode says.
 * Empty geometries satisfy none of the predicates. Immutable and thread-safe.
 */
public final class JoinPredicate implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The pair satisfies the predicate. */
  public static final int MATCH = 1;
  /** The pair does not satisfy it. */
  public static final int NO_MATCH = 0;
  /** The operands' SRIDs conflict: only the SQL expression can say what happens. */
  public static final int ASK = -1;

  /** The relations a join can be planned on, with the SQL form each comes from. */
  public enum Relation {
    /** {@code st_intersects(a, b)}. */
    INTERSECTS("st_intersects"),
    /** {@code st_contains(a, b)}. */
    CONTAINS("st_contains"),
    /** {@code st_within(a, b)}. */
    WITHIN("st_within"),
    /** {@code st_covers(a, b)}. */
    COVERS("st_covers"),
    /** {@code st_coveredBy(a, b)}. */
    COVERED_BY("st_coveredBy"),
    /** {@code st_dwithin(a, b, d)}: distance at most d. */
    DWITHIN("st_dwithin"),
    /** {@code st_distance(a, b) < d}. */
    DISTANCE_LESS("st_distance <"),
    /** {@code st_distance(a, b) <= d}. */
    DISTANCE_AT_MOST("st_distance <=");

    private final String sql;

    Relation(String sql) {
      this.sql = sql;
    }

    /** How the relation reads in SQL. */
    public String sql() {
      return sql;
    }

    /** Whether it compares a distance with a constant. */
    public boolean isDistance() {
      return this == DWITHIN || this == DISTANCE_LESS || this == DISTANCE_AT_MOST;
    }

    /** The relation of the function named {@code name} with two geometry arguments, or null. */
    public static Relation ofFunction(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "st_intersects" -> INTERSECTS;
        case "st_contains" -> CONTAINS;
        case "st_within" -> WITHIN;
        case "st_covers" -> COVERS;
        case "st_coveredby" -> COVERED_BY;
        default -> null;
      };
    }
  }

  private final Relation relation;
  private final boolean buildFirst;
  private final double distance;

  /**
   * The predicate {@code relation} where the build geometry is the function's first argument when
   * {@code buildFirst}, and {@code distance} the constant of a distance relation (0 otherwise).
   *
   * @throws IllegalArgumentException when a distance is negative, NaN or infinite
   */
  public JoinPredicate(Relation relation, boolean buildFirst, double distance) {
    if (relation.isDistance() && !(distance >= 0 && distance < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("Cannot join on " + relation.sql() + ": the distance must be finite and not negative: " + distance);
    }
    this.relation = relation;
    this.buildFirst = buildFirst;
    this.distance = relation.isDistance() ? distance : 0;
  }

  /** The relation. */
  public Relation relation() {
    return relation;
  }

  /** Whether the build geometry is the function's first argument. */
  public boolean buildFirst() {
    return buildFirst;
  }

  /** The distance of a distance relation, 0 otherwise. */
  public double distance() {
    return distance;
  }

  /**
   * How far to grow the build box (x0, y0)-(x1, y1) so that every probe that can match intersects
   * it: for a distance relation the distance plus a margin far above the rounding of the distance
   * arithmetic (a candidate too many only costs an exact test); 0 for the topological relations,
   * which all imply that the geometries share a point.
   */
  public double margin(double x0, double y0, double x1, double y1) {
    if (!relation.isDistance()) {
      return 0;
    }
    double magnitude = Math.max(Math.max(Math.abs(x0), Math.abs(x1)), Math.max(Math.abs(y0), Math.abs(y1)));
    return distance * (1 + 1e-9) + 1e-9 + 8 * Math.ulp(magnitude);
  }

  /** A build extent grown as the index grows it ({@link #margin}); a copy. */
  public Envelope grow(Envelope e) {
    Envelope out = new Envelope(e);
    if (!e.isNull()) {
      out.expandBy(margin(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()));
    }
    return out;
  }

  /**
   * Whether a probe point against a polygonal build geometry is decided by the point's location
   * alone ({@link #testLocation}).
   */
  public boolean usesLocation() {
    return switch (relation) {
      case INTERSECTS -> true;
      case CONTAINS, COVERS -> buildFirst;
      case WITHIN, COVERED_BY -> !buildFirst;
      default -> false;
    };
  }

  /**
   * The verdict for a probe point at JTS {@code Location} {@code loc} of a polygonal build
   * geometry (valid only when {@link #usesLocation}): contains/within need the interior,
   * intersects/covers/coveredBy any location but the exterior, as RelateNG decides them.
   */
  public boolean testLocation(int loc) {
    return switch (relation) {
      case CONTAINS, WITHIN -> loc == Location.INTERIOR;
      default -> loc != Location.EXTERIOR;
    };
  }

  /**
   * Evaluates the predicate for a pair whose envelopes (the build one {@link #grow grown}) intersect.
   *
   * @return {@link #MATCH}, {@link #NO_MATCH} or {@link #ASK}
   */
  public int test(BuildGeometry b, ProbeGeometry p) {
    if (!Srids.agree(b.srid(), p.srid())) {
      return ASK;
    }
    if (b.isEmpty() || p.isEmpty()) {
      return NO_MATCH;
    }
    boolean match = switch (relation) {
      case DWITHIN -> dwithin(b, p);
      case DISTANCE_LESS, DISTANCE_AT_MOST -> distanceTest(b, p);
      default -> relate(b, p);
    };
    return match ? MATCH : NO_MATCH;
  }

  private boolean relate(BuildGeometry b, ProbeGeometry p) {
    if (p.simplePoint() && b.polygonCount() > 0 && usesLocation()) {
      return testLocation(b.locate(p.coordinate()));
    }
    // Two small polygonal geometries: RelateNG's evidence for intersects, without RelateNG.
    if (relation == Relation.INTERSECTS && b.polygonCount() > 0 && !p.simplePoint() && p.fastIntersects()) {
      Geometry bg = b.geometry();
      if (b.fastIntersects(bg)) {
        return p.polygonIntersects().intersects(bg, p.geometry());
      }
    }
    TopologyPredicate predicate = topologyPredicate();
    if (buildFirst) {
      return b.relate(p.geometry(), predicate);
    }
    return RelateNG.relate(p.geometry(), b.geometry(), predicate);
  }

  private TopologyPredicate topologyPredicate() {
    return switch (relation) {
      case INTERSECTS -> RelatePredicate.intersects();
      case CONTAINS -> RelatePredicate.contains();
      case WITHIN -> RelatePredicate.within();
      case COVERS -> RelatePredicate.covers();
      case COVERED_BY -> RelatePredicate.coveredBy();
      default -> throw new IllegalStateException("Not a topological relation: " + relation);
    };
  }

  /** As {@code st_dwithin}: squared distance of simple points, else JTS's isWithinDistance. */
  private boolean dwithin(BuildGeometry b, ProbeGeometry p) {
    if (b.simplePoint() && p.simplePoint()) {
      double dx = buildFirst ? b.x() - p.x() : p.x() - b.x();
      double dy = buildFirst ? b.y() - p.y() : p.y() - b.y();
      return dx * dx + dy * dy <= distance * distance;
    }
    return buildFirst ? DistanceOp.isWithinDistance(b.geometry(), p.geometry(), distance)
        : DistanceOp.isWithinDistance(p.geometry(), b.geometry(), distance);
  }

  /** As {@code st_distance(a, b) < d} (or {@code <=}). */
  private boolean distanceTest(BuildGeometry b, ProbeGeometry p) {
    double d;
    if (b.simplePoint() && p.simplePoint()) {
      double dx = buildFirst ? b.x() - p.x() : p.x() - b.x();
      double dy = buildFirst ? b.y() - p.y() : p.y() - b.y();
      d = Math.sqrt(dx * dx + dy * dy);
      if (Double.isNaN(d)) {
        return false;
      }
    } else {
      Geometry first = buildFirst ? b.geometry() : p.geometry();
      Geometry second = buildFirst ? p.geometry() : b.geometry();
      d = first.distance(second);
    }
    return relation == Relation.DISTANCE_LESS ? d < distance : d <= distance;
  }

  @Override
  public String toString() {
    String args = buildFirst ? "build, probe" : "probe, build";
    return switch (relation) {
      case DWITHIN -> "st_dwithin(" + args + ", " + distance + ")";
      case DISTANCE_LESS -> "st_distance(" + args + ") < " + distance;
      case DISTANCE_AT_MOST -> "st_distance(" + args + ") <= " + distance;
      default -> relation.sql() + "(" + args + ")";
    };
  }
}
