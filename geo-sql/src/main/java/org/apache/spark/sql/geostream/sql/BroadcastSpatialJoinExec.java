package org.apache.spark.sql.geostream.sql;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.optimizer.BuildSide;
import org.apache.spark.sql.catalyst.plans.JoinType;
import org.apache.spark.sql.catalyst.plans.physical.BroadcastDistribution;
import org.apache.spark.sql.catalyst.plans.physical.Distribution;
import org.apache.spark.sql.catalyst.plans.physical.IdentityBroadcastMode$;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.catalyst.plans.physical.UnspecifiedDistribution$;
import org.apache.spark.sql.execution.SparkPlan;
import org.geostream.sql.join.BuildIndex;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag$;

/**
 * The broadcast spatial join: the small side's rows are broadcast (Spark's broadcast exchange, so
 * size limits, adaptive execution and exchange reuse work as for its own joins), indexed once per
 * executor ({@link BroadcastIndexes}), and every partition of the large side is streamed against the
 * index ({@link JoinTask}). Inner joins build either side; a left (right) outer join builds the right
 * (left) side and streams the side whose rows are kept.
 */
public final class BroadcastSpatialJoinExec extends SpatialJoinExec {
  private static final long serialVersionUID = 1L;

  /** The join of {@code left} and {@code right}, {@code buildSide} broadcast. */
  public BroadcastSpatialJoinExec(JoinType joinType, BuildSide buildSide, Expression condition, Seq<Attribute> output,
      SparkPlan left, SparkPlan right) {
    super(joinType, buildSide, condition, output, left, right);
  }

  @Override
  public Seq<Distribution> requiredChildDistribution() {
    Distribution broadcast = new BroadcastDistribution(IdentityBroadcastMode$.MODULE$);
    Distribution any = UnspecifiedDistribution$.MODULE$;
    return JavaConverters.asScalaBuffer(buildLeft() ? List.of(broadcast, any) : List.of(any, broadcast)).toSeq();
  }

  @Override
  public Partitioning outputPartitioning() {
    return probePlan().outputPartitioning();
  }

  @Override
  public RDD<InternalRow> doExecute() {
    JoinSpec spec = spec();
    Broadcast<InternalRow[]> build = buildPlan().executeBroadcast();
    JavaRDD<InternalRow> probe = JavaRDD.fromRDD(probePlan().execute(), ClassTag$.MODULE$.apply(InternalRow.class));
    return probe.mapPartitions(rows -> {
      BuildIndex index = BroadcastIndexes.get(build.value(), spec.buildGeometry(), spec.predicate());
      return new JoinTask(rows, spec, index, index.sridRepresentatives(), null, 0);
    }, true).rdd();
  }

  @Override
  public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> children) {
    return new BroadcastSpatialJoinExec(joinType, buildSide, condition, output, children.apply(0), children.apply(1));
  }

  @Override
  List<Object> constructorArgs() {
    return Arrays.asList(joinType, buildSide, condition, output, left, right);
  }
}
