package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/** The SQL type of columns holding JTS {@code Point} values; same encoding as {@link GeometryUDT}. */
public class PointUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final PointUDT INSTANCE = new PointUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) Point.class;
  }

  @Override
  public String typeName() {
    return "point";
  }
}
