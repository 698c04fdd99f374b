package org.geostream.core.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureImpl;
import org.geotools.filter.identity.FeatureIdImpl;
import org.locationtech.jts.geom.Geometry;

/**
 * Kryo serializer of GeoTools simple features. Each feature is self-contained, as Spark requires
 * of records it may relocate: the feature type as text (its {@link FeatureTypes#toSpec spec form}
 * when that is lossless for the type, else its {@link FeatureTypes#encode JSON encoding}), the
 * feature id, a bitmap of null attributes, each non-null attribute in a compact form chosen by its
 * binding (see {@link ValueCodec}) and the simple user data entries (see {@link UserDataCodec}).
 *
 * <p>The type text costs its length on every record (about 15 bytes per attribute in the spec
 * form); in exchange no type registry has to reach the executors. Both ends cache per type: the
 * writer the text of each type object, the reader the decoded type and its codecs per text
 * (JVM-wide), so each type is parsed once per JVM. Features are read as {@code SimpleFeatureImpl} (or as {@link
 * SerializableFeature} from {@link #serializableFeatures()}) sharing that cached type.
 *
 * <p>Attribute values are not checked against their binding beyond what the compact form needs
 * (numbers are converted with {@code Number} methods; a {@code Timestamp} in a {@code Date}
 * attribute comes back as a {@code Date}). Values of bindings without a compact form are written
 * with {@link Kryo#writeClassAndObject}. Thread-safe; meant to be used as one instance per
 * {@code Kryo}, as Spark's registrator does (the writer cache is tuned for one thread).
 */
public final class SimpleFeatureSerializer extends Serializer<SimpleFeature> {
  private final boolean serializable;
  private final TypeCodec.WriterCache writerTypes = new TypeCodec.WriterCache();

  /** A serializer reading features back as {@code SimpleFeatureImpl}. */
  public SimpleFeatureSerializer() {
    this(false);
  }

  private SimpleFeatureSerializer(boolean serializable) {
    this.serializable = serializable;
  }

  /** A serializer reading features back as {@code SimpleFeatureImpl}. */
  public static SimpleFeatureSerializer simpleFeatures() {
    return new SimpleFeatureSerializer(false);
  }

  /** A serializer reading features back as {@link SerializableFeature}. */
  public static SimpleFeatureSerializer serializableFeatures() {
    return new SimpleFeatureSerializer(true);
  }

  @Override
  public void write(Kryo kryo, Output output, SimpleFeature feature) {
    TypeCodec codec = writerTypes.get(feature.getFeatureType());
    output.writeString(codec.wire);
    output.writeString(feature.getID());
    ValueCodec[] codecs = codec.codecs;
    int n = codecs.length;
    Object[] values = new Object[n];
    byte[] bitmap = new byte[codec.bitmapBytes];
    for (int i = 0; i < n; i++) {
      Object v = feature.getAttribute(i);
      values[i] = v;
      if (v == null) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    output.writeBytes(bitmap);
    for (int i = 0; i < n; i++) {
      if (values[i] != null) {
        codecs[i].write(kryo, output, values[i]);
      }
    }
    UserDataCodec.write(output, feature.getUserData());
  }

  @Override
  public SimpleFeature read(Kryo kryo, Input input, Class<SimpleFeature> type) {
    TypeCodec codec = TypeCodec.forWire(input.readString());
    String fid = input.readString();
    ValueCodec[] codecs = codec.codecs;
    byte[] bitmap = input.readBytes(codec.bitmapBytes);
    Object[] values = new Object[codecs.length];
    for (int i = 0; i < codecs.length; i++) {
      if ((bitmap[i >>> 3] & (1 << (i & 7))) == 0) {
        values[i] = codecs[i].read(kryo, input);
      }
    }
    SimpleFeature feature = create(values, codec.type, fid);
    UserDataCodec.read(input, feature);
    return feature;
  }

  /** A copy with its own values array and user data map; geometries are copied, other values shared. */
  @Override
  public SimpleFeature copy(Kryo kryo, SimpleFeature original) {
    Object[] values = original.getAttributes().toArray();
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Geometry g) {
        values[i] = g.copy();
      }
    }
    SimpleFeature copy = create(values, original.getFeatureType(), original.getID());
    copy.getUserData().putAll(original.getUserData());
    return copy;
  }

  private SimpleFeature create(Object[] values, SimpleFeatureType type, String fid) {
    if (serializable) {
      return new SerializableFeature(values, type, fid);
    }
    return new SimpleFeatureImpl(values, type, fid == null ? null : new FeatureIdImpl(fid), false);
  }
}
