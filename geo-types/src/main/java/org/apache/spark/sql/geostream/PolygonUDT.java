package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** The SQL type of columns holding JTS {@code Polygon} values; same encoding as {@link GeometryUDT}. */
public class PolygonUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final PolygonUDT INSTANCE = new PolygonUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) Polygon.class;
  }

  @Override
  public String typeName() {
    return "polygon";
  }
}
