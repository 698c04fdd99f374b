package org.apache.spark.sql.geostream.postgis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.InterpretedProjection;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.geostream.GeoTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The GeoStream side: the corpus and the pairs as cached DataFrames, each function evaluated over
 * all rows in one query. The query uses the {@code try_} variant so one bad row does not fail it;
 * where that gives null, the row is evaluated once more with the strict function (interpreted, on
 * the driver) to tell a genuine null from an error, and to keep the error's message.
 */
final class SparkSide {
  /** What GeoStream said for one row. */
  record Result(Object value, String error) {}

  private final SparkSession spark;
  private final Dataset<Row> corpus;
  private final Dataset<Row> pairs;
  private final int corpusRows;
  private final int pairRows;

  SparkSide(SparkSession spark, Corpus c) {
    this.spark = spark;
    StructType unary = new StructType().add("id", DataTypes.IntegerType).add("g", GeoTypes.GEOMETRY);
    List<Row> rows = new ArrayList<>();
    for (Corpus.Entry e : c.entries()) {
      rows.add(RowFactory.create(e.id(), e.geometry()));
    }
    this.corpus = spark.createDataFrame(rows, unary).cache();
    StructType binary = new StructType().add("id", DataTypes.IntegerType)
        .add("a", GeoTypes.GEOMETRY).add("b", GeoTypes.GEOMETRY);
    List<Row> pairRows = new ArrayList<>();
    for (Corpus.Pair p : c.pairs()) {
      pairRows.add(RowFactory.create(p.id(), c.entry(p.a()).geometry(), c.entry(p.b()).geometry()));
    }
    this.pairs = spark.createDataFrame(pairRows, binary).cache();
    this.corpusRows = (int) corpus.count();
    this.pairRows = (int) pairs.count();
  }

  /**
   * Evaluates a SQL expression over the corpus ({@code g}) or the pairs ({@code a}, {@code b}).
   * The expression must start with the GeoStream function's name, so that prefixing {@code try_}
   * gives its permissive variant. Only the rows of {@code ids} are evaluated.
   */
  Map<Integer, Result> evaluate(String expression, boolean binary, java.util.Set<Integer> ids) {
    Dataset<Row> all = binary ? pairs : corpus;
    Dataset<Row> table = ids.size() == (binary ? pairRows : corpusRows) ? all : all.where(org.apache.spark.sql.functions.col("id").isin(ids.toArray()));
    Map<Integer, Result> out = new HashMap<>();
    List<Integer> nulls = new ArrayList<>();
    for (Row r : table.selectExpr("id", "try_" + expression + " AS v").collectAsList()) {
      Object v = r.get(1);
      if (v == null) {
        nulls.add(r.getInt(0));
      } else {
        out.put(r.getInt(0), new Result(v, null));
      }
    }
    if (!nulls.isEmpty()) {
      classifyNulls(all, expression, nulls, out);
    }
    return out;
  }

  /** Evaluates the strict expression on the rows where the permissive one gave null. */
  private void classifyNulls(Dataset<Row> table, String expression, List<Integer> ids, Map<Integer, Result> out) {
    LogicalPlan plan = table.selectExpr("id", expression + " AS v").queryExecution().analyzed();
    if (!(plan instanceof Project project) || !(project.child() instanceof LocalRelation relation)) {
      throw new IllegalStateException("Cannot evaluate row by row: unexpected plan " + plan);
    }
    Expression e = (Expression) project.projectList().apply(1);
    if (e instanceof Alias alias) {
      e = alias.child();
    }
    InterpretedProjection strict = new InterpretedProjection(JavaConverters.asScalaBuffer(List.of(e)).toSeq(), relation.output());
    Map<Integer, InternalRow> byId = new HashMap<>();
    for (InternalRow row : JavaConverters.seqAsJavaList(relation.data())) {
      byId.put(row.getInt(0), row);
    }
    for (int id : ids) {
      try {
        InternalRow r = strict.apply(byId.get(id));
        Object v = r.isNullAt(0) ? null : r.get(0, e.dataType());
        out.put(id, v == null
            ? new Result(null, null)
            : new Result(null, "the try_ variant gave null but the strict one gave " + v));
      } catch (RuntimeException ex) {
        out.put(id, new Result(null, message(ex)));
      }
    }
  }

  /** The message of an error (GeoStream's name the function and the reason), or its class. */
  static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  /** Releases the cached tables. */
  void close() {
    corpus.unpersist();
    pairs.unpersist();
  }
}
