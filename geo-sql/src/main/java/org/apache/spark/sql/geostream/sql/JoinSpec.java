package org.apache.spark.sql.geostream.sql;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BasePredicate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Predicate;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.geostream.sql.join.JoinPredicate;
import scala.collection.Seq;

/**
 * Everything a task of a spatial join needs, built on the driver and shipped with the task:
 * the predicate with its build and probe sides, the two sides' geometry expressions, the residual
 * conjuncts and the whole condition, and the output columns. The generated predicates and
 * projection are compiled on first use in each deserialized copy, so one copy serves one task.
 */
final class JoinSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final JoinPredicate predicate;
  private final SideGeometry probeGeometry;
  private final SideGeometry buildGeometry;
  private final boolean probeLeft;
  private final boolean outer;
  private final int buildWidth;
  private final Expression residual;
  private final Expression condition;
  private final Seq<Attribute> output;
  private final Seq<Attribute> input;
  private final SQLMetric numOutputRows;
  private transient BasePredicate residualPredicate;
  private transient BasePredicate conditionPredicate;
  private transient UnsafeProjection outputProjection;

  /**
   * @param input the left side's output followed by the right side's: the rows the residual, the
   *     condition and the output projection read
   */
  JoinSpec(JoinPredicate predicate, SideGeometry probeGeometry, SideGeometry buildGeometry, boolean probeLeft,
      boolean outer, int buildWidth, Expression residual, Expression condition, Seq<Attribute> output,
      Seq<Attribute> input, SQLMetric numOutputRows) {
    this.predicate = predicate;
    this.probeGeometry = probeGeometry;
    this.buildGeometry = buildGeometry;
    this.probeLeft = probeLeft;
    this.outer = outer;
    this.buildWidth = buildWidth;
    this.residual = residual;
    this.condition = condition;
    this.output = output;
    this.input = input;
    this.numOutputRows = numOutputRows;
  }

  JoinPredicate predicate() {
    return predicate;
  }

  SideGeometry probeGeometry() {
    return probeGeometry;
  }

  SideGeometry buildGeometry() {
    return buildGeometry;
  }

  /** Whether the probe (streamed) side is the join's left side. */
  boolean probeLeft() {
    return probeLeft;
  }

  /** Whether unmatched probe rows are emitted with nulls. */
  boolean outer() {
    return outer;
  }

  /** The number of columns of the build side. */
  int buildWidth() {
    return buildWidth;
  }

  SQLMetric numOutputRows() {
    return numOutputRows;
  }

  /** The residual conjuncts over the joined row, or null when there are none. */
  BasePredicate residual() {
    if (residual == null) {
      return null;
    }
    if (residualPredicate == null) {
      residualPredicate = Predicate.create(residual, input);
      residualPredicate.initialize(0);
    }
    return residualPredicate;
  }

  /** The whole join condition over the joined row. */
  BasePredicate condition() {
    if (conditionPredicate == null) {
      conditionPredicate = Predicate.create(condition, input);
      conditionPredicate.initialize(0);
    }
    return conditionPredicate;
  }

  /** The projection of a joined row to the join's output columns. */
  UnsafeProjection output() {
    if (outputProjection == null) {
      @SuppressWarnings("unchecked")
      Seq<Expression> columns = (Seq<Expression>) (Seq<?>) output;
      outputProjection = UnsafeProjection.create(columns, input);
    }
    return outputProjection;
  }
}
