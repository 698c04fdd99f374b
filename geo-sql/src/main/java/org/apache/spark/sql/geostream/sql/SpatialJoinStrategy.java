package org.apache.spark.sql.geostream.sql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.optimizer.BuildLeft$;
import org.apache.spark.sql.catalyst.optimizer.BuildRight$;
import org.apache.spark.sql.catalyst.optimizer.BuildSide;
import org.apache.spark.sql.catalyst.planning.ExtractEquiJoinKeys$;
import org.apache.spark.sql.catalyst.plans.InnerLike;
import org.apache.spark.sql.catalyst.plans.JoinType;
import org.apache.spark.sql.catalyst.plans.LeftOuter$;
import org.apache.spark.sql.catalyst.plans.RightOuter$;
import org.apache.spark.sql.catalyst.plans.logical.BROADCAST$;
import org.apache.spark.sql.catalyst.plans.logical.HintInfo;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.SparkStrategy;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The planner strategy that turns a join whose condition holds a spatial predicate between the two
 * sides ({@link SpatialJoinCondition}) into a spatial join: {@link BroadcastSpatialJoinExec} when
 * a side may be broadcast, {@link PartitionedSpatialJoinExec} otherwise.
 *
 * <p>Planned: inner (and cross) joins, left and right outer joins, with a deterministic condition
 * and no equality between the sides (those are Spark's hash joins, with the spatial predicate as
 * their residual). A side is broadcast when it has a {@code broadcast} hint or its estimated size
 * is at most {@link JoinConf#BROADCAST_THRESHOLD}; an outer join broadcasts only the side whose
 * unmatched rows are dropped. Between two candidates the hinted one, then the smaller one wins; a
 * partitioned inner join builds its index over the smaller side. Off when {@link JoinConf#ENABLED}
 * is false. A projection directly above the join is planned with it, so that the join outputs
 * only the columns read above it.
 */
public final class SpatialJoinStrategy extends SparkStrategy {

  @Override
  public Seq<SparkPlan> apply(LogicalPlan plan) {
    if (!JoinConf.enabled()) {
      return nil();
    }
    if (plan instanceof Project p && p.child() instanceof Join j) {
      SparkPlan join = plan(j, p.references());
      return join == null ? nil() : one(new ProjectExec(p.projectList(), join));
    }
    if (plan instanceof Join j) {
      SparkPlan join = plan(j, null);
      return join == null ? nil() : one(join);
    }
    return nil();
  }

  /** The spatial join for {@code j} producing the columns {@code needed} (all when null), or null. */
  private SparkPlan plan(Join j, AttributeSet needed) {
    JoinType type = j.joinType();
    boolean leftOuter = type == LeftOuter$.MODULE$;
    boolean rightOuter = type == RightOuter$.MODULE$;
    if (!(type instanceof InnerLike) && !leftOuter && !rightOuter || j.condition().isEmpty()) {
      return null;
    }
    Expression condition = j.condition().get();
    if (!condition.deterministic() || ExtractEquiJoinKeys$.MODULE$.unapply(j).isDefined()) {
      return null;
    }
    LogicalPlan left = j.left();
    LogicalPlan right = j.right();
    if (SpatialJoinCondition.find(condition, left.outputSet(), right.outputSet()) == null) {
      return null;
    }
    List<Attribute> columns = new ArrayList<>();
    for (Attribute a : JavaConverters.seqAsJavaList(j.output())) {
      if (needed == null || needed.contains(a)) {
        columns.add(a);
      }
    }
    Seq<Attribute> output = JavaConverters.asScalaBuffer(columns).toSeq();

    long threshold = JoinConf.broadcastThreshold();
    boolean hintLeft = broadcastHint(j.hint().leftHint());
    boolean hintRight = broadcastHint(j.hint().rightHint());
    boolean canLeft = !leftOuter && (hintLeft || fits(left, threshold));
    boolean canRight = !rightOuter && (hintRight || fits(right, threshold));
    SparkPlan l = planLater(left);
    SparkPlan r = planLater(right);
    if (canLeft || canRight) {
      boolean buildLeft;
      if (canLeft && canRight) {
        buildLeft = hintLeft != hintRight ? hintLeft : size(left).compareTo(size(right)) <= 0;
      } else {
        buildLeft = canLeft;
      }
      return new BroadcastSpatialJoinExec(type, side(buildLeft), condition, output, l, r);
    }
    boolean buildLeft = rightOuter || !leftOuter && size(left).compareTo(size(right)) < 0;
    return new PartitionedSpatialJoinExec(type, side(buildLeft), condition, output, JoinConf.partitions(), l, r);
  }

  private static BuildSide side(boolean left) {
    return left ? BuildLeft$.MODULE$ : BuildRight$.MODULE$;
  }

  private static boolean broadcastHint(Option<HintInfo> hint) {
    return hint.isDefined() && hint.get().strategy().isDefined() && hint.get().strategy().get() == BROADCAST$.MODULE$;
  }

  private static boolean fits(LogicalPlan plan, long threshold) {
    return threshold >= 0 && size(plan).compareTo(BigInteger.valueOf(threshold)) <= 0;
  }

  private static BigInteger size(LogicalPlan plan) {
    return plan.stats().sizeInBytes().bigInteger();
  }

  @SuppressWarnings("unchecked")
  private static Seq<SparkPlan> nil() {
    return (Seq<SparkPlan>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
  }

  private static Seq<SparkPlan> one(SparkPlan p) {
    return JavaConverters.asScalaBuffer(List.of(p)).toSeq();
  }
}
