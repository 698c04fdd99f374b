package org.geostream.sql;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.SparkStrategy;
import org.apache.spark.sql.geostream.sql.GeoParquetScan;
import org.apache.spark.sql.geostream.sql.SessionTableScan;
import org.apache.spark.sql.geostream.sql.SpatialJoinStrategy;
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
 *   <li>Optimizer: {@link SessionTableScan}, session-catalog {@code USING geostream} tables read
 *       through the V2 source; {@link SpatialPushDown}, spatial predicates on
 *       {@code format("geostream")} tables pushed into the store as ECQL.
 *   <li>Planner: {@link SpatialJoinStrategy}, joins on {@code st_intersects}, {@code st_contains},
 *       {@code st_within}, {@code st_covers}, {@code st_coveredBy}, {@code st_dwithin} and
 *       {@code st_distance < d} planned as broadcast or partitioned spatial joins
 *       ({@code spark.geostream.join.*} options); {@link GeoParquetScan}, {@code format("geoparquet")}
 *       read by Spark's Parquet scan with files and row groups pruned by the spatial predicates.
 * </ul>
 */
public final class GeoStreamExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    injectFunctions(extensions);
    injectOptimizerRules(extensions);
    injectPlannerStrategies(extensions);
    return BoxedUnit.UNIT;
  }

  private static void injectPlannerStrategies(SparkSessionExtensions extensions) {
    extensions.injectPlannerStrategy(new AbstractFunction1<SparkSession, SparkStrategy>() {
      @Override
      public SparkStrategy apply(SparkSession session) {
        return new SpatialJoinStrategy();
      }
    });
    extensions.injectPlannerStrategy(new AbstractFunction1<SparkSession, SparkStrategy>() {
      @Override
      public SparkStrategy apply(SparkSession session) {
        return new GeoParquetScan();
      }
    });
  }

  private static void injectOptimizerRules(SparkSessionExtensions extensions) {
    extensions.injectOptimizerRule(new AbstractFunction1<SparkSession, Rule<LogicalPlan>>() {
      @Override
      public Rule<LogicalPlan> apply(SparkSession session) {
        return new SessionTableScan();
      }
    });
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
