package org.apache.spark.sql.geostream;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
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
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.fn.Srids;
import org.geostream.types.fn.FunctionDef;
import org.geostream.types.fn.Kernel;
import org.geostream.types.fn.Prepared;
import org.geostream.types.fn.PreparedKernel;
import org.geostream.types.fn.ValueType;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.TopologyException;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A GeoStream scalar function as a Catalyst expression: evaluates its children (generated code
 * where Spark generates code), converts them to the kernel's Java types, runs the kernel and
 * converts the result back.
 *
 * <p>What keeps it fast:
 *
 * <ul>
 *   <li>Constant arguments are converted once per expression instance, not per row.
 *   <li>A predicate with a constant geometry runs against a {@link Prepared} geometry built once;
 *       a constant polygon tested against point rows goes straight to an indexed point-in-area
 *       search on the encoded point's coordinates.
 *   <li>Functions with a direct body ({@link FunctionDef#direct()}) are called from generated code
 *       with unboxed arguments.
 *   <li>A geometry produced by one GeoStream function and consumed by another
 *       ({@code st_area(st_geomFromWKT(s))}) passes as a JTS object, never encoded in between.
 * </ul>
 *
 * <p>Null in gives null out unless the function is null-tolerant. Errors name the function and
 * show the offending input; in permissive mode they give null instead. Instances are immutable apart
 * from idempotently filled caches, so sharing one between threads is safe.
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

  /** Per-instance state derived from the key and the constant children, built on first evaluation. */
  private static final class Resolved {
    final FunctionDef def;
    final Kernel kernel;
    final ValueType[] types;
    final boolean[] constant;
    final Object[] constants;
    final boolean constantNull;
    final Prepared prepared;
    final PreparedKernel preparedKernel;
    final IntPredicate pointInArea;
    final int preparedArg;
    final int sridArg;
    /** The second geometry argument: functions of two geometries check that the SRIDs agree. */
    final int secondGeom;

    Resolved(FunctionKey key, FunctionDef def, List<Expression> kids) {
      this.def = def;
      kernel = key.geomesa() && def.geomesa() != null ? def.geomesa() : def.kernel();
      int n = kids.size();
      types = def.args().toArray(new ValueType[0]);
      constant = new boolean[n];
      constants = new Object[n];
      boolean anyConstNull = false;
      int firstGeom = -1;
      int second = -1;
      for (int i = 0; i < n; i++) {
        boolean geom = types[i] == ValueType.GEOMETRY || types[i] == ValueType.GEOMETRY_BYTES;
        if (geom && firstGeom >= 0 && second < 0) {
          second = i;
        }
        if (firstGeom < 0 && geom) {
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
      secondGeom = second;
      constantNull = anyConstNull && !def.nullTolerant();
      Prepared p = null;
      PreparedKernel pk = null;
      IntPredicate pia = null;
      int pa = -1;
      if (n == 2 && !constantNull && types[0] == ValueType.GEOMETRY && types[1] == ValueType.GEOMETRY) {
        if (def.preparedFirst() != null && constant[0] && !constant[1]) {
          p = new Prepared((Geometry) constants[0]);
          pk = def.preparedFirst();
          pia = p.polygonal() ? def.pointInAreaFirst() : null;
          pa = 1;
        } else if (def.preparedSecond() != null && constant[1] && !constant[0]) {
          p = new Prepared((Geometry) constants[1]);
          pk = def.preparedSecond();
          pia = p.polygonal() ? def.pointInAreaSecond() : null;
          pa = 0;
        }
      }
      prepared = p;
      preparedKernel = pk;
      pointInArea = pia;
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

  private Resolved state() {
    Resolved r = state;
    if (r == null) {
      r = new Resolved(key, def(), JavaConverters.seqAsJavaList(children));
      state = r;
    }
    return r;
  }

  /** The key this expression was built from. */
  public FunctionKey key() {
    return key;
  }

  /** Whether a parent GeoStream function may take this one's result as a JTS object. */
  private boolean producesGeometry() {
    return def().result() == ValueType.GEOMETRY;
  }

  /** Whether argument {@code i} is produced by a nested GeoStream function whose geometry can pass unencoded. */
  private boolean fused(int i) {
    return def().args().get(i) == ValueType.GEOMETRY
        && children.apply(i) instanceof GeoFunction f && f.producesGeometry() && !f.foldable();
  }

  /**
   * Evaluates the function on argument values (Catalyst values, or JTS geometries from fused
   * children; null for SQL NULL) and returns the kernel's Java result: called by generated code
   * of a parent GeoStream function that takes the result unencoded.
   */
  public Object evalJava(Object[] values) {
    Resolved r = state();
    if (r.constantNull) {
      return null;
    }
    int n = values.length;
    if (r.pointInArea != null) {
      Object v = values[r.preparedArg];
      if (v instanceof byte[] bytes && GeometryCodec.isSimplePoint(bytes)) {
        if (!sridsAgree(r, r.constants[1 - r.preparedArg], bytes)) {
          return null;
        }
        double x = GeometryCodec.simplePointX(bytes);
        return Double.isNaN(x) ? Boolean.FALSE : r.pointInArea.test(r.prepared.locate(x, GeometryCodec.simplePointY(bytes)));
      }
    }
    Object[] args = new Object[n];
    for (int i = 0; i < n; i++) {
      if (r.constant[i]) {
        args[i] = r.constants[i];
      } else if (values[i] == null) {
        if (!r.def.nullTolerant()) {
          return null;
        }
      } else {
        args[i] = convert(r.types[i], values[i], i);
      }
    }
    if (r.secondGeom >= 0 && args[r.sridArg] != null && args[r.secondGeom] != null
        && !sridsAgree(r, args[r.sridArg], args[r.secondGeom])) {
      return null;
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
      if (e instanceof TopologyException) {
        reason += ": an input geometry is invalid (st_isValidReason tells why; st_makeValid repairs it)";
      }
      throw Errors.cannot("evaluate " + prettyName(), reason, describe(args), e);
    }
    if (r.sridArg >= 0 && (out instanceof Geometry || out instanceof Geometry[])) {
      int srid = srid(args[r.sridArg]);
      if (srid != 0) {
        for (Geometry g : out instanceof Geometry one ? new Geometry[] {one} : (Geometry[]) out) {
          if (g != null && g.getSRID() == 0) {
            g.setSRID(srid);
          }
        }
      }
    }
    return out;
  }

  private static int srid(Object arg) {
    return Srids.of(arg);
  }

  /**
   * The rule for two geometries: set SRIDs must agree ({@link Srids#requireSame}). False
   * (the result is null) when they differ in a permissive call; an error otherwise.
   */
  private boolean sridsAgree(Resolved r, Object a, Object b) {
    if (r.secondGeom < 0) {
      return true;
    }
    try {
      Srids.requireSame(srid(a), srid(b));
      return true;
    } catch (GeoStreamException e) {
      if (key.permissive()) {
        return false;
      }
      throw e.in(prettyName());
    }
  }

  /**
   * Evaluates the function on argument values and returns a Catalyst value. Called by generated
   * code and by {@link #eval(InternalRow)}.
   */
  public Object evalCatalyst(Object[] values) {
    Object out = evalJava(values);
    return out == null ? null : ValueTypes.toCatalyst(def().result(), out);
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

  private Object[] childValues(InternalRow input) {
    int n = children.size();
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      Expression child = children.apply(i);
      values[i] = fused(i) ? ((GeoFunction) child).evalJavaRow(input) : child.eval(input);
    }
    return values;
  }

  private Object evalJavaRow(InternalRow input) {
    return evalJava(childValues(input));
  }

  @Override
  public Object eval(InternalRow input) {
    return evalCatalyst(childValues(input));
  }

  // ---------------------------------------------------------------- code generation

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    StringBuilder code = new StringBuilder();
    String result = genJavaCall(ctx, code, "evalCatalyst");
    String javaType = CodeGenerator.javaType(dataType());
    if (result == null) {
      result = genDirect(ctx, code);
    }
    code.append("boolean ").append(ev.isNull()).append(" = ").append(result).append(" == null;\n");
    code.append(javaType).append(' ').append(ev.value()).append(" = ")
        .append(CodeGenerator.defaultValue(dataType(), true)).append(";\n");
    code.append("if (!").append(ev.isNull()).append(") { ").append(ev.value()).append(" = (")
        .append(CodeGenerator.boxedType(dataType())).append(") ").append(result).append("; }\n");
    return ev.copy(Codegen.block(code.toString()), ev.isNull(), ev.value());
  }

  /** Whether generated code calls the direct method: no fused children, no compat kernel in use. */
  private boolean useDirect() {
    FunctionDef d = def();
    if (d.direct() == null || (key.geomesa() && d.geomesa() != null)) {
      return false;
    }
    for (int i = 0; i < children.size(); i++) {
      if (fused(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Generates the evaluation through {@link #evalJava} / {@link #evalCatalyst} ({@code method}),
   * fusing nested GeoStream functions; returns the name of the Object variable holding the result,
   * or null when the direct method is to be used instead.
   */
  private String genJavaCall(CodegenContext ctx, StringBuilder code, String method) {
    if (useDirect()) {
      return null;
    }
    String self = ctx.addReferenceObj("geoFn", this, GeoFunction.class.getName());
    List<String> values = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Expression child = children.apply(i);
      if (fused(i)) {
        values.add(((GeoFunction) child).genJavaCall(ctx, code, "evalJava"));
        continue;
      }
      ExprCode c = child.genCode(ctx);
      code.append(c.code().toString()).append('\n');
      String value = c.value().toString();
      if (CodeGenerator.isPrimitiveType(child.dataType())) {
        value = CodeGenerator.boxedType(child.dataType()) + ".valueOf(" + value + ")";
      }
      values.add(c.isNull() + " ? null : (Object) " + value);
    }
    String out = ctx.freshName("geoValue");
    code.append("Object ").append(out).append(" = ").append(self).append('.').append(method)
        .append("(new Object[] {").append(String.join(", ", values)).append("});\n");
    return out;
  }

  /**
   * Generates a null-checked call of the direct method with unboxed arguments. A primitive return
   * is used as is (never null); a byte[] return for a string result is taken as ASCII/UTF-8 bytes.
   */
  private String genDirect(CodegenContext ctx, StringBuilder code) {
    Method m = def().direct();
    String out = ctx.freshName("geoValue");
    List<String> nullChecks = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      ExprCode c = children.apply(i).genCode(ctx);
      code.append(c.code().toString()).append('\n');
      nullChecks.add(c.isNull().toString());
      values.add(c.value().toString());
    }
    String call = m.getDeclaringClass().getName() + '.' + m.getName() + '(' + String.join(", ", values) + ')';
    Class<?> returns = m.getReturnType();
    if (returns.isPrimitive()) {
      call = CodeGenerator.boxedType(dataType()) + ".valueOf(" + call + ")";
    } else if (returns == byte[].class && def().result() == ValueType.STRING) {
      call = "org.apache.spark.unsafe.types.UTF8String.fromBytes(" + call + ")";
    } else if (returns == String.class) {
      call = "org.apache.spark.unsafe.types.UTF8String.fromString(" + call + ")";
    }
    code.append("Object ").append(out).append(" = null;\n");
    code.append("if (!(").append(String.join(" || ", nullChecks)).append(")) {\n");
    code.append("  try {\n    ").append(out).append(" = ").append(call).append(";\n");
    code.append("  } catch (").append(GeoStreamException.class.getName()).append(" e) {\n");
    if (key.permissive()) {
      code.append("    ").append(out).append(" = null;\n");
    } else {
      code.append("    throw e.in(\"").append(prettyName()).append("\");\n");
    }
    code.append("  }\n}\n");
    return out;
  }

  // ---------------------------------------------------------------- Catalyst plumbing

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
    return JavaConverters.asScalaBuffer(types).toSeq();
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
