package org.geostream.core.schema;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;
import org.geostream.types.Errors;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;
import scala.collection.JavaConverters;
import scala.collection.mutable.WrappedArray;

/**
 * Converts one attribute's values between their GeoTools form (the binding class) and the two
 * Spark forms: external {@code Row} values and Catalyst ({@code InternalRow}) values. Built once
 * per column by {@link #of}; the methods take non-null values (callers handle null) and do no
 * reflection. Immutable and thread-safe.
 */
abstract class ValueConverter {
  /** GeoTools value to {@code Row} value. */
  abstract Object toRow(Object v);

  /** {@code Row} value to GeoTools value. */
  abstract Object fromRow(Object v);

  /** GeoTools value to Catalyst value. */
  abstract Object toInternal(Object v);

  /** Catalyst value to GeoTools value. */
  abstract Object fromInternal(Object v);

  /**
   * The converter between values of {@code binding} and Spark type {@code type}; {@code element},
   * {@code key}, {@code value} are the element classes of lists and maps, {@code srid} the SRID
   * set on geometries that have none. Null when the two do not fit together.
   */
  static ValueConverter of(Class<?> binding, DataType type, Class<?> element, Class<?> key, Class<?> value, int srid) {
    if (type instanceof GeometryUDT) {
      return Geometry.class.isAssignableFrom(binding) ? new GeometryConverter(srid) : null;
    }
    if (type instanceof ArrayType at) {
      if (!AttributeTypes.isList(binding) || element == null) {
        return null;
      }
      ValueConverter e = of(element, at.elementType(), null, null, null, srid);
      return e == null ? null : new ListConverter(e, at.elementType());
    }
    if (type instanceof MapType mt) {
      if (!AttributeTypes.isMap(binding) || key == null || value == null) {
        return null;
      }
      ValueConverter k = of(key, mt.keyType(), null, null, null, srid);
      ValueConverter v = of(value, mt.valueType(), null, null, null, srid);
      return k == null || v == null ? null : new MapConverter(k, v, mt);
    }
    if (type instanceof StringType) {
      if (binding == UUID.class) {
        return UUID_STRING;
      }
      return binding == String.class ? STRING : null;
    }
    if (type instanceof TimestampType) {
      return binding == Timestamp.class ? new TimestampConverter(true)
          : Date.class.isAssignableFrom(binding) ? new TimestampConverter(false) : null;
    }
    if (type instanceof TimestampNTZType) {
      return Date.class.isAssignableFrom(binding) ? new LocalTimestampConverter(binding == Timestamp.class) : null;
    }
    if (type instanceof DateType) {
      return binding == Date.class ? DATE : null;
    }
    if (type instanceof DecimalType dt) {
      return binding == BigDecimal.class ? new DecimalConverter(dt) : null;
    }
    if (type instanceof BinaryType) {
      return binding == byte[].class ? IDENTITY : null;
    }
    if (type instanceof BooleanType) {
      return binding == Boolean.class ? IDENTITY : null;
    }
    if (Number.class.isAssignableFrom(binding) && binding != BigDecimal.class) {
      Class<?> sparkClass = type instanceof IntegerType ? Integer.class
          : type instanceof LongType ? Long.class
          : type instanceof DoubleType ? Double.class
          : type instanceof FloatType ? Float.class
          : type instanceof ShortType ? Short.class
          : type instanceof ByteType ? Byte.class : null;
      if (sparkClass == null) {
        return null;
      }
      return sparkClass == binding ? IDENTITY : new NumberConverter(sparkClass, binding);
    }
    return null;
  }

  // ---------------------------------------------------------------- scalars

  private static final ValueConverter IDENTITY = new ValueConverter() {
    @Override Object toRow(Object v) {
      return v;
    }

    @Override Object fromRow(Object v) {
      return v;
    }

    @Override Object toInternal(Object v) {
      return v;
    }

    @Override Object fromInternal(Object v) {
      return v;
    }
  };

  private static final ValueConverter STRING = new ValueConverter() {
    @Override Object toRow(Object v) {
      return v.toString();
    }

    @Override Object fromRow(Object v) {
      return v.toString();
    }

    @Override Object toInternal(Object v) {
      return UTF8String.fromString(v.toString());
    }

    @Override Object fromInternal(Object v) {
      return v.toString();
    }
  };

  private static final ValueConverter UUID_STRING = new ValueConverter() {
    @Override Object toRow(Object v) {
      return v.toString();
    }

    @Override Object fromRow(Object v) {
      return v instanceof UUID ? v : UUID.fromString(v.toString());
    }

    @Override Object toInternal(Object v) {
      return UTF8String.fromString(v.toString());
    }

    @Override Object fromInternal(Object v) {
      return UUID.fromString(v.toString());
    }
  };

