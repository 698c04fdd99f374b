package org.geostream.core.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;

/**
 * Kryo serializer of JTS geometries: a varint length, then the geometry's {@link GeometryCodec}
 * bytes (little-endian EWKB), so SRID, Z and M survive and the bytes match what geometry columns
 * hold. A {@code LinearRing} comes back as a {@code LinearRing} (EWKB has no ring type; a ring
 * nested in a collection comes back as a {@code LineString}). Not kept: the geometry's user data
 * and its factory's precision model (geometries are read with {@link GeometryCodec#FACTORY}).
 * Linear in the number of coordinates. Stateless and thread-safe.
 */
public final class GeometrySerializer extends Serializer<Geometry> {
  /** The shared instance. */
  public static final GeometrySerializer INSTANCE = new GeometrySerializer();

  /** A serializer accepting null (written as length 0). */
  public GeometrySerializer() {
    setAcceptsNull(true);
  }

  @Override
  public void write(Kryo kryo, Output output, Geometry geometry) {
    write(output, geometry);
  }

  @Override
  public Geometry read(Kryo kryo, Input input, Class<Geometry> type) {
    Geometry g = read(input);
    return (Class<?>) type == LinearRing.class ? asRing(g) : g;
  }

  @Override
  public Geometry copy(Kryo kryo, Geometry original) {
    return original.copy();
  }

  /** Writes {@code g} (may be null) as a varint length and its EWKB bytes. */
  static void write(Output output, Geometry g) {
    if (g == null) {
      output.writeVarInt(0, true);
      return;
    }
    byte[] bytes = GeometryCodec.encode(g);
    output.writeVarInt(bytes.length, true);
    output.writeBytes(bytes);
  }

  /** Reads what {@link #write(Output, Geometry)} wrote. */
  static Geometry read(Input input) {
    int n = input.readVarInt(true);
    return n == 0 ? null : GeometryCodec.decode(input.readBytes(n));
  }

  /** {@code g} as a ring when it was decoded as a line string. */
  static Geometry asRing(Geometry g) {
    if (g instanceof LineString line && !(g instanceof LinearRing)) {
      LinearRing ring = g.getFactory().createLinearRing(line.getCoordinateSequence());
      ring.setSRID(g.getSRID());
      return ring;
    }
    return g;
  }
}
