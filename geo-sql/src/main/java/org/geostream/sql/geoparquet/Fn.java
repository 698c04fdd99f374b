package org.geostream.sql.geoparquet;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.geostream.GeoFunctions;
import scala.Function1;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** GeoStream SQL functions as Catalyst expressions, without the session's function registry. */
final class Fn {
  private static final Map<String, Function1<Seq<Expression>, Expression>> BUILDERS = new HashMap<>();

  static {
    GeoFunctions.registrations().forEach(r -> BUILDERS.put(r._1().funcName().toLowerCase(Locale.ROOT), r._3()));
  }

  private Fn() {}

  /** The expression of function {@code name} (any case) over {@code args}. */
  static Expression call(String name, Expression... args) {
    Function1<Seq<Expression>, Expression> b = BUILDERS.get(name.toLowerCase(Locale.ROOT));
    if (b == null) {
      throw new IllegalStateException("no function " + name);
    }
    return b.apply(JavaConverters.asScalaBuffer(java.util.List.of(args)).toSeq());
  }
}
