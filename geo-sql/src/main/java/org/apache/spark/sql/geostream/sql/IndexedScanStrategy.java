package org.apache.spark.sql.geostream.sql;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.planning.PhysicalOperation$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.SparkStrategy;
import org.locationtech.jts.geom.Envelope;
import scala.Option;
import scala.Tuple3;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Plans filters over an {@link IndexedCache} ({@code GeoStream.cache(df)}) whose conjuncts bound the
 * indexed geometry column by a box ({@link SpatialPushDown#box}: {@code st_intersects},
 * {@code st_contains}, {@code st_within}, ..., {@code st_dwithin}, {@code st_distance < d} against a
 * constant) as {@code Project(Filter(IndexedCacheScan))}: the index finds the rows whose box meets the
 * intersection of those boxes, and the whole filter still decides each of them, so the answer is the
 * one without the index. Any other use of the cached DataFrame reads all its rows.
 */
public final class IndexedScanStrategy extends SparkStrategy {

  @Override
  public Seq<SparkPlan> apply(LogicalPlan plan) {
    Option<Tuple3<Seq<NamedExpression>, Seq<Expression>, LogicalPlan>> op = PhysicalOperation$.MODULE$.unapply(plan);
    if (op.isEmpty() || !(op.get()._3() instanceof LogicalRDD r) || IndexedCache.of(r) == null
        || op.get()._2().isEmpty()) {
      return nil();
    }
    IndexedCache cache = IndexedCache.of(r);
    Attribute indexed = r.output().apply(cache.geometry());
    List<Expression> filters = JavaConverters.seqAsJavaList(op.get()._2());
    Envelope box = null;
    for (SpatialPushDown.Box b : SpatialPushDown.boxesOf(filters)) {
      if (b.column().exprId().equals(indexed.exprId())) {
        box = box == null ? new Envelope(b.envelope()) : box.intersection(b.envelope());
      }
    }
    if (box == null) {
      return nil();
    }
    Expression condition = filters.stream().reduce(And::new).orElseThrow();
    SparkPlan scan = new IndexedScanExec(r.output(), cache, box);
    SparkPlan top = new ProjectExec(op.get()._1(), new FilterExec(condition, scan));
    return JavaConverters.asScalaBuffer(List.of(top)).toSeq();
  }

  @SuppressWarnings("unchecked")
  private static Seq<SparkPlan> nil() {
    return (Seq<SparkPlan>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
  }
}
