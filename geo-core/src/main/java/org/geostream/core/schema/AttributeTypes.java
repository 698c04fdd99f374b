package org.geostream.core.schema;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * The short attribute type names of the spec form ({@code String}, {@code Point}, {@code Bytes} …)
 * and the binding classes they stand for. One name per class is canonical (written by {@link
 * FeatureTypes#toSpec} and {@link FeatureTypes#encode}); a few aliases are accepted on input.
 * Classes without a short name are written by their fully qualified name. Thread-safe (immutable).
 */
final class AttributeTypes {
  private static final Map<String, Class<?>> BY_NAME = new HashMap<>();
  private static final Map<Class<?>, String> NAMES = new LinkedHashMap<>();

  static {
    canonical("String", String.class);
    canonical("Integer", Integer.class);
    canonical("Long", Long.class);
    canonical("Float", Float.class);
    canonical("Double", Double.class);
    canonical("Boolean", Boolean.class);
    canonical("Short", Short.class);
    canonical("Byte", Byte.class);
    canonical("Date", Date.class);
    canonical("Timestamp", Timestamp.class);
    canonical("UUID", UUID.class);
    canonical("Bytes", byte[].class);
    canonical("Decimal", BigDecimal.class);
    canonical("List", List.class);
    canonical("Map", Map.class);
    canonical("Geometry", Geometry.class);
    canonical("Point", Point.class);
    canonical("LineString", LineString.class);
    canonical("LinearRing", LinearRing.class);
    canonical("Polygon", Polygon.class);
    canonical("MultiPoint", MultiPoint.class);
    canonical("MultiLineString", MultiLineString.class);
    canonical("MultiPolygon", MultiPolygon.class);
    canonical("GeometryCollection", GeometryCollection.class);
    alias("Int", Integer.class);
    alias("Bool", Boolean.class);
    alias("BigDecimal", BigDecimal.class);
    alias("byte[]", byte[].class);
  }

  private AttributeTypes() {}

  private static void canonical(String name, Class<?> c) {
    NAMES.put(c, name);
    alias(name, c);
  }

  private static void alias(String name, Class<?> c) {
    BY_NAME.put(name.toLowerCase(Locale.ROOT), c);
  }

  /**
   * The binding named {@code name}: a short name (case-insensitive) or a fully qualified class name
   * loadable by the context or this class's loader; null when neither.
   */
  static Class<?> forName(String name) {
    Class<?> c = BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (c != null || name.indexOf('.') < 0 && !name.startsWith("[")) {
      return c;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(name, false, context != null ? context : AttributeTypes.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      try {
        return Class.forName(name, false, AttributeTypes.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e2) {
        return null;
      }
    }
  }

  /** The canonical short name of {@code binding}, or its class name when it has none. */
  static String nameOf(Class<?> binding) {
    String name = NAMES.get(binding);
    if (name != null) {
      return name;
    }
    if (List.class.isAssignableFrom(binding)) {
      return binding == List.class ? "List" : binding.getName();
    }
    return binding.getName();
  }

  /** True when {@code binding} is a JTS geometry class. */
  static boolean isGeometry(Class<?> binding) {
    return Geometry.class.isAssignableFrom(binding);
  }

  /** True when {@code binding} is a list type (its element type lives in user data). */
  static boolean isList(Class<?> binding) {
    return List.class.isAssignableFrom(binding);
  }

  /** True when {@code binding} is a map type (its key and value types live in user data). */
  static boolean isMap(Class<?> binding) {
    return Map.class.isAssignableFrom(binding);
  }
}
