package org.geostream.core.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.type.AttributeDescriptor;
import org.geotools.api.feature.type.GeometryDescriptor;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.feature.AttributeTypeBuilder;
import org.geotools.feature.NameImpl;
import org.geotools.feature.simple.SimpleFeatureTypeBuilder;

/**
 * One attribute as the encodings see it, and the single place where feature types are assembled
 * from such attributes, so the JSON form, the spec form and Spark schemas build identical types.
 * Mutable; not thread-safe.
 */
final class AttributeDef {
  /** GeoTools' default namespace, the one {@code SimpleFeatureTypeBuilder} gives a type without one. */
  static final String GML_NAMESPACE = "http://www.opengis.net/gml";

  String name;
  String namespace;
  Class<?> binding;
  boolean nillable = true;
  /** -1 means the builder's default (0 when nillable, else 1). */
  int minOccurs = -1;
  /** -1 means the builder's default (1). */
  int maxOccurs = -1;
  CoordinateReferenceSystem crs;
  boolean defaultGeometry;
  final Map<String, String> userData = new LinkedHashMap<>();

  AttributeDef(String name, Class<?> binding) {
    this.name = name;
    this.binding = binding;
  }

  /** The attribute of {@code descriptor}, with its string user data. */
  static AttributeDef of(AttributeDescriptor descriptor, SimpleFeatureType sft) {
    AttributeDef def = new AttributeDef(descriptor.getLocalName(), descriptor.getType().getBinding());
    def.namespace = descriptor.getName().getNamespaceURI();
    def.nillable = descriptor.isNillable();
    if (descriptor.getMinOccurs() != (def.nillable ? 0 : 1)) {
      def.minOccurs = descriptor.getMinOccurs();
    }
    if (descriptor.getMaxOccurs() != 1) {
      def.maxOccurs = descriptor.getMaxOccurs();
    }
    if (descriptor instanceof GeometryDescriptor g) {
      def.crs = g.getCoordinateReferenceSystem();
      GeometryDescriptor dflt = sft == null ? null : sft.getGeometryDescriptor();
      def.defaultGeometry = dflt != null && dflt.getLocalName().equals(def.name);
    }
    def.userData.putAll(stringUserData(descriptor.getUserData()));
    return def;
  }

  /**
   * The entries of {@code userData} with a string key and a string value; a {@link Class} value
   * counts as its name (list and map element types are sometimes stored that way). Others are
   * dropped: they have no lossless text form. Sorted by key, so equal maps give equal text.
   */
  static Map<String, String> stringUserData(Map<Object, Object> userData) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<Object, Object> e : userData.entrySet()) {
      if (e.getKey() instanceof String k) {
        if (e.getValue() instanceof String v) {
          out.put(k, v);
        } else if (e.getValue() instanceof Class<?> c) {
          out.put(k, c.getName());
        }
      }
    }
    return out;
  }

  /** The GeoTools descriptor of this attribute. */
  AttributeDescriptor toDescriptor() {
    AttributeTypeBuilder b = new AttributeTypeBuilder();
    b.binding(binding).nillable(nillable);
    if (minOccurs >= 0) {
      b.minOccurs(minOccurs);
    }
    if (maxOccurs >= 0) {
      b.maxOccurs(maxOccurs);
    }
    if (crs != null) {
      b.crs(crs);
    }
    for (Map.Entry<String, String> e : userData.entrySet()) {
      b.userData(e.getKey(), e.getValue());
    }
    NameImpl qualified = new NameImpl(namespace, name);
    if (AttributeTypes.isGeometry(binding)) {
      b.setName(name);
      return b.buildDescriptor(qualified, b.buildGeometryType());
    }
    b.setName(name);
    return b.buildDescriptor(qualified, b.buildType());
  }

  /**
   * Builds a feature type. The default geometry is the attribute flagged {@link #defaultGeometry},
   * else GeoTools' choice (the first geometry attribute). {@code namespace} may be null.
   */
  static SimpleFeatureType build(String typeName, String namespace, Iterable<AttributeDef> attributes,
      Map<String, String> typeUserData) {
    SimpleFeatureTypeBuilder b = new SimpleFeatureTypeBuilder();
    b.setName(typeName);
    b.setNamespaceURI(namespace);
    for (AttributeDef a : attributes) {
      b.add(a.toDescriptor());
      if (a.defaultGeometry) {
        b.setDefaultGeometry(a.name);
      }
    }
    SimpleFeatureType sft = b.buildFeatureType();
    sft.getUserData().putAll(typeUserData);
    return sft;
  }
}
