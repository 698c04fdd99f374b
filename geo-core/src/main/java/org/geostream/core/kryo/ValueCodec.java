package org.geostream.core.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;

/**
 * The compact binary form of one attribute's non-null values, chosen once per binding: strings as
 * Kryo strings, integers and longs as zigzag varints, floating point as fixed 4/8 bytes, dates as
 * varint milliseconds, UUIDs as two longs, geometries as length-prefixed EWKB, lists and maps as a
 * count and per element a null flag and the element's form. Bindings without a form of their own
 * go through {@link Kryo#writeClassAndObject}, so their classes must be registered when Kryo
 * requires registration. Stateless and thread-safe.
 */
abstract class ValueCodec {
  abstract void write(Kryo kryo, Output out, Object v);

  abstract Object read(Kryo kryo, Input in);

  /** The codec of values of {@code binding}; {@code element}, {@code key}, {@code value} type collections. */
  static ValueCodec of(Class<?> binding, Class<?> element, Class<?> key, Class<?> value) {
    if (binding == String.class) {
      return STRING;
    } else if (binding == Integer.class) {
      return INT;
    } else if (binding == Long.class) {
      return LONG;
    } else if (binding == Double.class) {
      return DOUBLE;
    } else if (binding == Float.class) {
      return FLOAT;
    } else if (binding == Boolean.class) {
      return BOOLEAN;
    } else if (binding == Short.class) {
      return SHORT;
    } else if (binding == Byte.class) {
      return BYTE;
    } else if (binding == Timestamp.class) {
      return TIMESTAMP;
    } else if (binding == Date.class) {
      return DATE;
    } else if (binding == UUID.class) {
      return UUID_CODEC;
    } else if (binding == byte[].class) {
      return BYTES;
    } else if (binding == BigDecimal.class) {
      return DECIMAL;
    } else if (binding == LinearRing.class) {
      return RING;
    } else if (Geometry.class.isAssignableFrom(binding)) {
      return GEOMETRY;
    } else if (List.class.isAssignableFrom(binding)) {
      return new ListCodec(element == null ? GENERIC : of(element, null, null, null));
    } else if (Map.class.isAssignableFrom(binding)) {
      return new MapCodec(key == null ? GENERIC : of(key, null, null, null),
          value == null ? GENERIC : of(value, null, null, null));
    }
    return GENERIC;
  }

  static final ValueCodec STRING = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeString(v.toString());
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readString();
    }
  };

  static final ValueCodec INT = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeVarInt(((Number) v).intValue(), false);
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readVarInt(false);
    }
  };

  static final ValueCodec LONG = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeVarLong(((Number) v).longValue(), false);
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readVarLong(false);
    }
  };

  static final ValueCodec DOUBLE = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeDouble(((Number) v).doubleValue());
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readDouble();
    }
  };

  static final ValueCodec FLOAT = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeFloat(((Number) v).floatValue());
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readFloat();
    }
  };

  static final ValueCodec BOOLEAN = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeBoolean((Boolean) v);
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readBoolean();
    }
  };

  static final ValueCodec SHORT = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeShort(((Number) v).shortValue());
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readShort();
    }
  };

  static final ValueCodec BYTE = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeByte(((Number) v).byteValue());
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readByte();
    }
  };

  static final ValueCodec DATE = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      out.writeVarLong(((Date) v).getTime(), false);
    }

    @Override Object read(Kryo kryo, Input in) {
      return new Date(in.readVarLong(false));
    }
  };

  static final ValueCodec TIMESTAMP = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      Date d = (Date) v;
      out.writeVarLong(d.getTime(), false);
      out.writeVarInt(d instanceof Timestamp t ? t.getNanos() : (int) Math.floorMod(d.getTime(), 1000L) * 1_000_000, true);
    }

    @Override Object read(Kryo kryo, Input in) {
      Timestamp t = new Timestamp(in.readVarLong(false));
      t.setNanos(in.readVarInt(true));
      return t;
    }
  };

  static final ValueCodec UUID_CODEC = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      UUID u = (UUID) v;
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    }

    @Override Object read(Kryo kryo, Input in) {
      return new UUID(in.readLong(), in.readLong());
    }
  };

  static final ValueCodec BYTES = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      byte[] b = (byte[]) v;
      out.writeVarInt(b.length, true);
      out.writeBytes(b);
    }

    @Override Object read(Kryo kryo, Input in) {
      return in.readBytes(in.readVarInt(true));
    }
  };

  static final ValueCodec DECIMAL = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      BigDecimal d = (BigDecimal) v;
      byte[] unscaled = d.unscaledValue().toByteArray();
      out.writeVarInt(d.scale(), false);
      out.writeVarInt(unscaled.length, true);
      out.writeBytes(unscaled);
    }

    @Override Object read(Kryo kryo, Input in) {
      int scale = in.readVarInt(false);
      return new BigDecimal(new BigInteger(in.readBytes(in.readVarInt(true))), scale);
    }
  };

  static final ValueCodec GEOMETRY = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      GeometrySerializer.write(out, (Geometry) v);
    }

    @Override Object read(Kryo kryo, Input in) {
      return GeometrySerializer.read(in);
    }
  };

  static final ValueCodec RING = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      GeometrySerializer.write(out, (Geometry) v);
    }

    @Override Object read(Kryo kryo, Input in) {
      return GeometrySerializer.asRing(GeometrySerializer.read(in));
    }
  };

  /** Any other value, with its class: works for every class Kryo can serialize. */
  static final ValueCodec GENERIC = new ValueCodec() {
    @Override void write(Kryo kryo, Output out, Object v) {
      kryo.writeClassAndObject(out, v);
    }

    @Override Object read(Kryo kryo, Input in) {
      return kryo.readClassAndObject(in);
    }
  };

  private static final class ListCodec extends ValueCodec {
    private final ValueCodec element;

    ListCodec(ValueCodec element) {
      this.element = element;
    }

    @Override void write(Kryo kryo, Output out, Object v) {
      List<?> list = (List<?>) v;
      out.writeVarInt(list.size(), true);
      for (Object e : list) {
        writeNullable(kryo, out, element, e);
      }
    }

    @Override Object read(Kryo kryo, Input in) {
      int n = in.readVarInt(true);
      List<Object> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(readNullable(kryo, in, element));
      }
      return list;
    }
  }

  private static final class MapCodec extends ValueCodec {
    private final ValueCodec key;
    private final ValueCodec value;

    MapCodec(ValueCodec key, ValueCodec value) {
      this.key = key;
      this.value = value;
    }

    @Override void write(Kryo kryo, Output out, Object v) {
      Map<?, ?> map = (Map<?, ?>) v;
      out.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeNullable(kryo, out, key, e.getKey());
        writeNullable(kryo, out, value, e.getValue());
      }
    }

    @Override Object read(Kryo kryo, Input in) {
      int n = in.readVarInt(true);
      Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
      for (int i = 0; i < n; i++) {
        Object k = readNullable(kryo, in, key);
        map.put(k, readNullable(kryo, in, value));
      }
      return map;
    }
  }

  static void writeNullable(Kryo kryo, Output out, ValueCodec codec, Object v) {
    out.writeBoolean(v != null);
    if (v != null) {
      codec.write(kryo, out, v);
    }
  }

  static Object readNullable(Kryo kryo, Input in, ValueCodec codec) {
    return in.readBoolean() ? codec.read(kryo, in) : null;
  }
}
