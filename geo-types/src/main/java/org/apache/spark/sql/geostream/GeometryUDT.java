package org.apache.spark.sql.geostream;

import org.apache.spark.sql.types.BinaryType$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.UserDefinedType;
import org.geostream.types.codec.GeometryCodec;
import org.locationtech.jts.geom.Geometry;

/**
 * The SQL type of geometry columns: JTS geometries stored as little-endian EWKB bytes (see {@link
 * GeometryCodec}). Subclasses narrow the user class (points, polygons, …) with the same physical
 * layout, so every geometry function accepts every one of them. Stateless, thread-safe.
 */
public class GeometryUDT extends UserDefinedType<Geometry> {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final GeometryUDT INSTANCE = new GeometryUDT();

  @Override
  public DataType sqlType() {
    return BinaryType$.MODULE$;
  }

  @Override
  public Object serialize(Geometry obj) {
    return GeometryCodec.encode(obj);
  }

  @Override
  public Geometry deserialize(Object datum) {
    return datum == null ? null : GeometryCodec.decode((byte[]) datum);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Class<Geometry> userClass() {
    return Geometry.class;
  }

  @Override
  public String pyUDT() {
    return "geostream.types." + getClass().getSimpleName();
  }

  @Override
  public String typeName() {
    return "geometry";
  }

  @Override
  public int defaultSize() {
    return 64;
  }
}
