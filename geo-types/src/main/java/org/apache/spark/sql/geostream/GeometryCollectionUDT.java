package org.apache.spark.sql.geostream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;

/** The SQL type of columns holding JTS {@code GeometryCollection} values; same encoding as {@link GeometryUDT}. */
public class GeometryCollectionUDT extends GeometryUDT {
  private static final long serialVersionUID = 1L;

  /** The shared instance. */
  public static final GeometryCollectionUDT INSTANCE = new GeometryCollectionUDT();

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<Geometry> userClass() {
    return (Class) GeometryCollection.class;
  }

  @Override
  public String typeName() {
    return "geometrycollection";
  }
}
