package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiLineString;

/** The SQL type of columns holding JTS {@code MultiLineString} values; same encoding as {@link GeometryUDT}. */
public class MultiLineStringUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final MultiLineStringUDT INSTANCE = new MultiLineStringUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) MultiLineString.class;
  }

  @Override
  public String typeName() {
    return "multilinestring";
  }
}
