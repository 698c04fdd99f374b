package org.apache.spark.sql.geostream.sql;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.geostream.GeoFunction;
import org.apache.spark.sql.types.DataTypes;
import org.geostream.sql.join.ProbeGeometry;
import org.geostream.types.fn.Catalog;
import org.geostream.types.fn.Fast;
import org.geostream.types.fn.FunctionDef;
import scala.collection.Seq;

/**
 * One side's geometry argument of a join predicate, evaluated on that side's rows: through a
 * generated projection in general, and for {@code st_point(x, y)} / {@code st_makePoint(x, y)} of
 * two double columns straight from the columns, without encoding the point (the values are the
 * same: {@code st_point} encodes exactly those coordinates with SRID 0). A null or non-finite
 * coordinate takes the general path, so that the function itself gives null or its error.
 *
 * <p>Serializable; the projection is created on first use in each deserialized copy, so one
 * instance serves one thread.
 */
final class SideGeometry implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression bound;
  private final int xOrdinal;
  private final int yOrdinal;
  private transient UnsafeProjection projection;

  private SideGeometry(Expression bound, int xOrdinal, int yOrdinal) {
    this.bound = bound;
    this.xOrdinal = xOrdinal;
    this.yOrdinal = yOrdinal;
  }

  /** The geometry expression {@code geometry} over rows of {@code output}. */
  static SideGeometry of(Expression geometry, Seq<Attribute> output) {
    Expression bound = Binding.bind(geometry, output);
    int x = -1;
    int y = -1;
    if (bound instanceof GeoFunction f && f.children().size() == 2 && isPointConstructor(f.prettyName())
        && f.children().apply(0) instanceof BoundReference bx && bx.dataType() == DataTypes.DoubleType
        && f.children().apply(1) instanceof BoundReference by && by.dataType() == DataTypes.DoubleType) {
      x = bx.ordinal();
      y = by.ordinal();
    }
    return new SideGeometry(bound, x, y);
  }

  /** Whether {@code name} with two arguments is the 2D point constructor {@link Fast#point}. */
  private static boolean isPointConstructor(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!n.equals("st_point") && !n.equals("st_makepoint")) {
      return false;
    }
    List<FunctionDef> defs = Catalog.get().lookup(name);
    for (FunctionDef d : defs) {
      if (d.args().size() == 2) {
        return d.direct() != null && d.direct().getDeclaringClass() == Fast.class && d.direct().getName().equals("point")
            && d.geomesa() == null;
      }
    }
    return false;
  }

  /** The bound expression, for plans and cache keys. */
  Expression bound() {
    return bound;
  }

  /**
   * Loads the geometry of {@code row} into {@code into}; false when it is null (the row then
   * matches nothing).
   */
  boolean load(InternalRow row, ProbeGeometry into) {
    if (xOrdinal >= 0 && !row.isNullAt(xOrdinal) && !row.isNullAt(yOrdinal)) {
      double x = row.getDouble(xOrdinal);
      double y = row.getDouble(yOrdinal);
      if (Double.isFinite(x) && Double.isFinite(y)) {
        into.setPoint(x, y);
        return true;
      }
    }
    byte[] value = encoded(row);
    if (value == null) {
      return false;
    }
    into.setEncoded(value);
    return true;
  }

  /** The encoded geometry of {@code row}, or null. */
  byte[] encoded(InternalRow row) {
    if (bound instanceof BoundReference column) {
      return row.isNullAt(column.ordinal()) ? null : row.getBinary(column.ordinal());
    }
    if (projection == null) {
      projection = UnsafeProjection.create(bound);
    }
    UnsafeRow out = projection.apply(row);
    return out.isNullAt(0) ? null : out.getBinary(0);
  }
}
