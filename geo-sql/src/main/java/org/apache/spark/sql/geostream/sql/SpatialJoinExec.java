package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.optimizer.BuildLeft$;
import org.apache.spark.sql.catalyst.optimizer.BuildSide;
import org.apache.spark.sql.catalyst.plans.JoinType;
import org.apache.spark.sql.catalyst.plans.LeftOuter$;
import org.apache.spark.sql.catalyst.plans.RightOuter$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.geostream.sql.join.JoinPredicate;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * What the two spatial join operators share: the join type, the build side, the condition (of
 * which the spatial conjunct and the residual are found again with {@link SpatialJoinCondition}),
 * the output columns (only those the plan above reads, so that a large build geometry is not copied
 * into every output row), the children, and how a plan prints: the operator, its kind, the join
 * type, the spatial predicate and the residual.
 */
abstract class SpatialJoinExec extends SparkPlan {
  private static final long serialVersionUID = 1L;

  final JoinType joinType;
  final BuildSide buildSide;
  final Expression condition;
  final Seq<Attribute> output;
  final SparkPlan left;
  final SparkPlan right;
  private transient scala.collection.immutable.Map<String, SQLMetric> metrics;

  SpatialJoinExec(JoinType joinType, BuildSide buildSide, Expression condition, Seq<Attribute> output,
      SparkPlan left, SparkPlan right) {
    this.joinType = joinType;
    this.buildSide = buildSide;
    this.condition = condition;
    this.output = output;
    this.left = left;
    this.right = right;
  }

  boolean buildLeft() {
    return buildSide == BuildLeft$.MODULE$;
  }

  /** Whether unmatched rows of the streamed side are kept (left or right outer join). */
  boolean outer() {
    return joinType == LeftOuter$.MODULE$ || joinType == RightOuter$.MODULE$;
  }

  SparkPlan buildPlan() {
    return buildLeft() ? left : right;
  }

  SparkPlan probePlan() {
    return buildLeft() ? right : left;
  }

  /** The spatial conjunct and the residual, as the strategy found them. */
  SpatialJoinCondition spatial() {
    SpatialJoinCondition c = SpatialJoinCondition.find(condition, left.outputSet(), right.outputSet());
    if (c == null) {
      throw new IllegalStateException("Cannot run a spatial join: no spatial predicate in " + condition.sql());
    }
    return c;
  }

  /** The task specification (built on the driver). */
  JoinSpec spec() {
    SpatialJoinCondition c = spatial();
    JoinPredicate predicate = c.predicate(buildLeft());
    Seq<Attribute> leftOut = left.output();
    Seq<Attribute> rightOut = right.output();
    SideGeometry leftGeometry = SideGeometry.of(c.leftGeometry(), leftOut);
    SideGeometry rightGeometry = SideGeometry.of(c.rightGeometry(), rightOut);
    // The build side's columns are null in the rows an outer join pads.
    List<Attribute> input = new ArrayList<>();
    for (Attribute a : JavaConverters.seqAsJavaList(leftOut)) {
      input.add(outer() && buildLeft() ? a.withNullability(true) : a);
    }
    for (Attribute a : JavaConverters.seqAsJavaList(rightOut)) {
      input.add(outer() && !buildLeft() ? a.withNullability(true) : a);
    }
    return new JoinSpec(predicate, buildLeft() ? rightGeometry : leftGeometry, buildLeft() ? leftGeometry : rightGeometry,
        !buildLeft(), outer(), buildPlan().output().size(), c.residual(), condition, output,
        JavaConverters.asScalaBuffer(input).toSeq(), numOutputRows());
  }

  SQLMetric numOutputRows() {
    return metrics().apply("numOutputRows");
  }

  @Override
  public scala.collection.immutable.Map<String, SQLMetric> metrics() {
    if (metrics == null) {
      metrics = new scala.collection.immutable.Map.Map1<>("numOutputRows",
          SQLMetrics.createMetric(sparkContext(), "number of output rows"));
    }
    return metrics;
  }

  @Override
  public Seq<Attribute> output() {
    return output;
  }

  @Override
  public Seq<SparkPlan> children() {
    return JavaConverters.asScalaBuffer(List.of(left, right)).toSeq();
  }

  /** Extra words for the plan line (the partitioned join's partition count). */
  String details() {
    return "";
  }

  /**
   * The plan line after the operator's name ({@code BroadcastSpatialJoin} or
   * {@code PartitionedSpatialJoin}): join type, build side, the spatial predicate, the residual.
   */
  @Override
  public String argString(int maxFields) {
    SpatialJoinCondition c = SpatialJoinCondition.find(condition, left.outputSet(), right.outputSet());
    String predicate = c == null ? condition.sql() : c.describe();
    String residual = c == null || c.residual() == null ? "" : ", residual " + c.residual().sql();
    return joinType.sql().toLowerCase(Locale.ROOT).replace(' ', '_') + ", build " + (buildLeft() ? "left" : "right")
        + details() + ", " + predicate + residual;
  }

  /**
   * The constructor's arguments, in its order: Spark copies the node through them
   * ({@code makeCopy}), and equality and hashing compare them.
   */
  abstract List<Object> constructorArgs();

  @Override
  public int productArity() {
    return constructorArgs().size();
  }

  @Override
  public Object productElement(int n) {
    List<Object> args = constructorArgs();
    if (n < 0 || n >= args.size()) {
      throw new IndexOutOfBoundsException(Integer.toString(n));
    }
    return args.get(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  @Override
  public boolean equals(Object o) {
    if (!canEqual(o)) {
      return false;
    }
    return constructorArgs().equals(((SpatialJoinExec) o).constructorArgs());
  }

  @Override
  public int hashCode() {
    return 31 * getClass().hashCode() + constructorArgs().hashCode();
  }
}
