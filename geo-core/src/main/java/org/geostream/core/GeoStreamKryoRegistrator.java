package org.geostream.core;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.kryo.EnvelopeSerializer;
import org.geostream.core.kryo.FeatureTypeSerializer;
import org.geostream.core.kryo.GeometrySerializer;
import org.geostream.core.kryo.SimpleFeatureSerializer;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureImpl;
import org.geotools.feature.simple.SimpleFeatureTypeImpl;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Registers GeoStream's Kryo serializers with Spark: turn it on with
 * {@code spark.serializer=org.apache.spark.serializer.KryoSerializer} and
 * {@code spark.kryo.registrator=org.geostream.core.GeoStreamKryoRegistrator}.
 *
 * <p>Registered: every JTS geometry class (point, line string, linear ring, polygon, the three
 * multi types, geometry collection) with {@link GeometrySerializer}, {@link Envelope} with {@link
 * EnvelopeSerializer}, GeoTools' {@code SimpleFeatureImpl} (what {@code SimpleFeatureBuilder}
 * builds) and GeoStream's {@link SerializableFeature} with {@link SimpleFeatureSerializer}, {@code
 * SimpleFeatureTypeImpl} with {@link FeatureTypeSerializer}, and arrays of these. Everything is
 * registered, so {@code spark.kryo.registrationRequired=true} works for RDDs of geometries and
 * features. Other {@code SimpleFeature} and {@code SimpleFeatureType} implementations get the same
 * serializers by default when registration is not required, and are read back as GeoTools' own
 * classes.
 *
 * <p>Registration order fixes Kryo's class ids, so writers and readers must use the same version
 * of this class. Stateless; Spark calls {@link #registerClasses} once per Kryo instance.
 */
public class GeoStreamKryoRegistrator implements org.apache.spark.serializer.KryoRegistrator {
  /** Called by Spark through reflection. */
  public GeoStreamKryoRegistrator() {}

  @Override
  public void registerClasses(Kryo kryo) {
    GeometrySerializer geometry = new GeometrySerializer();
    for (Class<?> c : new Class<?>[] {Point.class, LineString.class, LinearRing.class, Polygon.class,
        MultiPoint.class, MultiLineString.class, MultiPolygon.class, GeometryCollection.class}) {
      kryo.register(c, geometry);
    }
    kryo.register(Envelope.class, new EnvelopeSerializer());
    SimpleFeatureSerializer features = SimpleFeatureSerializer.simpleFeatures();
    kryo.register(SimpleFeatureImpl.class, features);
    kryo.register(SerializableFeature.class, SimpleFeatureSerializer.serializableFeatures());
    FeatureTypeSerializer types = new FeatureTypeSerializer();
    kryo.register(SimpleFeatureTypeImpl.class, types);
    for (Class<?> c : new Class<?>[] {Geometry[].class, Point[].class, LineString[].class, LinearRing[].class,
        Polygon[].class, MultiPoint[].class, MultiLineString[].class, MultiPolygon[].class,
        GeometryCollection[].class, Envelope[].class, SimpleFeature[].class, SimpleFeatureImpl[].class,
        SerializableFeature[].class}) {
      kryo.register(c);
    }
    kryo.addDefaultSerializer(SimpleFeature.class, features);
    kryo.addDefaultSerializer(SimpleFeatureType.class, types);
    // Kryo 4's field serializer cannot build Java records (write-task results of the stores, sink
    // commit messages): they travel Java-serialized, as Spark's default serializer would send them.
    com.esotericsoftware.kryo.serializers.JavaSerializer java = new com.esotericsoftware.kryo.serializers
        .JavaSerializer();
    kryo.addDefaultSerializer(org.geostream.core.spi.BulkWritableDataStore.TaskResult.class, java);
    kryo.addDefaultSerializer(Record.class, java);
  }
}
