package org.geostream.core.kryo;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.util.factory.Hints;

/**
 * Feature user data in binary form. Kept: entries whose key is a string or one of the {@link
 * Hints} keys (such as {@link Hints#USE_PROVIDED_FID}), and whose value is null, a string, a
 * boolean, an int, a long, a float or a double. Other entries are dropped: their classes are
 * unknown to the reader. Thread-safe.
 */
final class UserDataCodec {
  private static final int KEY_STRING = 0;
  private static final int KEY_HINT = 1;
  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int BOOLEAN = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int FLOAT = 5;
  private static final int DOUBLE = 6;

  private static final Map<Object, String> HINT_NAMES = new IdentityHashMap<>();
  private static final Map<String, Object> HINTS = new HashMap<>();

  static {
    for (Field f : Hints.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && Hints.Key.class.isAssignableFrom(f.getType())) {
        try {
          Object key = f.get(null);
          HINT_NAMES.put(key, f.getName());
          HINTS.put(f.getName(), key);
        } catch (IllegalAccessException e) {
          // public static fields are readable; nothing to keep if one is not
        }
      }
    }
  }

  private UserDataCodec() {}

  static void write(Output out, Map<Object, Object> userData) {
    if (userData.isEmpty()) {
      out.writeVarInt(0, true);
      return;
    }
    int n = 0;
    for (Map.Entry<Object, Object> e : userData.entrySet()) {
      n += kept(e) ? 1 : 0;
    }
    out.writeVarInt(n, true);
    for (Map.Entry<Object, Object> e : userData.entrySet()) {
      if (!kept(e)) {
        continue;
      }
      if (e.getKey() instanceof String k) {
        out.writeByte(KEY_STRING);
        out.writeString(k);
      } else {
        out.writeByte(KEY_HINT);
        out.writeString(HINT_NAMES.get(e.getKey()));
      }
      Object v = e.getValue();
      if (v == null) {
        out.writeByte(NULL);
      } else if (v instanceof String s) {
        out.writeByte(STRING);
        out.writeString(s);
      } else if (v instanceof Boolean b) {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      } else if (v instanceof Integer i) {
        out.writeByte(INT);
        out.writeVarInt(i, false);
      } else if (v instanceof Long l) {
        out.writeByte(LONG);
        out.writeVarLong(l, false);
      } else if (v instanceof Float f) {
        out.writeByte(FLOAT);
        out.writeFloat(f);
      } else {
        out.writeByte(DOUBLE);
        out.writeDouble((Double) v);
      }
    }
  }

  private static boolean kept(Map.Entry<Object, Object> e) {
    Object k = e.getKey();
    Object v = e.getValue();
    boolean key = k instanceof String || (k != null && HINT_NAMES.containsKey(k));
    return key && (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Float || v instanceof Double);
  }

  /** Reads the entries into the user data of {@code feature}, which is only touched when there are some. */
  static void read(Input in, SimpleFeature feature) {
    int n = in.readVarInt(true);
    Map<Object, Object> userData = n == 0 ? null : feature.getUserData();
    for (int i = 0; i < n; i++) {
      Object key = in.readByte() == KEY_STRING ? in.readString() : HINTS.get(in.readString());
      Object value = switch (in.readByte()) {
        case STRING -> in.readString();
        case BOOLEAN -> in.readBoolean();
        case INT -> in.readVarInt(false);
        case LONG -> in.readVarLong(false);
        case FLOAT -> in.readFloat();
        case DOUBLE -> in.readDouble();
        default -> null;
      };
      if (key != null) {
        userData.put(key, value);
      }
    }
  }
}
