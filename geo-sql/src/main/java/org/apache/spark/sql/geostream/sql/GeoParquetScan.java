package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.planning.PhysicalOperation$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.SparkStrategy;
import scala.Tuple3;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.geostream.sql.geoparquet.GeoParquetMetadata;
import org.geostream.sql.geoparquet.GeoParquetRelation;
import org.locationtech.jts.geom.Envelope;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The planner strategy that reads {@code format("geoparquet")} with Spark's own Parquet scan: for
 * the projections and filters over a GeoParquet relation (Spark's {@code PhysicalOperation}, the
 * final optimized plan), it plans {@code Project(Filter(Project(decoded geometries, Filter(covering
 * test, parquet relation))))} instead, which Spark's file source strategy then plans as one Parquet
 * scan. For every filter conjunct that bounds a geometry column by a box
 * ({@link SpatialPushDown#box}):
 *
 * <ul>
 *   <li>files whose {@code geo} metadata bbox of that column lies outside the box are left out (read
 *       from the footers once per relation);
 *   <li>for a column with a covering column, {@code bbox.xmin <= maxX AND bbox.xmax >= minX AND ...}
 *       goes below the decoding, where Spark pushes it into Parquet, which skips row groups by the
 *       statistics of the covering columns.
 * </ul>
 *
 * Both only drop rows whose geometry's box misses the predicate's box, for which the predicate is
 * false; the filter itself stays above, so Spark decides every row. {@code explain()} shows the
 * Parquet scan, its {@code PushedFilters} and the number of files. A strategy rather than an
 * optimizer rule, so that it sees the filters where the optimizer finally put them.
 */
public final class GeoParquetScan extends SparkStrategy {

  @Override
  public Seq<SparkPlan> apply(LogicalPlan plan) {
    Option<Tuple3<Seq<NamedExpression>, Seq<Expression>, LogicalPlan>> op = PhysicalOperation$.MODULE$.unapply(plan);
    if (op.isEmpty() || relation(op.get()._3()) == null) {
      return (Seq<SparkPlan>) (Seq<?>) scala.collection.immutable.Nil$.MODULE$;
    }
    List<Expression> filters = JavaConverters.seqAsJavaList(op.get()._2());
    Expression condition = filters.stream().reduce(And::new).orElse(null);
    LogicalPlan read = rewrite((LogicalRelation) op.get()._3(), SpatialPushDown.boxesOf(filters));
    LogicalPlan top = new Project(op.get()._1(), condition == null ? read : new Filter(condition, read));
    return JavaConverters.asScalaBuffer(List.of(planLater(top))).toSeq();
  }

  private static GeoParquetRelation relation(LogicalPlan p) {
    return p instanceof LogicalRelation l && l.relation() instanceof GeoParquetRelation g && !l.isStreaming() ? g : null;
  }

  private static LogicalPlan rewrite(LogicalRelation l, List<SpatialPushDown.Box> boxes) {
    GeoParquetRelation r = (GeoParquetRelation) l.relation();
    Map<String, Envelope> byColumn = new HashMap<>();
    for (SpatialPushDown.Box b : boxes) {
      boolean ours = JavaConverters.seqAsJavaList(l.output()).stream()
          .anyMatch(a -> a.exprId().equals(b.column().exprId()));
      if (ours && r.metadata().columns().containsKey(b.column().name())) {
        byColumn.merge(b.column().name(), b.envelope(), (a, c) -> a.intersection(c));
      }
    }
    List<String> files = new ArrayList<>();
    for (String f : r.files()) {
      boolean keep = true;
      for (Map.Entry<String, Envelope> e : byColumn.entrySet()) {
        Envelope fileBox = e.getValue().isNull() ? new Envelope() : r.bounds(f, e.getKey());
        if (e.getValue().isNull() || (fileBox != null && !fileBox.intersects(e.getValue()))) {
          keep = false;
        }
      }
      if (keep) {
        files.add(f);
      }
    }
    List<Attribute> output = new ArrayList<>(JavaConverters.seqAsJavaList(l.output()));
    if (files.isEmpty()) {
      return new LocalRelation(seq(output), seq(List.of()), false);
    }
    LogicalPlan parquet = r.read(files).queryExecution().analyzed();
    Map<String, Attribute> inner = new HashMap<>();
    JavaConverters.seqAsJavaList(parquet.output()).forEach(a -> inner.put(a.name(), a));
    Expression cover = null;
    for (Map.Entry<String, Envelope> e : byColumn.entrySet()) {
      GeoParquetMetadata.Column c = r.metadata().columns().get(e.getKey());
      Attribute box = c.covering() == null ? null : inner.get(c.covering());
      if (box != null && box.dataType() instanceof StructType s && s.getFieldIndex("xmin").isDefined()) {
        Envelope env = e.getValue();
        Expression t = new And(new And(le(field(box, s, "xmin"), env.getMaxX()), ge(field(box, s, "xmax"), env.getMinX())),
            new And(le(field(box, s, "ymin"), env.getMaxY()), ge(field(box, s, "ymax"), env.getMinY())));
        cover = cover == null ? t : new And(cover, t);
      }
    }
    LogicalPlan below = cover == null ? parquet : new Filter(cover, parquet);
    List<NamedExpression> projection = new ArrayList<>();
    for (Attribute a : output) {
      Attribute source = inner.get(a.name());
      Expression value = r.metadata().columns().containsKey(a.name()) ? r.decode(a.name(), source) : source;
      projection.add(new Alias(value, a.name(), a.exprId(), seq(List.of()), Option.<Metadata>apply(a.metadata()),
          seq(List.of())));
    }
    return new Project(seq(projection), below);
  }

  private static Expression field(Attribute box, StructType s, String name) {
    return new GetStructField(box, s.fieldIndex(name), Option.apply(name));
  }

  private static Expression le(Expression e, double v) {
    return new LessThanOrEqual(e, Literal.create(v, DataTypes.DoubleType));
  }

  private static Expression ge(Expression e, double v) {
    return new GreaterThanOrEqual(e, Literal.create(v, DataTypes.DoubleType));
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
  }
}
