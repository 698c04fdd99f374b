package org.geostream.core.feature;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.feature.simple.SimpleFeatureImpl;
import org.geotools.filter.identity.FeatureIdImpl;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;

/**
 * A GeoTools {@link SimpleFeature} that Java serialization can carry, so RDDs of features work
 * with Spark's default serializer as well as with Kryo. It is a plain {@link SimpleFeatureImpl};
 * serialization writes a compact proxy: the feature type as text (decoded once per JVM and type),
 * the id, geometries as EWKB and the other values as they are.
 *
 * <p>Kryo is faster and smaller (see {@code org.geostream.core.GeoStreamKryoRegistrator}). Not
 * thread-safe for writes, like any feature.
 */
public final class SerializableFeature extends SimpleFeatureImpl implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, SimpleFeatureType> TYPES = new ConcurrentHashMap<>();
  private static final Map<SimpleFeatureType, String> SPECS = java.util.Collections.synchronizedMap(
      new java.util.WeakHashMap<>());

  /** A feature of {@code type} with id {@code id} holding {@code values} (not copied). */
  public SerializableFeature(Object[] values, SimpleFeatureType type, String id) {
    super(values, type, new FeatureIdImpl(id), false);
  }

  private Object writeReplace() throws ObjectStreamException {
    Object[] out = new Object[getAttributeCount()];
    for (int i = 0; i < out.length; i++) {
      Object v = getAttribute(i);
      out[i] = v instanceof Geometry g ? new Wkb(GeometryCodec.encode(g)) : v;
    }
    Map<Object, Object> user = new HashMap<>();
    getUserData().forEach((k, v) -> {
      if (k instanceof Serializable && v instanceof Serializable) {
        user.put(k, v);
      }
    });
    String spec = SPECS.computeIfAbsent(getFeatureType(), FeatureTypes::encode);
    return new Proxy(spec, getID(), out, user);
  }

  /** A geometry in the serialised form. */
  private record Wkb(byte[] bytes) implements Serializable {}

  /** The serialised form. */
  private record Proxy(String type, String id, Object[] values, Map<Object, Object> userData)
      implements Serializable {
    private Object readResolve() throws ObjectStreamException {
      SimpleFeatureType t = TYPES.computeIfAbsent(type, FeatureTypes::decode);
      Object[] v = values.clone();
      for (int i = 0; i < v.length; i++) {
        if (v[i] instanceof Wkb w) {
          v[i] = GeometryCodec.decode(w.bytes());
        }
      }
      SerializableFeature f = new SerializableFeature(v, t, id);
      f.getUserData().putAll(userData);
      return f;
    }
  }
}
