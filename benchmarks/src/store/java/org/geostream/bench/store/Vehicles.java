package org.geostream.bench.store;

import java.util.Date;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;

/** The benchmark's points as GeoTools features of {@link StoreQuery#SPEC} (GeoStream JVM only). */
final class Vehicles {
  private Vehicles() {}

  private static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);
  private static volatile SimpleFeatureType type;

  /** The feature type, parsed once per JVM. */
  static SimpleFeatureType type() {
    SimpleFeatureType t = type;
    if (t == null) {
      synchronized (Vehicles.class) {
        if (type == null) {
          type = FeatureTypes.parseSpec(StoreQuery.TYPE, StoreQuery.SPEC);
        }
        t = type;
      }
    }
    return t;
  }

  static Point point(long seed, long id) {
    return GF.createPoint(new Coordinate(StoreQuery.x(seed, id), StoreQuery.y(seed, id)));
  }

  /** Point {@code id} as a feature with id {@link StoreQuery#fid}. */
  static SimpleFeature feature(long seed, long id) {
    SimpleFeatureType t = type();
    Object[] values = new Object[t.getAttributeCount()];
    values[t.indexOf("kind")] = StoreQuery.kind(seed, id);
    values[t.indexOf("speed")] = StoreQuery.speed(seed, id);
    values[t.indexOf("dtg")] = new Date(StoreQuery.time(seed, id));
    values[t.indexOf("geom")] = point(seed, id);
    return new SerializableFeature(values, t, StoreQuery.fid(id));
  }

  /** Points {@code [from, to)}, built lazily. */
  static Iterator<SimpleFeature> range(long seed, long from, long to) {
    return new Iterator<>() {
      private long next = from;

      @Override
      public boolean hasNext() {
        return next < to;
      }

      @Override
      public SimpleFeature next() {
        if (next >= to) {
          throw new NoSuchElementException();
        }
        return feature(seed, next++);
      }
    };
  }
}
