package org.geostream.sql;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.geostream.sql.SpatialPushDown;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.geostream.GeoFunctions;
import scala.Function1;
import scala.Tuple3;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * The session extension that turns GeoStream on:
 * {@code spark.sql.extensions=org.geostream.sql.GeoStreamExtensions}. Grouped by phase; it only
 * injects, with no side effects beyond registering the geometry types with Spark.
 *
 * <ul>
 *   <li>Functions: the whole {@code st_*} catalogue, its {@code try_} variants and the aggregates.
 *   <li>Optimizer: {@link SpatialPushDown}, spatial predicates on {@code format("geostream")}
 *       tables pushed into the store as ECQL.
 * </ul>
 */
public final class GeoStreamExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    injectFunctions(extensions);
    injectOptimizerRules(extensions);
    return BoxedUnit.UNIT;
  }

  private static void injectOptimizerRules(SparkSessionExtensions extensions) {
    extensions.injectOptimizerRule(new AbstractFunction1<SparkSession, Rule<LogicalPlan>>() {
      @Override
      public Rule<LogicalPlan> apply(SparkSession session) {
        return new SpatialPushDown();
      }
    });
  }

  private static void injectFunctions(SparkSessionExtensions extensions) {
    for (Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>> f : GeoFunctions.registrations()) {
      extensions.injectFunction(f);
    }
  }
}