  /** Numbers whose binding differs from the Spark column's class (e.g. a Long read from an int column). */
  private static final class NumberConverter extends ValueConverter {
    private final Class<?> sparkClass;
    private final Class<?> binding;

    NumberConverter(Class<?> sparkClass, Class<?> binding) {
      this.sparkClass = sparkClass;
      this.binding = binding;
    }

    @Override Object toRow(Object v) {
      return cast((Number) v, sparkClass);
    }

    @Override Object fromRow(Object v) {
      return cast((Number) v, binding);
    }

    @Override Object toInternal(Object v) {
      return toRow(v);
    }

    @Override Object fromInternal(Object v) {
      return fromRow(v);
    }

    private static Object cast(Number n, Class<?> c) {
      if (c == Integer.class) {
        return n.intValue();
      } else if (c == Long.class) {
        return n.longValue();
      } else if (c == Double.class) {
        return n.doubleValue();
      } else if (c == Float.class) {
        return n.floatValue();
      } else if (c == Short.class) {
        return n.shortValue();
      }
      return n.byteValue();
    }
  }

  /** java.util.Date or java.sql.Timestamp attributes in TimestampType columns (micros in Catalyst). */
  private static final class TimestampConverter extends ValueConverter {
    private final boolean sqlTimestamp;

    TimestampConverter(boolean sqlTimestamp) {
      this.sqlTimestamp = sqlTimestamp;
    }

    @Override Object toRow(Object v) {
      return v instanceof Timestamp ? v : new Timestamp(((Date) v).getTime());
    }

    @Override Object fromRow(Object v) {
      Timestamp t;
      if (v instanceof Timestamp ts) {
        t = ts;
      } else if (v instanceof Instant i) {
        t = Timestamp.from(i);
      } else if (v instanceof Date d) {
        t = new Timestamp(d.getTime());
      } else {
        t = Timestamp.valueOf((LocalDateTime) v);
      }
      return sqlTimestamp ? t : new Date(t.getTime());
    }

    @Override Object toInternal(Object v) {
      return DateTimeUtils.fromJavaTimestamp((Timestamp) toRow(v));
    }

    @Override Object fromInternal(Object v) {
      return fromRow(DateTimeUtils.toJavaTimestamp((Long) v));
    }
  }

  /** Dates in TimestampNTZType columns, read as UTC wall-clock time. */
  private static final class LocalTimestampConverter extends ValueConverter {
    private final boolean sqlTimestamp;

    LocalTimestampConverter(boolean sqlTimestamp) {
      this.sqlTimestamp = sqlTimestamp;
    }

    @Override Object toRow(Object v) {
      Date d = (Date) v;
      Instant i = d instanceof Timestamp ts ? ts.toInstant() : Instant.ofEpochMilli(d.getTime());
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    @Override Object fromRow(Object v) {
      Instant i = ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
      return sqlTimestamp ? Timestamp.from(i) : Date.from(i);
    }

    @Override Object toInternal(Object v) {
      return DateTimeUtils.localDateTimeToMicros((LocalDateTime) toRow(v));
    }

    @Override Object fromInternal(Object v) {
      return fromRow(DateTimeUtils.microsToLocalDateTime((Long) v));
    }
  }

  /** java.util.Date attributes in DateType columns (days in Catalyst). */
  private static final ValueConverter DATE = new ValueConverter() {
    @Override Object toRow(Object v) {
      return v instanceof java.sql.Date ? v : new java.sql.Date(((Date) v).getTime());
    }

    @Override Object fromRow(Object v) {
      if (v instanceof LocalDate ld) {
        return new Date(java.sql.Date.valueOf(ld).getTime());
      }
      return new Date(((Date) v).getTime());
    }

    @Override Object toInternal(Object v) {
      return DateTimeUtils.fromJavaDate((java.sql.Date) toRow(v));
    }

    @Override Object fromInternal(Object v) {
      return fromRow(DateTimeUtils.toJavaDate((Integer) v));
    }
  };

  private static final class DecimalConverter extends ValueConverter {
    private final int precision;
    private final int scale;

    DecimalConverter(DecimalType type) {
      this.precision = type.precision();
      this.scale = type.scale();
    }

    @Override Object toRow(Object v) {
      return v;
    }

    @Override Object fromRow(Object v) {
      return v instanceof scala.math.BigDecimal b ? b.bigDecimal() : v;
    }

    @Override Object toInternal(Object v) {
      Decimal d = Decimal.apply((BigDecimal) v);
      if (!d.changePrecision(precision, scale)) {
        throw Errors.cannot("convert decimal to Spark", "it does not fit decimal(" + precision + "," + scale + ")", v);
      }
      return d;
    }

