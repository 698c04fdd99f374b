package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/** The SQL type of columns holding JTS {@code LineString} values; same encoding as {@link GeometryUDT}. */
public class LineStringUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final LineStringUDT INSTANCE = new LineStringUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) LineString.class;
  }

  @Override
  public String typeName() {
    return "linestring";
  }
}
