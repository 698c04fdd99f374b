package org.apache.spark.sql.geostream;

import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.ImperativeAggregate;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import org.apache.spark.sql.types.DataType;
import org.geostream.types.Errors;
import org.geostream.types.fn.AggregateDef;
import org.geostream.types.fn.AggregateKernel;
import org.geostream.types.fn.Catalog;
import scala.collection.IndexedSeq;
import scala.collection.Seq;

/**
 * A GeoStream aggregate as a Catalyst {@link TypedImperativeAggregate}: the buffer is a Java object
 * (envelope, list, sums) kept in the aggregation hash map and serialized only between stages, so
 * partial aggregation runs in the map tasks. Null inputs are skipped; an empty group gives null.
 */
public final class GeoAggregate extends TypedImperativeAggregate<Object> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final Expression child;
  private final int mutableAggBufferOffset;
  private final int inputAggBufferOffset;
  private transient AggregateDef def;

  /** The aggregate {@code name} over {@code child}, with buffer offsets as the planner assigns them. */
  public GeoAggregate(String name, Expression child, int mutableAggBufferOffset, int inputAggBufferOffset) {
    this.name = name;
    this.child = child;
    this.mutableAggBufferOffset = mutableAggBufferOffset;
    this.inputAggBufferOffset = inputAggBufferOffset;
  }

  private AggregateDef def() {
    AggregateDef d = def;
    if (d == null) {
      d = Catalog.get().lookupAggregate(name);
      if (d == null) {
        throw Errors.cannot("call " + name, "no such GeoStream aggregate", null);
      }
      def = d;
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private AggregateKernel<Object> kernel() {
    return (AggregateKernel<Object>) def().kernel();
  }

  @Override
  public Object createAggregationBuffer() {
    return kernel().create();
  }

  @Override
  public Object update(Object buffer, InternalRow input) {
    Object v = child.eval(input);
    if (v == null) {
      return buffer;
    }
    return kernel().add(buffer, ValueTypes.toJava(def().input(), v));
  }

  @Override
  public Object merge(Object buffer, Object other) {
    return kernel().merge(buffer, other);
  }

  @Override
  public Object eval(Object buffer) {
    Object out = kernel().finish(buffer);
    return out == null ? null : ValueTypes.toCatalyst(def().result(), out);
  }

  @Override
  public byte[] serialize(Object buffer) {
    return kernel().serialize(buffer);
  }

  @Override
  public Object deserialize(byte[] bytes) {
    return kernel().deserialize(bytes);
  }

  @Override
  public int mutableAggBufferOffset() {
    return mutableAggBufferOffset;
  }

  @Override
  public int inputAggBufferOffset() {
    return inputAggBufferOffset;
  }

  @Override
  public ImperativeAggregate withNewMutableAggBufferOffset(int offset) {
    return new GeoAggregate(name, child, offset, inputAggBufferOffset);
  }

  @Override
  public ImperativeAggregate withNewInputAggBufferOffset(int offset) {
    return new GeoAggregate(name, child, mutableAggBufferOffset, offset);
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    DataType want = ValueTypes.sqlType(def().input());
    if (!want.acceptsType(child.dataType())) {
      return new TypeCheckResult.TypeCheckFailure(Errors.message("call " + name,
          "argument must be " + want.simpleString() + ", found " + child.dataType().simpleString(), child.sql()));
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public DataType dataType() {
    return ValueTypes.sqlType(def().result());
  }

  @Override
  public String prettyName() {
    return name;
  }

  @Override
  public Seq<Expression> children() {
    return scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(child)).toSeq();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new GeoAggregate(name, newChildren.apply(0), mutableAggBufferOffset, inputAggBufferOffset);
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> name;
      case 1 -> child;
      case 2 -> mutableAggBufferOffset;
      default -> inputAggBufferOffset;
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof GeoAggregate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeoAggregate a && name.equals(a.name) && child.equals(a.child)
        && mutableAggBufferOffset == a.mutableAggBufferOffset && inputAggBufferOffset == a.inputAggBufferOffset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, child, mutableAggBufferOffset, inputAggBufferOffset);
  }
}
