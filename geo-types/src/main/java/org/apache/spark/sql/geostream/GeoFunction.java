package org.apache.spark.sql.geostream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ImplicitCastInputTypes;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geostream.types.fn.FunctionDef;
import org.geostream.types.fn.Kernel;
import org.geostream.types.fn.PreparedKernel;
import org.geostream.types.fn.ValueType;
import org.locationtech.jts.geom.Geometry;
import org.geostream.types.fn.Prepared;
import scala.collection.IndexedSeq;
import scala.collection.Seq;

/**
 * A GeoStream scalar function as a Catalyst expression: evaluates its children (generated code
 * where Spark generates code), converts them to the kernel's Java types, runs the kernel and
 * converts the result back.
 *
 * <p>Constant arguments are converted once per expression instance, not per row; a predicate with a
 * constant geometry runs against a {@link Prepared} geometry built once. Null in gives null out
 * unless the function is null-tolerant. Errors name the function and show the offending input;
 * under the permissive mode they give null instead. Instances are immutable apart from those
 * caches, which are filled idempotently, so sharing one between threads is safe.
 */
public final class GeoFunction extends Expression implements ImplicitCastInputTypes, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final FunctionKey key;
  private final Seq<Expression> children;

  private transient volatile FunctionDef def;
  private transient volatile Resolved state;

  /** Creates the expression for {@code key} over {@code children}. */
  public GeoFunction(FunctionKey key, Seq<Expression> children) {
    this.key = key;
    this.children = children;
  }

  /** Per-instance state derived from the key and the constant children, built on first use. */
  private static final class Resolved {
    final FunctionDef def;
    final Kernel kernel;
    final ValueType[] types;
    final boolean[] constant;
    final Object[] constants;
    final boolean constantNull;
    final Prepared prepared;
    final PreparedKernel preparedKernel;
    final int preparedArg;
    final int sridArg;

    Resolved(FunctionKey key, List<Expression> kids) {
      def = key.def();
      kernel = key.geomesa() && def.geomesa() != null ? def.geomesa() : def.kernel();
      int n = kids.size();
      types = def.args().toArray(new ValueType[0]);
      constant = new boolean[n];
      constants = new Object[n];
      boolean anyConstNull = false;
      int firstGeom = -1;
      for (int i = 0; i < n; i++) {
        if (firstGeom < 0 && (types[i] == ValueType.GEOMETRY || types[i] == ValueType.GEOMETRY_BYTES)) {
          firstGeom = i;
        }
        Expression c = kids.get(i);
        if (c.foldable()) {
          constant[i] = true;
          Object v = c.eval(null);
          constants[i] = v == null ? null : ValueTypes.toJava(types[i], v);
          anyConstNull |= v == null;
        }
      }
      sridArg = firstGeom;
      constantNull = anyConstNull && !def.nullTolerant();
      Prepared p = null;
      PreparedKernel pk = null;
      int pa = -1;
      if (n == 2 && !constantNull && types[0] == ValueType.GEOMETRY && types[1] == ValueType.GEOMETRY) {
        if (def.preparedFirst() != null && constant[0] && !constant[1]) {
          p = new Prepared((Geometry) constants[0]);
          pk = def.preparedFirst();
          pa = 1;
        } else if (def.preparedSecond() != null && constant[1] && !constant[0]) {
          p = new Prepared((Geometry) constants[1]);
          pk = def.preparedSecond();
          pa = 0;
        }
      }
      prepared = p;
      preparedKernel = pk;
      preparedArg = pa;
    }
  }

  /** The signature, resolved without evaluating anything (safe during analysis). */
  private FunctionDef def() {
    FunctionDef d = def;
    if (d == null) {
      d = key.def();
      def = d;
    }
    return d;
  }

  /** The evaluation state: kernel, converted constants, prepared geometry. Built on first evaluation. */
  private Resolved state() {
    Resolved r = state;
    if (r == null) {
      r = new Resolved(key, scala.collection.JavaConverters.seqAsJavaList(children));
      state = r;
    }
    return r;
  }

  /** The key this expression was built from. */
  public FunctionKey key() {
    return key;
  }

  /**
   * Evaluates the function on Catalyst argument values (null for SQL NULL), returning a Catalyst
   * value. Called by the generated code and by {@link #eval(InternalRow)}.
   */
  public Object evalCatalyst(Object[] values) {
    Resolved r = state();
    if (r.constantNull) {
      return null;
    }
    int n = values.length;
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      if (r.constant[i]) {
        args[i] = r.constants[i];
      } else if (values[i] == null) {
        if (!r.def.nullTolerant()) {
          return null;
        }
      } else if (i != r.preparedArg || r.types[i] != ValueType.GEOMETRY) {
        args[i] = convert(r.types[i], values[i], i);
      } else {
        args[i] = convert(ValueType.GEOMETRY, values[i], i);
      }
    }
    Object out;
    try {
      if (r.preparedKernel != null) {
        out = r.preparedKernel.test(r.prepared, (Geometry) args[r.preparedArg]);
      } else {
        out = r.kernel.apply(args);
      }
    } catch (GeoStreamException e) {
      if (key.permissive()) {
        return null;
      }
      throw e.in(prettyName());
    } catch (RuntimeException e) {
      if (key.permissive()) {
        return null;
      }
      String reason = String.valueOf(e.getMessage());
      if (e instanceof org.locationtech.jts.geom.TopologyException) {
        reason += ": an input geometry is invalid (st_isValidReason tells why; st_makeValid repairs it)";
      }
      throw Errors.cannot("evaluate " + prettyName(), reason, describe(args), e);
    }
    if (out == null) {
      return null;
    }
    int srid = r.sridArg >= 0 && args[r.sridArg] instanceof Geometry g ? g.getSRID() : 0;
    return ValueTypes.toCatalyst(r.def.result(), out, srid);
  }

  private Object convert(ValueType t, Object v, int index) {
    try {
      return ValueTypes.toJava(t, v);
    } catch (GeoStreamException e) {
      if (key.permissive()) {
        return null;
      }
      throw e.in(prettyName() + " (argument " + (index + 1) + ")");
    }
  }

  private static String describe(Object[] args) {
    StringBuilder sb = new StringBuilder();
    for (Object a : args) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a instanceof byte[] ? Errors.excerpt(a) : String.valueOf(a));
    }
    return sb.toString();
  }

  @Override
  public Object eval(InternalRow input) {
    int n = children.size();
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = children.apply(i).eval(input);
    }
    return evalCatalyst(values);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String self = ctx.addReferenceObj("geoFn", this, GeoFunction.class.getName());
    String argsTerm = ctx.freshName("geoArgs");
    String resultTerm = ctx.freshName("geoResult");
    StringBuilder code = new StringBuilder();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Expression child = children.apply(i);
      ExprCode c = child.genCode(ctx);
      code.append(c.code().toString()).append('\n');
      String value = c.value().toString();
      if (CodeGenerator.isPrimitiveType(child.dataType())) {
        value = CodeGenerator.boxedType(child.dataType()) + ".valueOf(" + value + ")";
      }
      values.add(c.isNull() + " ? null : (Object) " + value);
    }
    code.append("Object[] ").append(argsTerm).append(" = new Object[] {")
        .append(String.join(", ", values)).append("};\n");
    code.append("Object ").append(resultTerm).append(" = ").append(self).append(".evalCatalyst(")
        .append(argsTerm).append(");\n");
    code.append("boolean ").append(ev.isNull()).append(" = ").append(resultTerm).append(" == null;\n");
    String javaType = CodeGenerator.javaType(dataType());
    code.append(javaType).append(' ').append(ev.value()).append(" = ")
        .append(CodeGenerator.defaultValue(dataType(), true)).append(";\n");
    code.append("if (!").append(ev.isNull()).append(") { ").append(ev.value()).append(" = (")
        .append(CodeGenerator.boxedType(dataType())).append(") ").append(resultTerm).append("; }\n");
    return ev.copy(Codegen.block(code.toString()), ev.isNull(), ev.value());
  }

  @Override
  public DataType dataType() {
    return ValueTypes.sqlType(def().result());
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public boolean foldable() {
    return children.forall(Expression::foldable);
  }

  @Override
  public Seq<AbstractDataType> inputTypes() {
    List<AbstractDataType> types = new ArrayList<>();
    for (ValueType t : def().args()) {
      types.add(ValueTypes.sqlType(t));
    }
    return scala.collection.JavaConverters.asScalaBuffer(types).toSeq();
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    List<ValueType> expected = def().args();
    for (int i = 0; i < expected.size(); i++) {
      DataType want = ValueTypes.sqlType(expected.get(i));
      DataType got = children.apply(i).dataType();
      if (!want.acceptsType(got)) {
        return new TypeCheckResult.TypeCheckFailure(Errors.message(
            "call " + prettyName(), "argument " + (i + 1) + " must be " + want.simpleString()
                + ", found " + got.simpleString(), children.apply(i).sql()));
      }
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  @Override
  public String prettyName() {
    return key.name();
  }

  @Override
  public String toString() {
    return prettyName() + children.mkString("(", ", ", ")");
  }

  @Override
  public Seq<Expression> children() {
    return children;
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new GeoFunction(key, newChildren);
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return n == 0 ? key : children;
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof GeoFunction;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeoFunction f && key.equals(f.key) && children.equals(f.children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, children);
  }
}
