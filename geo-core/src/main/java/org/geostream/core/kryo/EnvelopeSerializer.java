package org.geostream.core.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.locationtech.jts.geom.Envelope;

/**
 * Kryo serializer of JTS {@link Envelope}s: a flag for the null (empty) envelope, else the four
 * bounds as doubles. Register it for {@code Envelope} itself only: subclasses such as GeoTools'
 * {@code ReferencedEnvelope} would come back as plain envelopes. Stateless and thread-safe.
 */
public final class EnvelopeSerializer extends Serializer<Envelope> {
  /** A serializer of non-null envelopes. */
  public EnvelopeSerializer() {
    setImmutable(false);
  }

  @Override
  public void write(Kryo kryo, Output output, Envelope e) {
    output.writeBoolean(e.isNull());
    if (!e.isNull()) {
      output.writeDouble(e.getMinX());
      output.writeDouble(e.getMaxX());
      output.writeDouble(e.getMinY());
      output.writeDouble(e.getMaxY());
    }
  }

  @Override
  public Envelope read(Kryo kryo, Input input, Class<Envelope> type) {
    if (input.readBoolean()) {
      return new Envelope();
    }
    return new Envelope(input.readDouble(), input.readDouble(), input.readDouble(), input.readDouble());
  }

  @Override
  public Envelope copy(Kryo kryo, Envelope original) {
    return new Envelope(original);
  }
}
