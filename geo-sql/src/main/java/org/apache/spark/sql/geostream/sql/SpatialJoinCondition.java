package org.apache.spark.sql.geostream.sql;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.geostream.GeoFunction;
import org.geostream.sql.join.JoinPredicate;
import org.geostream.sql.join.JoinPredicate.Relation;

/**
 * The spatial part of a join condition: the first conjunct that relates a geometry of one side to a
 * geometry of the other, and the other conjuncts (the residual, evaluated on the pairs the spatial
 * part keeps).
 *
 * <p>Recognised conjuncts, either side in either argument, the {@code try_} variants included:
 * {@code st_intersects}, {@code st_contains}, {@code st_within}, {@code st_covers},
 * {@code st_coveredBy}; {@code st_dwithin(a, b, d)}; {@code st_distance(a, b) < d}, {@code <= d},
 * {@code d > st_distance(a, b)}, {@code d >= ...}; where each geometry argument is an expression
 * over one side only and {@code d} is a constant, finite and not negative (anything else is left to
 * Spark, which then answers with a nested loop). Immutable.
 *
 * @param relation the relation of the spatial conjunct
 * @param distance its constant distance (0 for topological relations)
 * @param leftGeometry the geometry argument over the left side's columns
 * @param rightGeometry the geometry argument over the right side's columns
 * @param leftFirst whether {@code leftGeometry} is the function's first argument
 * @param spatial the spatial conjunct itself
 * @param residual the other conjuncts, in their order, or null when there are none
 */
record SpatialJoinCondition(Relation relation, double distance, Expression leftGeometry, Expression rightGeometry,
    boolean leftFirst, Expression spatial, Expression residual) {

  /** The predicate with the left (true) or right (false) side as the build side. */
  JoinPredicate predicate(boolean buildLeft) {
    return new JoinPredicate(relation, buildLeft == leftFirst, distance);
  }

  /** The SQL of the spatial conjunct, for plans. */
  String describe() {
    return spatial.sql();
  }

  /**
   * Finds the spatial conjunct of {@code condition} between sides with outputs {@code left} and
   * {@code right}; null when there is none.
   */
  static SpatialJoinCondition find(Expression condition, AttributeSet left, AttributeSet right) {
    List<Expression> conjuncts = SpatialPushDown.conjunctsOf(condition);
    for (int i = 0; i < conjuncts.size(); i++) {
      SpatialJoinCondition found = match(conjuncts.get(i), left, right);
      if (found != null) {
        Expression residual = null;
        for (int j = 0; j < conjuncts.size(); j++) {
          if (j != i) {
            residual = residual == null ? conjuncts.get(j) : new And(residual, conjuncts.get(j));
          }
        }
        return new SpatialJoinCondition(found.relation, found.distance, found.leftGeometry, found.rightGeometry,
            found.leftFirst, found.spatial, residual);
      }
    }
    return null;
  }

  private static SpatialJoinCondition match(Expression e, AttributeSet left, AttributeSet right) {
    if (e instanceof LessThan lt) {
      return distance(e, lt.left(), lt.right(), Relation.DISTANCE_LESS, left, right);
    }
    if (e instanceof LessThanOrEqual le) {
      return distance(e, le.left(), le.right(), Relation.DISTANCE_AT_MOST, left, right);
    }
    if (e instanceof GreaterThan gt) {
      return distance(e, gt.right(), gt.left(), Relation.DISTANCE_LESS, left, right);
    }
    if (e instanceof GreaterThanOrEqual ge) {
      return distance(e, ge.right(), ge.left(), Relation.DISTANCE_AT_MOST, left, right);
    }
    if (!(e instanceof GeoFunction f)) {
      return null;
    }
    String name = f.prettyName().toLowerCase(Locale.ROOT);
    if (name.equals("st_dwithin") && f.children().size() == 3) {
      Double d = constantDistance(f.children().apply(2));
      return d == null ? null : sides(e, f, Relation.DWITHIN, d, left, right);
    }
    Relation r = Relation.ofFunction(name);
    return r != null && f.children().size() == 2 ? sides(e, f, r, 0, left, right) : null;
  }

  /** {@code st_distance(a, b) <op> limit}. */
  private static SpatialJoinCondition distance(Expression e, Expression measured, Expression limit, Relation r,
      AttributeSet left, AttributeSet right) {
    if (!(measured instanceof GeoFunction f) || !f.prettyName().equalsIgnoreCase("st_distance") || f.children().size() != 2) {
      return null;
    }
    Double d = constantDistance(limit);
    return d == null ? null : sides(e, f, r, d, left, right);
  }

  /** A constant, finite, non-negative number, or null. */
  private static Double constantDistance(Expression e) {
    if (!e.foldable()) {
      return null;
    }
    Object v = e.eval(null);
    if (!(v instanceof Number n)) {
      return null;
    }
    double d = n.doubleValue();
    return d >= 0 && d < Double.POSITIVE_INFINITY ? d : null;
  }

  /** Assigns the function's two geometry arguments to the sides; null unless one is on each. */
  private static SpatialJoinCondition sides(Expression conjunct, GeoFunction f, Relation r, double d,
      AttributeSet left, AttributeSet right) {
    Expression a = f.children().apply(0);
    Expression b = f.children().apply(1);
    if (!conjunct.deterministic()) {
      return null;
    }
    if (on(a, left) && on(b, right)) {
      return new SpatialJoinCondition(r, d, a, b, true, conjunct, null);
    }
    if (on(a, right) && on(b, left)) {
      return new SpatialJoinCondition(r, d, b, a, false, conjunct, null);
    }
    return null;
  }

  private static boolean on(Expression e, AttributeSet side) {
    return !e.references().isEmpty() && e.references().subsetOf(side);
  }
}
