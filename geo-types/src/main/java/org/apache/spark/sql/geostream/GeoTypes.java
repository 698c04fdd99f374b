package org.apache.spark.sql.geostream;

import org.apache.spark.sql.types.UDTRegistration;
import org.apache.spark.sql.types.UserDefinedType;
import org.locationtech.jts.geom.Geometry;

/**
 * The geometry SQL types, for building schemas in Java ({@code GeoTypes.GEOMETRY},
 * {@code GeoTypes.POINT}, …), and their registration with Spark so that rows, beans and encoders
 * holding JTS objects map to them. Registration is idempotent and JVM-wide.
 */
public final class GeoTypes {
  /** Any geometry. */
  public static final GeometryUDT GEOMETRY = GeometryUDT.INSTANCE;
  /** Points. */
  public static final PointUDT POINT = PointUDT.INSTANCE;
  /** Line strings. */
  public static final LineStringUDT LINESTRING = LineStringUDT.INSTANCE;
  /** Polygons. */
  public static final PolygonUDT POLYGON = PolygonUDT.INSTANCE;
  /** Multi-points. */
  public static final MultiPointUDT MULTIPOINT = MultiPointUDT.INSTANCE;
  /** Multi-line strings. */
  public static final MultiLineStringUDT MULTILINESTRING = MultiLineStringUDT.INSTANCE;
  /** Multi-polygons. */
  public static final MultiPolygonUDT MULTIPOLYGON = MultiPolygonUDT.INSTANCE;
  /** Geometry collections. */
  public static final GeometryCollectionUDT GEOMETRYCOLLECTION = GeometryCollectionUDT.INSTANCE;

  private static final GeometryUDT[] ALL = {
    GEOMETRY, POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION
  };

  private static volatile boolean registered;

  private GeoTypes() {}

  /** Registers every JTS geometry class with its UDT in Spark's {@code UDTRegistration}. */
  public static void register() {
    if (registered) {
      return;
    }
    synchronized (GeoTypes.class) {
      for (GeometryUDT udt : ALL) {
        String userClass = udt.userClass().getName();
        if (!UDTRegistration.exists(userClass)) {
          UDTRegistration.register(userClass, udt.getClass().getName());
        }
      }
      registered = true;
    }
  }

  /** True when {@code udt} is one of GeoStream's geometry types. */
  public static boolean isGeometry(UserDefinedType<?> udt) {
    return udt instanceof GeometryUDT;
  }

  /** The UDT whose user class is exactly {@code c}, or {@link #GEOMETRY}. */
  public static GeometryUDT forClass(Class<? extends Geometry> c) {
    for (GeometryUDT udt : ALL) {
      if (udt.userClass() == c) {
        return udt;
      }
    }
    return GEOMETRY;
  }
}
