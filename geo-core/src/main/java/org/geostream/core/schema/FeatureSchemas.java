package org.geostream.core.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.geostream.GeoTypes;
import org.apache.spark.sql.geostream.GeometryUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.geostream.types.Errors;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.locationtech.jts.geom.Geometry;

/**
 * GeoTools feature types as Spark schemas and features as Spark rows.
 *
 * <p>A feature type becomes a {@link StructType} whose first field is {@value #FID_FIELD} (string,
 * not null, the feature id) followed by one field per attribute, in order: String, Integer, Long,
 * Float, Double, Boolean, Short and Byte map to the Spark type of the same name; {@code
 * java.util.Date} and {@code java.sql.Timestamp} to {@code TimestampType}; UUID to {@code
 * StringType}; {@code byte[]} to {@code BinaryType}; BigDecimal to {@code DecimalType(38,18)};
 * List and Map to {@code ArrayType} / {@code MapType} of their element types (from the user data
 * keys of {@link FeatureTypes}); geometry bindings to the GeoStream UDT of that geometry class
 * ({@code Point} to {@code PointUDT} …, {@code Geometry} to {@code GeometryUDT}). Field nullability
 * is the attribute's nillability.
 *
 * <p>What a {@code StructType} cannot say is kept in each field's {@link Metadata} under the
 * {@code geostream.*} keys below (the binding, the CRS, the default-geometry flag, occurrence
 * bounds, the attribute's string user data); the type's name, namespace and user data sit on the
 * {@value #FID_FIELD} field. Spark carries field metadata through projections and into Parquet, so
 * {@code toFeatureType(toStructType(sft))} equals {@code sft} attribute by attribute, CRS included.
 * A schema without this metadata (any DataFrame) converts too: timestamps and dates become {@code
 * java.util.Date}, other types their natural binding, geometry UDT columns their UDT's geometry
 * class without CRS, and the first geometry column is the default geometry.
 *
 * <p>Row conversions here build a {@link FeatureRowConverter} per call; convert many rows with one
 * converter instead. All methods are thread-safe.
 */
public final class FeatureSchemas {
  /** Name of the feature id field, the first field of every schema built here. */
  public static final String FID_FIELD = "__fid__";
  /** Field metadata: the attribute's binding, as a spec type name or a class name. */
  public static final String META_BINDING = "geostream.binding";
  /** Field metadata: the EPSG code of a geometry attribute's CRS (long). */
  public static final String META_SRID = "geostream.srid";
  /** Field metadata: true when the CRS of {@link #META_SRID} puts latitude first. */
  public static final String META_LATITUDE_FIRST = "geostream.latitudeFirst";
  /** Field metadata: the WKT of a geometry attribute's CRS that has no EPSG code. */
  public static final String META_CRS = "geostream.crs";
  /** Field metadata: true on the default geometry. */
  public static final String META_DEFAULT_GEOMETRY = "geostream.defaultGeometry";
  /** Field metadata: the attribute's string user data, as nested metadata of strings. */
  public static final String META_USER_DATA = "geostream.userData";
  /** Field metadata: the namespace of the attribute name (on attributes) or type name (on the fid field). */
  public static final String META_NAMESPACE = "geostream.namespace";
  /** Field metadata: the attribute's minOccurs, when not GeoTools' default for its nillability. */
  public static final String META_MIN_OCCURS = "geostream.minOccurs";
  /** Field metadata: the attribute's maxOccurs, when not 1. */
  public static final String META_MAX_OCCURS = "geostream.maxOccurs";
  /** Fid field metadata: the feature type name. */
  public static final String META_TYPE_NAME = "geostream.typeName";
  /** Fid field metadata: the feature type's string user data, as nested metadata of strings. */
  public static final String META_TYPE_USER_DATA = "geostream.typeUserData";

  /** Name given to feature types converted from schemas that carry none. */
  public static final String DEFAULT_TYPE_NAME = "feature";

  private static final String TO_SCHEMA = "convert feature type to Spark schema";
  private static final String TO_TYPE = "convert Spark schema to feature type";

  private FeatureSchemas() {}

  // ---------------------------------------------------------------- feature type -> schema

