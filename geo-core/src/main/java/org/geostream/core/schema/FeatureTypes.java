package org.geostream.core.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.geostream.types.Errors;
import org.geostream.types.GeoStreamException;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * Text forms of GeoTools feature types: a lossless JSON encoding ({@link #encode} / {@link
 * #decode}), used by stores to persist schemas and by the Kryo serializers, and the compact spec
 * form of GeoTools and GeoMesa ({@link #parseSpec} / {@link #toSpec}), e.g.
 * {@code "name:String,dtg:Date,*geom:Point:srid=4326,tags:List[String]"}.
 *
 * <p>The JSON keeps the type name and namespace, the attributes in order with their names,
 * namespaces, bindings, nillability and occurrence bounds, the default geometry, each geometry
 * attribute's CRS (as its EPSG code when it has one, with a flag when its axis order is latitude
 * first; otherwise as WKT) and all user data of the type and of the attributes whose keys and
 * values are strings. List element types and map key/value types are user data entries
 * ({@link #USER_DATA_LIST_TYPE}, {@link #USER_DATA_MAP_KEY_TYPE}, {@link #USER_DATA_MAP_VALUE_TYPE})
 * holding class names. Not kept: non-string user data, attribute restrictions, default values and
 * descriptions. A CRS without an EPSG code comes back equal up to the rounding GeoTools' WKT
 * formatter applies to parameters (e.g. 33.3 written as 33.300000000000004).
 *
 * <p>All methods are thread-safe. EPSG lookups are cached per JVM; the first one in a JVM opens
 * GeoTools' EPSG database, which takes about a second.
 */
public final class FeatureTypes {
  /** Attribute user data key holding the element class name of a {@code List} attribute. */
  public static final String USER_DATA_LIST_TYPE = "subtype";
  /** Attribute user data key holding the key class name of a {@code Map} attribute. */
  public static final String USER_DATA_MAP_KEY_TYPE = "keytype";
  /** Attribute user data key holding the value class name of a {@code Map} attribute. */
  public static final String USER_DATA_MAP_VALUE_TYPE = "valuetype";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FeatureTypes() {}

  // ---------------------------------------------------------------- JSON

  /**
   * The lossless JSON encoding of {@code sft} (see the class comment for what is kept). Two equal
   * types give the same text, so the text can serve as a cache key.
   *
   * @throws NullPointerException when {@code sft} is null
   */
  public static String encode(SimpleFeatureType sft) {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", sft.getTypeName());
    if (sft.getName().getNamespaceURI() != null) {
      root.put("namespace", sft.getName().getNamespaceURI());
    }
    ArrayNode attributes = root.putArray("attributes");
    for (AttributeDescriptor d : sft.getAttributeDescriptors()) {
      AttributeDef a = AttributeDef.of(d, sft);
      ObjectNode node = attributes.addObject();
      node.put("name", a.name);
      node.put("type", AttributeTypes.nameOf(a.binding));
      if (a.namespace != null) {
        node.put("namespace", a.namespace);
      }
      if (!a.nillable) {
        node.put("nillable", false);
      }
      if (a.minOccurs >= 0) {
        node.put("minOccurs", a.minOccurs);
      }
      if (a.maxOccurs >= 0) {
        node.put("maxOccurs", a.maxOccurs);
      }
      if (a.defaultGeometry) {
        node.put("default", true);
      }
      if (a.crs != null) {
        int srid = CrsCodes.srid(a.crs);
        if (srid != 0) {
          node.put("srid", srid);
          if (CrsCodes.latitudeFirst(a.crs) && !CrsCodes.latitudeFirst(CrsCodes.decode(srid, false))) {
            node.put("latitudeFirst", true);
          }
        } else {
          node.put("crs", CrsCodes.wkt(a.crs));
        }
      }
      putStrings(node, "userData", a.userData);
    }
    putStrings(root, "userData", AttributeDef.stringUserData(sft.getUserData()));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw Errors.cannot("encode feature type", e.getOriginalMessage(), sft.getTypeName(), e);
    }
  }

  /**
   * The feature type encoded by {@link #encode}. Unknown JSON fields are ignored, so later
   * versions can add fields.
   *
   * @throws GeoStreamException naming the attribute at fault when the text is not JSON, lacks a
   *     name or type, names an unknown binding class, or holds an unknown EPSG code or invalid WKT
   */
  public static SimpleFeatureType decode(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw Errors.cannot("decode feature type", "not JSON (" + e.getOriginalMessage() + ")", json, e);
    }
    if (root == null || !root.isObject() || !root.path("name").isTextual() || !root.path("attributes").isArray()) {
      throw Errors.cannot("decode feature type", "expected an object with 'name' and 'attributes'", json);
    }
    List<AttributeDef> attributes = new ArrayList<>();
    for (JsonNode node : root.get("attributes")) {
      String name = node.path("name").asText(null);
      String type = node.path("type").asText(null);
      if (name == null || type == null) {
        throw Errors.cannot("decode feature type", "attribute without 'name' or 'type'", node.toString());
      }
      Class<?> binding = AttributeTypes.forName(type);
      if (binding == null) {
        throw Errors.cannot("decode feature type",
            "unknown attribute type '" + type + "' at attribute '" + name + "'", node.toString());
      }
      AttributeDef a = new AttributeDef(name, binding);
      a.namespace = node.path("namespace").asText(null);
      a.nillable = node.path("nillable").asBoolean(true);
      a.minOccurs = node.path("minOccurs").asInt(-1);
      a.maxOccurs = node.path("maxOccurs").asInt(-1);
      a.defaultGeometry = node.path("default").asBoolean(false);
      try {
        if (node.has("srid")) {
          a.crs = CrsCodes.decode(node.get("srid").asInt(), node.path("latitudeFirst").asBoolean(false));
        } else if (node.has("crs")) {
          a.crs = CrsCodes.parseWkt(node.get("crs").asText());
        }
      } catch (GeoStreamException e) {
        throw e.in("attribute '" + name + "'");
      }
      a.userData.putAll(strings(node.path("userData")));
      attributes.add(a);
    }
    return AttributeDef.build(root.get("name").asText(), root.path("namespace").asText(null), attributes,
        strings(root.path("userData")));
  }

  private static void putStrings(ObjectNode node, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode map = node.putObject(field);
      values.forEach(map::put);
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  // ---------------------------------------------------------------- spec

  /**
   * Parses the compact spec form: comma-separated attributes {@code [*]name:Type[:key=value]*},
   * then optionally {@code ;key=value,…} for the type's user data. Types are {@code String},
   * {@code Integer} (or {@code Int}), {@code Long}, {@code Float}, {@code Double}, {@code Boolean},
   * {@code Short}, {@code Byte}, {@code Date}, {@code Timestamp}, {@code UUID}, {@code Bytes},
   * {@code Decimal}, {@code List[T]}, {@code Map[K,V]}, the JTS geometry types ({@code Point} …
   * {@code GeometryCollection}, {@code Geometry}) or a fully qualified class name; names are
   * case-insensitive. {@code *} marks the default geometry (else the first geometry is).
   * The options {@code srid=<EPSG code>} and {@code crs=<WKT>} set a geometry's CRS (longitude
   * first); every other option becomes attribute user data. Values holding {@code , : ; = ' [ ]}
   * are written in single quotes, a quote inside doubled.
   *
   * @param name the type name (the namespace stays GeoTools' default)
   * @param spec the attributes and type user data, as above; empty gives a type without attributes
   * @throws GeoStreamException "Cannot parse feature type spec: …" naming the attribute at fault
   */
  public static SimpleFeatureType parseSpec(String name, String spec) {
    return FeatureTypeSpec.parse(name, spec);
  }

  /**
   * The spec form of {@code sft}, which {@link #parseSpec} reads back into a type with the same
   * attribute names, bindings, default geometry, CRSs (as EPSG codes or WKT) and string user data.
   * The spec form does not carry the namespace, nillability, occurrence bounds or a
   * latitude-first axis order; use {@link #encode} when those matter.
   */
  public static String toSpec(SimpleFeatureType sft) {
    return FeatureTypeSpec.write(sft);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The EPSG code of {@code crs} (the SRID geometries of that CRS carry), or 0 when {@code crs} is
   * null or has no EPSG code. Cached per CRS.
   */
  public static int srid(CoordinateReferenceSystem crs) {
    return CrsCodes.srid(crs);
  }

  /**
   * The longitude-first CRS of EPSG code {@code srid} (x = longitude, as in JTS coordinates);
   * null when {@code srid} is 0. Cached per code.
   *
   * @throws GeoStreamException when the code is unknown
   */
  public static CoordinateReferenceSystem crs(int srid) {
    return srid == 0 ? null : CrsCodes.decode(srid, false);
  }

  /**
   * The element class of a {@code List} attribute, from its {@link #USER_DATA_LIST_TYPE} user data;
   * null when absent or not loadable.
   */
  public static Class<?> listType(AttributeDescriptor descriptor) {
    return classIn(descriptor, USER_DATA_LIST_TYPE);
  }

  /** The key class of a {@code Map} attribute ({@link #USER_DATA_MAP_KEY_TYPE}); null when absent. */
  public static Class<?> mapKeyType(AttributeDescriptor descriptor) {
    return classIn(descriptor, USER_DATA_MAP_KEY_TYPE);
  }

  /** The value class of a {@code Map} attribute ({@link #USER_DATA_MAP_VALUE_TYPE}); null when absent. */
  public static Class<?> mapValueType(AttributeDescriptor descriptor) {
    return classIn(descriptor, USER_DATA_MAP_VALUE_TYPE);
  }

  private static Class<?> classIn(AttributeDescriptor descriptor, String key) {
    Object v = descriptor.getUserData().get(key);
    if (v instanceof Class<?> c) {
      return c;
    }
    return v instanceof String s ? AttributeTypes.forName(s) : null;
  }
}
