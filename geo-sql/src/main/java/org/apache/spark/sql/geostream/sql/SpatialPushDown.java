package org.apache.spark.sql.geostream.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.geostream.GeoFunction;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.geostream.sql.join.Extent;
import org.geostream.sql.source.GeoTable;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import scala.runtime.AbstractPartialFunction;

/**
 * The optimizer rule that pushes spatial predicates on a {@code format("geostream")} table into the
 * store as ECQL: for each conjunct of a filter directly over the table that relates a geometry
 * column to a constant geometry ({@code st_intersects}, {@code st_contains}, {@code st_within},
 * {@code st_covers}, {@code st_coveredBy}, {@code st_crosses}, {@code st_overlaps},
 * {@code st_touches}, {@code st_equals}, {@code st_dwithin}, and {@code st_distance(...) < / <= d}),
 * it adds a {@code BBOX} of the constant (grown by the distance) to the table's read options
 * ({@code geostream.ecql}), which the scan hands to the store. The filter itself stays in the plan,
 * so Spark still decides every row exactly; the store only reads less.
 *
 * <p>Why a box and not the store's own {@code INTERSECTS}/{@code CONTAINS}/...: every geometry that
 * satisfies one of these predicates intersects the constant's envelope, so the box is a superset of
 * the answer whatever the store's semantics for edge cases (an invalid polygon, where GeoTools' older
 * relate code can differ from GeoStream's or throw); a store's exact operator could drop a row Spark
 * would keep. {@code st_disjoint} has no such superset and is not pushed. Runs in the operator
 * optimization batch, before Spark's DataSource V2 pushdown builds the scan.
 */
public final class SpatialPushDown extends Rule<LogicalPlan> {

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return plan.transformUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
      @Override
      public boolean isDefinedAt(LogicalPlan p) {
        return p instanceof Filter f && f.child() instanceof DataSourceV2Relation r && r.table() instanceof GeoTable;
      }

      @Override
      public LogicalPlan apply(LogicalPlan p) {
        return isDefinedAt(p) ? push((Filter) p) : p;
      }
    });
  }

  private static LogicalPlan push(Filter f) {
    DataSourceV2Relation r = (DataSourceV2Relation) f.child();
    List<String> ecql = new ArrayList<>();
    for (Expression c : conjuncts(f.condition())) {
      String e = toEcql(c);
      if (e != null) {
        ecql.add(e);
      }
    }
    if (ecql.isEmpty()) {
      return f;
    }
    String pushed = String.join(" AND ", ecql);
    if (pushed.equals(r.options().get("geostream.ecql"))) {
      return f;
    }
    Map<String, String> options = new HashMap<>(r.options().asCaseSensitiveMap());
    options.put("geostream.ecql", pushed);
    DataSourceV2Relation pushedTo = r.copy(r.table(), r.output(), r.catalog(), r.identifier(),
        new CaseInsensitiveStringMap(options));
    return new Filter(f.condition(), pushedTo);
  }

  private static List<Expression> conjuncts(Expression e) {
    List<Expression> out = new ArrayList<>();
    if (e instanceof And and) {
      out.addAll(conjuncts(and.left()));
      out.addAll(conjuncts(and.right()));
    } else {
      out.add(e);
    }
    return out;
  }

  /** ECQL for one conjunct, or null when it is not a spatial predicate against a constant. */
  static String toEcql(Expression e) {
    Box b = box(e);
    if (b == null) {
      return null;
    }
    String column = b.column().name().matches("[A-Za-z_][A-Za-z0-9_]*") ? b.column().name()
        : "\"" + b.column().name().replace("\"", "\"\"") + "\"";
    Envelope env = b.envelope();
    return String.format(Locale.ROOT, "BBOX(%s, %s, %s, %s, %s)", column, env.getMinX(), env.getMinY(),
        env.getMaxX(), env.getMaxY());
  }

  /**
   * A geometry column and a box that holds every geometry of the column for which the predicate
   * {@code e} can be true: for the topological predicates the envelope of the constant, for the
   * distance predicates that envelope grown by the distance.
   *
   * @param column the geometry column
   * @param envelope the box (never null)
   */
  public record Box(AttributeReference column, Envelope envelope) {}

  /** The box of one conjunct, or null when it is not a spatial predicate against a constant. */
  public static Box box(Expression e) {
    if ((e instanceof LessThan || e instanceof LessThanOrEqual) && e.children().apply(0) instanceof GeoFunction d
        && name(d).equals("st_distance") && e.children().apply(1).foldable()) {
      Object v = e.children().apply(1).eval(null);
      return v instanceof Number n ? distanceBox(d, n.doubleValue()) : null;
    }
    if (!(e instanceof GeoFunction g)) {
      return null;
    }
    String fn = name(g);
    if (fn.equals("st_dwithin") && g.children().size() == 3 && g.children().apply(2).foldable()) {
      Object v = g.children().apply(2).eval(null);
      return v instanceof Number n ? distanceBox(g, n.doubleValue()) : null;
    }
    if (g.children().size() != 2) {
      return null;
    }
    return switch (fn) {
      case "st_intersects", "st_contains", "st_within", "st_covers", "st_coveredby", "st_crosses", "st_overlaps",
          "st_touches", "st_equals" -> distanceBox(g, 0);
      default -> null;
    };
  }

  /** The box holding every geometry within {@code d} of the constant argument. */
  private static Box distanceBox(GeoFunction g, double d) {
    if (!(d >= 0) || Double.isInfinite(d)) {
      return null;
    }
    AttributeReference column = column(g.children().apply(0));
    Geometry lit = constant(g.children().apply(1));
    if (column == null) {
      column = column(g.children().apply(1));
      lit = constant(g.children().apply(0));
    }
    if (column == null || lit == null || lit.isEmpty()) {
      return null;
    }
    // Every coordinate's box, as the join and the indexed cache index geometries ({@link Extent}):
    // the same as the envelope for a valid constant, and a superset for a hole outside its shell.
    Envelope env = Extent.of(lit);
    env.expandBy(d);
    return new Box(column, env);
  }

  /** The conjuncts of a condition. */
  public static List<Expression> conjunctsOf(Expression e) {
    return conjuncts(e);
  }

  /** The {@link #box boxes} of every conjunct of {@code filters} that has one, in their order. */
  public static List<Box> boxesOf(List<Expression> filters) {
    List<Box> out = new ArrayList<>();
    for (Expression f : filters) {
      for (Expression c : conjuncts(f)) {
        Box b = box(c);
        if (b != null) {
          out.add(b);
        }
      }
    }
    return out;
  }

  private static String name(GeoFunction g) {
    return g.prettyName().toLowerCase(Locale.ROOT);
  }

  private static AttributeReference column(Expression e) {
    return e instanceof AttributeReference a && a.dataType() instanceof GeometryUDT ? a : null;
  }

  private static Geometry constant(Expression e) {
    if (!e.foldable() || !(e.dataType() instanceof GeometryUDT)) {
      return null;
    }
    Object v = e.eval(null);
    return v instanceof byte[] b ? GeometryCodec.decode(b) : null;
  }
}