  /**
   * The Spark schema of {@code sft}: {@value #FID_FIELD}, then one field per attribute with its
   * metadata (see the class comment). Registers the geometry UDTs with Spark ({@link
   * GeoTypes#register()}, idempotent), as Spark's row encoders need that for geometry columns.
   *
   * @throws org.geostream.types.GeoStreamException naming the attribute when a binding has no Spark
   *     type (e.g. a List without element type) or an attribute is named {@value #FID_FIELD}
   */
  public static StructType toStructType(SimpleFeatureType sft) {
    GeoTypes.register();
    List<StructField> fields = new ArrayList<>(sft.getAttributeCount() + 1);
    MetadataBuilder fid = new MetadataBuilder().putString(META_TYPE_NAME, sft.getTypeName());
    if (sft.getName().getNamespaceURI() != null) {
      fid.putString(META_NAMESPACE, sft.getName().getNamespaceURI());
    }
    putStrings(fid, META_TYPE_USER_DATA, AttributeDef.stringUserData(sft.getUserData()));
    fields.add(new StructField(FID_FIELD, DataTypes.StringType, false, fid.build()));
    for (AttributeDescriptor d : sft.getAttributeDescriptors()) {
      if (d.getLocalName().equals(FID_FIELD)) {
        throw Errors.cannot(TO_SCHEMA, "the attribute name is reserved for the feature id", FID_FIELD);
      }
      fields.add(toStructField(d, sft));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /**
   * The Spark field of one attribute of {@code sft}, metadata included.
   *
   * @throws org.geostream.types.GeoStreamException when the binding has no Spark type
   */
  public static StructField toStructField(AttributeDescriptor descriptor, SimpleFeatureType sft) {
    AttributeDef a = AttributeDef.of(descriptor, sft);
    DataType type = toDataType(descriptor);
    MetadataBuilder m = new MetadataBuilder().putString(META_BINDING, AttributeTypes.nameOf(a.binding));
    if (a.namespace != null) {
      m.putString(META_NAMESPACE, a.namespace);
    }
    if (a.minOccurs >= 0) {
      m.putLong(META_MIN_OCCURS, a.minOccurs);
    }
    if (a.maxOccurs >= 0) {
      m.putLong(META_MAX_OCCURS, a.maxOccurs);
    }
    if (a.crs != null) {
      int srid = CrsCodes.srid(a.crs);
      if (srid != 0) {
        m.putLong(META_SRID, srid);
        if (CrsCodes.latitudeFirst(a.crs) && !CrsCodes.latitudeFirst(CrsCodes.decode(srid, false))) {
          m.putBoolean(META_LATITUDE_FIRST, true);
        }
      } else {
        m.putString(META_CRS, CrsCodes.wkt(a.crs));
      }
    }
    if (a.defaultGeometry) {
      m.putBoolean(META_DEFAULT_GEOMETRY, true);
    }
    putStrings(m, META_USER_DATA, a.userData);
    return new StructField(a.name, type, a.nillable, m.build());
  }

  /**
   * The Spark type of an attribute's values.
   *
   * @throws org.geostream.types.GeoStreamException when the binding has no Spark type
   */
  public static DataType toDataType(AttributeDescriptor descriptor) {
    Class<?> binding = descriptor.getType().getBinding();
    String name = descriptor.getLocalName();
    if (AttributeTypes.isList(binding)) {
      return DataTypes.createArrayType(scalarType(FeatureTypes.listType(descriptor), name, "element"), true);
    }
    if (AttributeTypes.isMap(binding)) {
      return DataTypes.createMapType(scalarType(FeatureTypes.mapKeyType(descriptor), name, "key"),
          scalarType(FeatureTypes.mapValueType(descriptor), name, "value"), true);
    }
    return scalarType(binding, name, null);
  }

  private static DataType scalarType(Class<?> binding, String attribute, String role) {
    DataType t = binding == null ? null : scalarTypeOrNull(binding);
    if (t == null) {
      String what = role == null ? "binding" : "list/map " + role + " type";
      throw Errors.cannot(TO_SCHEMA, (binding == null ? "no " + what : "unsupported " + what) + " at attribute '"
          + attribute + "'", binding == null ? attribute : binding.getName());
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static DataType scalarTypeOrNull(Class<?> b) {
    if (b == String.class || b == UUID.class) {
      return DataTypes.StringType;
    } else if (b == Integer.class) {
      return DataTypes.IntegerType;
    } else if (b == Long.class) {
      return DataTypes.LongType;
    } else if (b == Double.class) {
      return DataTypes.DoubleType;
    } else if (b == Float.class) {
      return DataTypes.FloatType;
    } else if (b == Boolean.class) {
      return DataTypes.BooleanType;
    } else if (b == Short.class) {
      return DataTypes.ShortType;
    } else if (b == Byte.class) {
      return DataTypes.ByteType;
    } else if (Date.class.isAssignableFrom(b)) {
      return DataTypes.TimestampType;
    } else if (b == byte[].class) {
      return DataTypes.BinaryType;
    } else if (b == BigDecimal.class) {
      return DataTypes.createDecimalType(38, 18);
    } else if (Geometry.class.isAssignableFrom(b)) {
      return GeoTypes.forClass((Class<? extends Geometry>) b);
    }
    return null;
  }

  // ---------------------------------------------------------------- schema -> feature type

  /**
   * The feature type of {@code schema}, named by the schema's {@link #META_TYPE_NAME} metadata or
   * {@value #DEFAULT_TYPE_NAME}; see {@link #toFeatureType(String, StructType)}.
   */
  public static SimpleFeatureType toFeatureType(StructType schema) {
    return toFeatureType(null, schema);
  }

  /**
   * The feature type of {@code schema}: one attribute per field except {@value #FID_FIELD}, using
   * the {@code geostream.*} metadata where present and consistent with the field's Spark type, else
   * the natural binding of the Spark type (see the class comment).
   *
   * @param typeName the type name; null takes the schema's own, else {@value #DEFAULT_TYPE_NAME}
   * @throws org.geostream.types.GeoStreamException naming the field when its Spark type has no
   *     binding (structs, intervals, non-geometry UDTs, nested collections)
   */
  public static SimpleFeatureType toFeatureType(String typeName, StructType schema) {
    String name = typeName;
    String namespace = AttributeDef.GML_NAMESPACE;
    Map<String, String> typeUserData = new LinkedHashMap<>();
    List<AttributeDef> attributes = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Metadata m = field.metadata();
      if (field.name().equals(FID_FIELD)) {
        if (m.contains(META_TYPE_NAME)) {
          name = name == null ? m.getString(META_TYPE_NAME) : name;
          namespace = m.contains(META_NAMESPACE) ? m.getString(META_NAMESPACE) : null;
        }
        typeUserData.putAll(strings(m, META_TYPE_USER_DATA));
        continue;
      }
      attributes.add(toAttribute(field));
    }
    return AttributeDef.build(name == null ? DEFAULT_TYPE_NAME : name, namespace, attributes, typeUserData);
  }

  private static AttributeDef toAttribute(StructField field) {
    Metadata m = field.metadata();
    DataType type = field.dataType();
    AttributeDef a = new AttributeDef(field.name(), null);
    a.userData.putAll(strings(m, META_USER_DATA));
    Class<?> declared = m.contains(META_BINDING) ? AttributeTypes.forName(m.getString(META_BINDING)) : null;
    if (declared != null && fits(declared, type, a.userData)) {
      a.binding = declared;
    } else {
      a.binding = naturalBinding(type, field);
      a.userData.remove(FeatureTypes.USER_DATA_LIST_TYPE);
      a.userData.remove(FeatureTypes.USER_DATA_MAP_KEY_TYPE);
      a.userData.remove(FeatureTypes.USER_DATA_MAP_VALUE_TYPE);
      if (type instanceof ArrayType at) {
        a.userData.put(FeatureTypes.USER_DATA_LIST_TYPE, naturalBinding(at.elementType(), field).getName());
      } else if (type instanceof MapType mt) {
        a.userData.put(FeatureTypes.USER_DATA_MAP_KEY_TYPE, naturalBinding(mt.keyType(), field).getName());
        a.userData.put(FeatureTypes.USER_DATA_MAP_VALUE_TYPE, naturalBinding(mt.valueType(), field).getName());
      }
    }
    a.nillable = field.nullable();
    a.namespace = m.contains(META_NAMESPACE) ? m.getString(META_NAMESPACE) : null;
    a.minOccurs = m.contains(META_MIN_OCCURS) ? (int) m.getLong(META_MIN_OCCURS) : -1;
    a.maxOccurs = m.contains(META_MAX_OCCURS) ? (int) m.getLong(META_MAX_OCCURS) : -1;
    if (AttributeTypes.isGeometry(a.binding)) {
      if (m.contains(META_SRID) && m.getLong(META_SRID) != 0) {
        a.crs = CrsCodes.decode((int) m.getLong(META_SRID),
            m.contains(META_LATITUDE_FIRST) && m.getBoolean(META_LATITUDE_FIRST));
      } else if (m.contains(META_CRS)) {
        a.crs = CrsCodes.parseWkt(m.getString(META_CRS));
      }
      a.defaultGeometry = m.contains(META_DEFAULT_GEOMETRY) && m.getBoolean(META_DEFAULT_GEOMETRY);
    }
    return a;
  }

  /** True when values of {@code binding} convert to and from Spark {@code type}. */
  private static boolean fits(Class<?> binding, DataType type, Map<String, String> userData) {
    Class<?> element = forNameOrNull(userData.get(FeatureTypes.USER_DATA_LIST_TYPE));
    Class<?> key = forNameOrNull(userData.get(FeatureTypes.USER_DATA_MAP_KEY_TYPE));
    Class<?> value = forNameOrNull(userData.get(FeatureTypes.USER_DATA_MAP_VALUE_TYPE));
    return ValueConverter.of(binding, type, element, key, value, 0) != null;
  }

  private static Class<?> forNameOrNull(String name) {
    return name == null ? null : AttributeTypes.forName(name);
  }

  /** The binding a plain Spark type maps to. */
  private static Class<?> naturalBinding(DataType t, StructField field) {
    if (t instanceof StringType) {
      return String.class;
    } else if (t instanceof IntegerType) {
      return Integer.class;
    } else if (t instanceof LongType) {
      return Long.class;
    } else if (t instanceof DoubleType) {
      return Double.class;
    } else if (t instanceof FloatType) {
      return Float.class;
    } else if (t instanceof BooleanType) {
      return Boolean.class;
    } else if (t instanceof ShortType) {
      return Short.class;
    } else if (t instanceof ByteType) {
      return Byte.class;
    } else if (t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType) {
      return Date.class;
    } else if (t instanceof BinaryType) {
      return byte[].class;
    } else if (t instanceof DecimalType) {
      return BigDecimal.class;
    } else if (t instanceof GeometryUDT udt) {
      return udt.userClass();
    } else if (t instanceof ArrayType at && !(at.elementType() instanceof ArrayType || at.elementType() instanceof MapType)) {
      return List.class;
    } else if (t instanceof MapType mt && !(mt.keyType() instanceof ArrayType || mt.keyType() instanceof MapType)
        && !(mt.valueType() instanceof ArrayType || mt.valueType() instanceof MapType)) {
      return Map.class;
    }
    throw Errors.cannot(TO_TYPE, "unsupported Spark type '" + t.simpleString() + "' at field '" + field.name() + "'",
        field.toDDL());
  }

  // ---------------------------------------------------------------- values

  /**
   * The row of {@code feature} in the layout of {@code schema} (fields matched to attributes by
   * name; {@value #FID_FIELD} gets the feature id; fields without an attribute get null). Builds a
   * converter per call: for many features use {@link FeatureRowConverter#of(SimpleFeatureType,
   * StructType)} once.
   */
  public static Row toRow(SimpleFeature feature, StructType schema) {
    return FeatureRowConverter.of(feature.getFeatureType(), schema).toRow(feature);
  }

  /**
   * The feature of type {@code sft} held by {@code row}: matched by field name when the row has a
   * schema, else read by position in the layout of {@link #toStructType(SimpleFeatureType)}.
   * Builds a converter per call; for many rows use {@link FeatureRowConverter}.
   */
  public static SimpleFeature toFeature(Row row, SimpleFeatureType sft) {
    StructType schema = row.schema();
    FeatureRowConverter c = schema == null ? FeatureRowConverter.of(sft) : FeatureRowConverter.of(sft, schema);
    return c.toFeature(row);
  }

  // ---------------------------------------------------------------- metadata helpers

  private static void putStrings(MetadataBuilder b, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      MetadataBuilder nested = new MetadataBuilder();
      values.forEach(nested::putString);
      b.putMetadata(key, nested.build());
    }
  }

  private static Map<String, String> strings(Metadata m, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m.contains(key)) {
      Metadata nested = m.getMetadata(key);
      scala.collection.Iterator<String> keys = nested.map().keysIterator();
      while (keys.hasNext()) {
        String k = keys.next();
        out.put(k, nested.getString(k));
      }
    }
    return out;
  }
}
