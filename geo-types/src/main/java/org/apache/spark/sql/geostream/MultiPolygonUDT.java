package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;

/** The SQL type of columns holding JTS {@code MultiPolygon} values; same encoding as {@link GeometryUDT}. */
public class MultiPolygonUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final MultiPolygonUDT INSTANCE = new MultiPolygonUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) MultiPolygon.class;
  }

  @Override
  public String typeName() {
    return "multipolygon";
  }
}
