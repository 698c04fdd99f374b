package org.geostream.store.fs;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.types.Errors;
import org.locationtech.jts.geom.Geometry;

/**
 * The GeoParquet layout of a feature type: one column {@code __fid__} for the feature id, one
 * column per attribute, and a {@code bbox} covering struct ({@code xmin, ymin, xmax, ymax}) of
 * the default geometry for row-group pruning.
 *
 * <p>Attribute columns: String and UUID as UTF-8 text, Integer/Short/Byte as INT32, Long as INT64,
 * Float, Double, Boolean, Date and Timestamp as INT64 timestamps in microseconds (UTC), byte[] as
 * BINARY, geometries as ISO WKB (BINARY), List as a Parquet LIST and Map as a Parquet MAP (string
 * keys or any primitive). Everything but the id is optional (nullable). Thread-safe.
 */
final class ParquetLayout {
  static final String FID = "__fid__";
  static final String BBOX = "bbox";

  /** What a column holds, for the writer and reader. */
  enum Kind { STRING, UUID, INT, SHORT, BYTE, LONG, FLOAT, DOUBLE, BOOLEAN, DATE, BYTES, GEOMETRY, LIST, MAP }

  private ParquetLayout() {}

  /** The kind of values a binding is stored as, or an error naming the attribute. */
  static Kind kind(Class<?> binding, String attribute) {
    if (Geometry.class.isAssignableFrom(binding)) {
      return Kind.GEOMETRY;
    } else if (binding == String.class) {
      return Kind.STRING;
    } else if (binding == UUID.class) {
      return Kind.UUID;
    } else if (binding == Integer.class) {
      return Kind.INT;
    } else if (binding == Short.class) {
      return Kind.SHORT;
    } else if (binding == Byte.class) {
      return Kind.BYTE;
    } else if (binding == Long.class) {
      return Kind.LONG;
    } else if (binding == Float.class) {
      return Kind.FLOAT;
    } else if (binding == Double.class) {
      return Kind.DOUBLE;
    } else if (binding == Boolean.class) {
      return Kind.BOOLEAN;
    } else if (Date.class.isAssignableFrom(binding)) {
      return Kind.DATE;
    } else if (binding == byte[].class) {
      return Kind.BYTES;
    } else if (List.class.isAssignableFrom(binding)) {
      return Kind.LIST;
    } else if (Map.class.isAssignableFrom(binding)) {
      return Kind.MAP;
    }
    throw Errors.cannot("store attribute '" + attribute + "'", "type " + binding.getName()
        + " is not supported by the fs store (supported: String, UUID, Integer, Short, Byte, Long, Float, Double, "
        + "Boolean, Date, Timestamp, byte[], List, Map, geometries)", null);
  }

  /** The element (lists), key or value (maps) class of a collection attribute; String when unknown. */
  static Class<?> elementClass(AttributeDescriptor d, String key) {
    Class<?> c = switch (key) {
      case FeatureTypes.USER_DATA_LIST_TYPE -> FeatureTypes.listType(d);
      case FeatureTypes.USER_DATA_MAP_KEY_TYPE -> FeatureTypes.mapKeyType(d);
      default -> FeatureTypes.mapValueType(d);
    };
    return c == null ? String.class : c;
  }

  /** The Parquet schema of {@code type}. */
  static MessageType schema(SimpleFeatureType type) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    b.addField(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(FID));
    for (AttributeDescriptor d : type.getAttributeDescriptors()) {
      b.addField(column(d));
    }
    if (type.getGeometryDescriptor() != null) {
      b.addField(Types.optionalGroup()
          .required(PrimitiveTypeName.DOUBLE).named("xmin")
          .required(PrimitiveTypeName.DOUBLE).named("ymin")
          .required(PrimitiveTypeName.DOUBLE).named("xmax")
          .required(PrimitiveTypeName.DOUBLE).named("ymax")
          .named(BBOX));
    }
    return b.named(type.getTypeName().replaceAll("[^A-Za-z0-9_]", "_"));
  }

  private static Type column(AttributeDescriptor d) {
    String name = d.getLocalName();
    Kind k = kind(d.getType().getBinding(), name);
    return switch (k) {
      case LIST -> Types.optionalList()
          .setElementType(primitive(kind(elementClass(d, FeatureTypes.USER_DATA_LIST_TYPE), name), "element", false))
          .named(name);
      case MAP -> Types.optionalMap()
          .key(primitive(kind(elementClass(d, FeatureTypes.USER_DATA_MAP_KEY_TYPE), name), "key", true))
          .value(primitive(kind(elementClass(d, FeatureTypes.USER_DATA_MAP_VALUE_TYPE), name), "value", false))
          .named(name);
      default -> primitive(k, name, false);
    };
  }

  static Type primitive(Kind k, String name, boolean required) {
    Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b;
    org.apache.parquet.schema.Type.Repetition rep = required
        ? org.apache.parquet.schema.Type.Repetition.REQUIRED : org.apache.parquet.schema.Type.Repetition.OPTIONAL;
    b = switch (k) {
      case STRING, UUID -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType());
      case INT -> Types.primitive(PrimitiveTypeName.INT32, rep);
      case SHORT -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true));
      case BYTE -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true));
      case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep);
      case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, rep);
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep);
      case DATE -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      case BYTES, GEOMETRY -> Types.primitive(PrimitiveTypeName.BINARY, rep);
      default -> throw Errors.cannot("store attribute '" + name + "'", "lists and maps cannot nest", null);
    };
    return b.named(name);
  }

  /** The geometry columns of a type, the default one first. */
  static List<GeometryDescriptor> geometryColumns(SimpleFeatureType type) {
    List<GeometryDescriptor> out = new ArrayList<>();
    if (type.getGeometryDescriptor() != null) {
      out.add(type.getGeometryDescriptor());
    }
    for (AttributeDescriptor d : type.getAttributeDescriptors()) {
      if (d instanceof GeometryDescriptor g && g != type.getGeometryDescriptor()) {
        out.add(g);
      }
    }
    return out;
  }
}