    @Override Object fromInternal(Object v) {
      return ((Decimal) v).toJavaBigDecimal();
    }
  }

  /** Geometries: JTS objects in Rows, EWKB bytes in Catalyst; a missing SRID becomes the column's. */
  private static final class GeometryConverter extends ValueConverter {
    private final int srid;

    GeometryConverter(int srid) {
      this.srid = srid;
    }

    /** {@code g} with the column's SRID when it has none; a copy, so shared geometries stay untouched. */
    private Geometry withSrid(Geometry g) {
      if (g.getSRID() != 0 || srid == 0) {
        return g;
      }
      Geometry copy = g.copy();
      copy.setSRID(srid);
      return copy;
    }

    @Override Object toRow(Object v) {
      return withSrid((Geometry) v);
    }

    @Override Object fromRow(Object v) {
      return withSrid((Geometry) v);
    }

    @Override Object toInternal(Object v) {
      return GeometryCodec.encode(withSrid((Geometry) v));
    }

    @Override Object fromInternal(Object v) {
      Geometry g = GeometryCodec.decode((byte[]) v);
      if (g.getSRID() == 0) {
        g.setSRID(srid);
      }
      return g;
    }
  }

  // ---------------------------------------------------------------- collections

  /** java.util.List attributes: scala Seq in Rows, ArrayData in Catalyst. */
  private static final class ListConverter extends ValueConverter {
    private final ValueConverter element;
    private final DataType elementType;

    ListConverter(ValueConverter element, DataType elementType) {
      this.element = element;
      this.elementType = elementType;
    }

    @Override Object toRow(Object v) {
      List<?> list = (List<?>) v;
      Object[] out = new Object[list.size()];
      int i = 0;
      for (Object e : list) {
        out[i++] = e == null ? null : element.toRow(e);
      }
      return WrappedArray.make(out);
    }

    @Override Object fromRow(Object v) {
      List<?> in;
      if (v instanceof scala.collection.Seq<?> seq) {
        in = JavaConverters.seqAsJavaList(seq);
      } else if (v instanceof Object[] array) {
        in = java.util.Arrays.asList(array);
      } else {
        in = (List<?>) v;
      }
      List<Object> out = new ArrayList<>(in.size());
      for (Object e : in) {
        out.add(e == null ? null : element.fromRow(e));
      }
      return out;
    }

    @Override Object toInternal(Object v) {
      List<?> list = (List<?>) v;
      Object[] out = new Object[list.size()];
      int i = 0;
      for (Object e : list) {
        out[i++] = e == null ? null : element.toInternal(e);
      }
      return new GenericArrayData(out);
    }

    @Override Object fromInternal(Object v) {
      return fromArrayData((ArrayData) v, element, elementType);
    }
  }

  private static List<Object> fromArrayData(ArrayData data, ValueConverter element, DataType type) {
    int n = data.numElements();
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(data.isNullAt(i) ? null : element.fromInternal(data.get(i, type)));
    }
    return out;
  }

  /** java.util.Map attributes: scala Map in Rows, MapData in Catalyst; iteration order kept. */
  private static final class MapConverter extends ValueConverter {
    private final ValueConverter key;
    private final ValueConverter value;
    private final MapType type;

    MapConverter(ValueConverter key, ValueConverter value, MapType type) {
      this.key = key;
      this.value = value;
      this.type = type;
    }

    @Override Object toRow(Object v) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(key.toRow(e.getKey()), e.getValue() == null ? null : value.toRow(e.getValue()));
      }
      return JavaConverters.mapAsScalaMap(out);
    }

    @Override Object fromRow(Object v) {
      Map<?, ?> in = v instanceof scala.collection.Map<?, ?> m ? JavaConverters.mapAsJavaMap(m) : (Map<?, ?>) v;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        out.put(key.fromRow(e.getKey()), e.getValue() == null ? null : value.fromRow(e.getValue()));
      }
      return out;
    }

    @Override Object toInternal(Object v) {
      Map<?, ?> in = (Map<?, ?>) v;
      Object[] keys = new Object[in.size()];
      Object[] values = new Object[in.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : in.entrySet()) {
        keys[i] = key.toInternal(e.getKey());
        values[i++] = e.getValue() == null ? null : value.toInternal(e.getValue());
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    }

    @Override Object fromInternal(Object v) {
      MapData data = (MapData) v;
      List<Object> keys = fromArrayData(data.keyArray(), key, type.keyType());
      List<Object> values = fromArrayData(data.valueArray(), value, type.valueType());
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), values.get(i));
      }
      return out;
    }
  }
}
