package org.apache.spark.sql.geostream.sql;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractPartialFunction;

/**
 * Binds column references to ordinals of an input row, as Catalyst's {@code BindReferences} does
 * (whose input type, a Scala implicit class in a package object, Java cannot name).
 */
final class Binding {
  private Binding() {}

  /**
   * {@code e} with every column reference replaced by a {@link BoundReference} into rows of
   * {@code input}.
   *
   * @throws IllegalStateException naming a column that {@code input} lacks
   */
  static Expression bind(Expression e, Seq<Attribute> input) {
    List<Attribute> attrs = JavaConverters.seqAsJavaList(input);
    return e.transform(new AbstractPartialFunction<Expression, Expression>() {
      @Override
      public boolean isDefinedAt(Expression x) {
        return x instanceof AttributeReference;
      }

      @Override
      public Expression apply(Expression x) {
        if (!(x instanceof AttributeReference a)) {
          return x;
        }
        for (int i = 0; i < attrs.size(); i++) {
          Attribute in = attrs.get(i);
          if (in.exprId().equals(a.exprId())) {
            return new BoundReference(i, a.dataType(), in.nullable());
          }
        }
        throw new IllegalStateException("Cannot bind column " + a + " of a spatial join: the input has " + attrs);
      }
    });
  }
}
