package org.apache.spark.sql.geostream;

import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.geostream.types.codec.GeometryCodec;
import org.geostream.types.fn.ValueType;
import org.locationtech.jts.geom.Geometry;

/** Maps kernel value types to SQL types and converts values between Catalyst and Java forms. */
final class ValueTypes {
  private ValueTypes() {}

  static DataType sqlType(ValueType t) {
    return switch (t) {
      case GEOMETRY, GEOMETRY_BYTES -> GeoTypes.GEOMETRY;
      case DOUBLE -> DataTypes.DoubleType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING -> DataTypes.StringType;
      case BINARY -> DataTypes.BinaryType;
      case GEOMETRY_ARRAY -> new ArrayType(GeoTypes.GEOMETRY, true);
      case LONG_ARRAY -> new ArrayType(DataTypes.LongType, false);
      case STRING_ARRAY -> new ArrayType(DataTypes.StringType, true);
      case DOUBLE_ARRAY -> new ArrayType(DataTypes.DoubleType, false);
    };
  }

  /** A Catalyst value (never null) as the kernel's Java value. */
  static Object toJava(ValueType t, Object v) {
    return switch (t) {
      case GEOMETRY -> v instanceof Geometry g ? g : GeometryCodec.decode((byte[]) v);
      case STRING -> v.toString();
      case GEOMETRY_ARRAY -> {
        ArrayData a = (ArrayData) v;
        Geometry[] out = new Geometry[a.numElements()];
        for (int i = 0; i < out.length; i++) {
          out[i] = a.isNullAt(i) ? null : GeometryCodec.decode(a.getBinary(i));
        }
        yield out;
      }
      case LONG_ARRAY -> ((ArrayData) v).toLongArray();
      case DOUBLE_ARRAY -> ((ArrayData) v).toDoubleArray();
      case STRING_ARRAY -> {
        ArrayData a = (ArrayData) v;
        String[] out = new String[a.numElements()];
        for (int i = 0; i < out.length; i++) {
          out[i] = a.isNullAt(i) ? null : a.getUTF8String(i).toString();
        }
        yield out;
      }
      default -> v;
    };
  }

  /** A kernel's Java result (never null) as a Catalyst value. */
  static Object toCatalyst(ValueType t, Object v) {
    return switch (t) {
      case GEOMETRY -> GeometryCodec.encode((Geometry) v);
      case STRING -> v instanceof byte[] ascii ? UTF8String.fromBytes(ascii) : UTF8String.fromString((String) v);
      case GEOMETRY_BYTES -> v;
      case GEOMETRY_ARRAY -> {
        Geometry[] gs = (Geometry[]) v;
        Object[] out = new Object[gs.length];
        for (int i = 0; i < gs.length; i++) {
          out[i] = GeometryCodec.encode(gs[i]);
        }
        yield new GenericArrayData(out);
      }
      case LONG_ARRAY -> new GenericArrayData((long[]) v);
      case DOUBLE_ARRAY -> new GenericArrayData((double[]) v);
      case STRING_ARRAY -> {
        String[] ss = (String[]) v;
        Object[] out = new Object[ss.length];
        for (int i = 0; i < ss.length; i++) {
          out[i] = ss[i] == null ? null : UTF8String.fromString(ss[i]);
        }
        yield new GenericArrayData(out);
      }
      default -> v;
    };
  }
}
