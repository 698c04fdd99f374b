package org.apache.spark.sql.geostream.sql;

import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.geostream.sql.source.GeoRelation;
import org.geostream.sql.source.GeoTable;
import scala.Option;
import scala.collection.Seq;
import scala.runtime.AbstractPartialFunction;

/**
 * The optimizer rule that reads a session-catalog {@code geostream} table ({@code CREATE TABLE t
 * USING geostream OPTIONS (...)}) through the DataSource V2 table instead of the relation Spark 3.5
 * resolves it to, so that its scans get the V2 pushdown (attribute, time and feature-id predicates,
 * the spatial predicates of {@link SpatialPushDown}, column pruning, {@code LIMIT}) and show the
 * pushed ECQL in {@code explain()}. The V2 relation keeps the relation's output attributes, so the
 * rest of the plan is unchanged. Only reads are replaced: {@code INSERT} commands hold their target
 * relation outside the plan's children. Runs before {@link SpatialPushDown} in the operator
 * optimization batch.
 */
public final class SessionTableScan extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return plan.transformUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
      @Override
      public boolean isDefinedAt(LogicalPlan p) {
        return p instanceof LogicalRelation l && l.relation() instanceof GeoRelation && !l.isStreaming();
      }

      @Override
      public LogicalPlan apply(LogicalPlan p) {
        return isDefinedAt(p) ? toV2((LogicalRelation) p) : p;
      }
    });
  }

  private static LogicalPlan toV2(LogicalRelation l) {
    GeoRelation relation = (GeoRelation) l.relation();
    GeoTable table = relation.table();
    Seq<AttributeReference> output = l.output();
    if (output.size() != table.schema().size()) {
      return l;
    }
    for (int i = 0; i < output.size(); i++) {
      if (!output.apply(i).name().equals(table.schema().fields()[i].name())) {
        return l;
      }
    }
    Option<Identifier> identifier = l.catalogTable().isDefined()
        ? Option.apply(Identifier.of(new String[0], l.catalogTable().get().identifier().table()))
        : Option.empty();
    return new DataSourceV2Relation(table, output, Option.empty(), identifier, relation.readOptions());
  }
}
