package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPoint;

/** The SQL type of columns holding JTS {@code MultiPoint} values; same encoding as {@link GeometryUDT}. */
public class MultiPointUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final MultiPointUDT INSTANCE = new MultiPointUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) MultiPoint.class;
  }

  @Override
  public String typeName() {
    return "multipoint";
  }
}
