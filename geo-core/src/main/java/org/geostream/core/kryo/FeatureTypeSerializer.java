package org.geostream.core.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.geostream.core.schema.FeatureTypes;
import org.geotools.api.feature.simple.SimpleFeatureType;

/**
 * Kryo serializer of GeoTools feature types (which are not {@code Serializable}), as the same
 * lossless text {@link SimpleFeatureSerializer} writes (spec form or {@link FeatureTypes#encode
 * JSON}); reading returns the JVM-wide cached type of that text, shared
 * with the features {@link SimpleFeatureSerializer} reads. Feature types are treated as immutable.
 * Thread-safe.
 */
public final class FeatureTypeSerializer extends Serializer<SimpleFeatureType> {
  private final TypeCodec.WriterCache writerTypes = new TypeCodec.WriterCache();

  /** A serializer of non-null feature types. */
  public FeatureTypeSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, SimpleFeatureType type) {
    output.writeString(writerTypes.get(type).wire);
  }

  @Override
  public SimpleFeatureType read(Kryo kryo, Input input, Class<SimpleFeatureType> type) {
    return TypeCodec.forWire(input.readString()).type;
  }
}
