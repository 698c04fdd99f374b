package org.apache.spark.sql.geostream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.geostream.types.fn.AggregateDef;
import org.geostream.types.fn.Catalog;
import org.geostream.types.fn.FunctionDef;
import scala.Function1;
import scala.Tuple3;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * Turns the catalogue into Spark function registrations: every scalar function and alias, a
 * {@code try_} variant of each that returns null instead of failing, and every aggregate. Used by
 * the session extension (at session creation) and by {@code GeoStream.register} (on a live session).
 */
public final class GeoFunctions {
  /** Prefix of the permissive variants. */
  public static final String TRY_PREFIX = "try_";

  private GeoFunctions() {}

  /** One registration: name, description and builder, in the form SparkSessionExtensions takes. */
  public static List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>> registrations() {
    GeoTypes.register();
    Catalog catalog = Catalog.get();
    List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>> out = new ArrayList<>();
    for (Map.Entry<String, List<FunctionDef>> e : catalog.functions().entrySet()) {
      addScalar(out, e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : catalog.aliases().entrySet()) {
      addScalar(out, e.getKey(), catalog.lookup(e.getValue()));
    }
    for (AggregateDef a : catalog.aggregates().values()) {
      out.add(new Tuple3<>(new FunctionIdentifier(a.name()),
          new ExpressionInfo(GeoAggregate.class.getName(), null, a.name(), a.doc(), "(" + a.input() + ")"),
          new Builder() {
            @Override
            public Expression apply(Seq<Expression> args) {
              if (args.size() != 1) {
                throw FunctionKey.arityError(a.name(), List.of(), args.size());
              }
              return new GeoAggregate(a.name(), args.apply(0), 0, 0).toAggregateExpression();
            }
          }));
    }
    return out;
  }

  /** Registers everything into a live session's function registry (replacing earlier versions). */
  public static void registerAll(FunctionRegistry registry) {
    for (Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>> r : registrations()) {
      registry.registerFunction(r._1(), r._2(), r._3());
    }
  }

  private static void addScalar(
      List<Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>>> out,
      String name, List<FunctionDef> sigs) {
    for (boolean permissive : new boolean[] {false, true}) {
      String registered = permissive ? TRY_PREFIX + name : name;
      ExpressionInfo info = new ExpressionInfo(GeoFunction.class.getName(), null, registered,
          (permissive ? "Like " + name + ", but null instead of an error for bad input. " : "") + sigs.get(0).doc(),
          signatures(name, sigs));
      out.add(new Tuple3<>(new FunctionIdentifier(registered), info, new Builder() {
        @Override
        public Expression apply(Seq<Expression> args) {
          int n = args.size();
          for (FunctionDef d : sigs) {
            if (d.args().size() == n) {
              return new GeoFunction(new FunctionKey(name, n, GeoConf.geomesaCompat(), permissive || GeoConf.permissive()), args);
            }
          }
          throw FunctionKey.arityError(name, sigs, n);
        }
      }));
    }
  }

  private static String signatures(String name, List<FunctionDef> sigs) {
    StringBuilder sb = new StringBuilder();
    for (FunctionDef d : sigs) {
      sb.append(sb.length() == 0 ? "" : "; ").append(name).append(d.args().toString().replace('[', '(').replace(']', ')'))
          .append(" -> ").append(d.result());
    }
    return sb.toString();
  }

  /** A function builder; Spark keeps it in the registry, never serializes it. */
  private abstract static class Builder extends AbstractFunction1<Seq<Expression>, Expression> {}
}
