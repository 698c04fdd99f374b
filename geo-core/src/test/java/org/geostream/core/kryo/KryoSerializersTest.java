package org.geostream.core.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.geostream.core.schema.FeatureFixtures.assertSameFeature;
import static org.geostream.core.schema.FeatureFixtures.assertSameGeometry;
import static org.geostream.core.schema.FeatureFixtures.assertSameType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.geostream.core.GeoStreamKryoRegistrator;
import org.geostream.core.feature.Features;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureFixtures;
import org.geostream.core.schema.FeatureTypes;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.geotools.feature.simple.SimpleFeatureImpl;
import org.geotools.util.factory.Hints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Round trips through Spark's KryoSerializer with the registrator and registration required. */
class KryoSerializersTest {
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);
  private static final SimpleFeatureType ALL = FeatureFixtures.allTypes();

  /** A Kryo serializer as Spark configures it, with GeoStream's registrator; every class must be registered. */
  static SerializerInstance kryo() {
    return new KryoSerializer(new SparkConf()
        .set("spark.kryo.registrator", GeoStreamKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true")).newInstance();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    SerializerInstance kryo = kryo();
    ByteBuffer bytes = kryo.serialize(value, ANY);
    return (T) kryo().deserialize(bytes, ANY);
  }

  @ParameterizedTest(name = "{0} srid {1}")
  @CsvSource(delimiter = ';', value = {
    "POINT (1 2); 0",
    "POINT (1 2); 4326",
    "POINT EMPTY; 0",
    "POINT Z (1 2 3); 3857",
    "POINT M (1 2 4); 0",
    "POINT ZM (1 2 3 4); 4326",
    "LINESTRING (0 0, 1 1, 2 0); 4326",
    "LINESTRING EMPTY; 0",
    "LINESTRING Z (0 0 1, 1 1 2); 0",
    "LINEARRING (0 0, 1 0, 1 1, 0 0); 4326",
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2)); 3857",
    "POLYGON EMPTY; 0",
    "POLYGON ZM ((0 0 1 2, 1 0 1 2, 1 1 1 2, 0 0 1 2)); 0",
    "MULTIPOINT ((1 2), (3 4)); 4326",
    "MULTIPOINT EMPTY; 0",
    "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3)); 0",
    "MULTILINESTRING M ((0 0 5, 1 1 6)); 0",
    "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))); 4326",
    "MULTIPOLYGON EMPTY; 0",
    "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1), GEOMETRYCOLLECTION (POINT (2 2))); 4326",
    "GEOMETRYCOLLECTION EMPTY; 0"
  })
  void geometriesRoundTrip(String wkt, int srid) {
    Geometry g = FeatureFixtures.wkt(wkt, srid);
    assertSameGeometry(roundTrip(g), g, wkt);
  }

  @Test
  void ringsStayRingsAndArraysWork() {
    Geometry ring = FeatureFixtures.wkt("LINEARRING (0 0, 1 0, 1 1, 0 0)", 4326);
    assertThat(roundTrip(ring)).isInstanceOf(LinearRing.class);
    Geometry[] array = {ring, FeatureFixtures.wkt("POINT (1 2)", 0), null};
    Geometry[] back = roundTrip(array);
    assertSameGeometry(back[0], array[0], "ring");
    assertSameGeometry(back[1], array[1], "point");
    assertThat(back[2]).isNull();
  }

  /** A store's task result as the stores write them: a record. */
  record TaskDone(String path, long rows, java.util.List<String> names)
      implements org.geostream.core.spi.BulkWritableDataStore.TaskResult {}

  /** Any other serializable record. */
  record Message(String writer, long batch) implements java.io.Serializable {}

  @Test
  void recordsTravelJavaSerialized() {
    // Spark's default: classes need not be registered. Kryo 4 cannot build records field by field.
    SerializerInstance kryo = new KryoSerializer(new SparkConf()
        .set("spark.kryo.registrator", GeoStreamKryoRegistrator.class.getName())).newInstance();
    TaskDone done = new TaskDone("part-0.parquet", 42, java.util.List.of("a", "b"));
    assertThat(kryo.deserialize(kryo.serialize(done, ANY), ANY)).isEqualTo(done);
    Message m = new Message("pipeline/1", 7);
    assertThat(kryo.deserialize(kryo.serialize(m, ANY), ANY)).isEqualTo(m);
  }

  @Test
  void envelopesRoundTrip() {
    assertThat(roundTrip(new Envelope(1, 2, -3, 4))).isEqualTo(new Envelope(1, 2, -3, 4));
    assertThat(roundTrip(new Envelope()).isNull()).isTrue();
  }

  @Test
  void featuresWithEveryAttributeTypeRoundTrip() {
    for (int i = 0; i < 3; i++) {
      SimpleFeature f = FeatureFixtures.full(ALL, i);
      SimpleFeature back = roundTrip(f);
      assertThat(back).isInstanceOf(SimpleFeatureImpl.class);
      assertSameFeature(back, f);
      assertSameType(back.getFeatureType(), ALL);
    }
    SimpleFeature empty = FeatureFixtures.empty(ALL, "empty");
    assertSameFeature(roundTrip(empty), empty);
  }

  @Test
  void typesTheSpecFormCannotExpressTravelAsJson() throws Exception {
    org.geotools.feature.simple.SimpleFeatureTypeBuilder b = new org.geotools.feature.simple.SimpleFeatureTypeBuilder();
    b.setName("ships");
    b.setNamespaceURI("urn:geostream:test");
    b.nillable(false).add("name", String.class);
    b.add("ring", LinearRing.class, org.geotools.referencing.CRS.decode("EPSG:4326"));
    SimpleFeatureType sft = b.buildFeatureType();
    SimpleFeature f = SimpleFeatureBuilder.build(sft,
        new Object[] {"a", FeatureFixtures.wkt("LINEARRING (0 0, 1 0, 1 1, 0 0)", 4326)}, "s1");
    SimpleFeature back = roundTrip(f);
    assertSameType(back.getFeatureType(), sft);
    assertSameFeature(back, f);
    assertThat(kryo().serialize(f, ANY).remaining()).isGreaterThan(FeatureTypes.encode(sft).length());
  }

  @Test
  void kryoCopiesFeatures() {
    SimpleFeature f = FeatureFixtures.full(ALL, 4);
    com.esotericsoftware.kryo.Kryo k = new com.esotericsoftware.kryo.Kryo();
    new GeoStreamKryoRegistrator().registerClasses(k);
    SimpleFeature copy = k.copy(f);
    assertThat(copy).isNotSameAs(f);
    assertThat(copy.getDefaultGeometry()).isNotSameAs(f.getDefaultGeometry());
    assertSameFeature(copy, f);
  }

  @Test
  void timestampsKeepNanoseconds() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("t", "ts:Timestamp");
    java.sql.Timestamp ts = new java.sql.Timestamp(1_700_000_000_123L);
    ts.setNanos(123_456_789);
    SimpleFeature back = roundTrip(SimpleFeatureBuilder.build(sft, new Object[] {ts}, "a"));
    assertThat(back.getAttribute("ts")).isEqualTo(ts);
  }

  @Test
  void simpleUserDataRoundTripsAndOtherEntriesAreDropped() {
    SimpleFeature f = FeatureFixtures.full(ALL, 1);
    f.getUserData().put(Hints.USE_PROVIDED_FID, Boolean.TRUE);
    f.getUserData().put(Hints.PROVIDED_FID, "given");
    f.getUserData().put("source", "kafka");
    f.getUserData().put("partition", 7);
    f.getUserData().put("offset", 123_456_789_012L);
    f.getUserData().put("weight", 0.5);
    f.getUserData().put("nothing", null);
    f.getUserData().put("complex", new ArrayList<>());
    f.getUserData().put(42, "non-string key");
    SimpleFeature back = roundTrip(f);
    f.getUserData().remove("complex");
    f.getUserData().remove(42);
    assertThat(back.getUserData()).isEqualTo(f.getUserData());
  }

  @Test
  void serializableFeaturesKeepTheirClass() {
    SimpleFeature f = Features.serializable(FeatureFixtures.full(ALL, 2));
    SimpleFeature back = roundTrip(f);
    assertThat(back).isInstanceOf(SerializableFeature.class);
    assertSameFeature(back, f);
  }

  @Test
  void featureTypesRoundTripAndAreSharedWithFeatures() {
    SimpleFeatureType back = roundTrip(ALL);
    assertSameType(back, ALL);
    SimpleFeature f1 = roundTrip(FeatureFixtures.full(ALL, 1));
    SimpleFeature f2 = roundTrip(FeatureFixtures.full(ALL, 2));
    assertThat(f1.getFeatureType()).isSameAs(f2.getFeatureType()).isSameAs(back);
  }

  @Test
  void streamsOfMixedTypesAndArraysRoundTrip() throws Exception {
    SimpleFeatureType points = FeatureTypes.parseSpec("pts", "name:String,*geom:Point:srid=4326");
    List<SimpleFeature> features = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      features.add(i % 2 == 0 ? FeatureFixtures.full(ALL, i)
          : SimpleFeatureBuilder.build(points, new Object[] {"p" + i, FeatureFixtures.wkt("POINT (1 " + i + ")", 4326)}, "p" + i));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = kryo().serializeStream(bytes);
    for (SimpleFeature f : features) {
      out.writeObject(f, ANY);
    }
    out.writeObject(features.toArray(new SimpleFeature[0]), ANY);
    out.close();
    DeserializationStream in = kryo().deserializeStream(new ByteArrayInputStream(bytes.toByteArray()));
    for (SimpleFeature f : features) {
      assertSameFeature((SimpleFeature) in.readObject(ANY), f);
    }
    SimpleFeature[] array = (SimpleFeature[]) in.readObject(ANY);
    for (int i = 0; i < features.size(); i++) {
      assertSameFeature(array[i], features.get(i));
    }
    in.close();
  }

  @Test
  void pointFeaturesAreCompact() {
    SimpleFeatureType sft = FeatureTypes.parseSpec("pts", "name:String,dtg:Date,*geom:Point:srid=4326");
    SimpleFeature f = SimpleFeatureBuilder.build(sft,
        new Object[] {"abc", new java.util.Date(1_700_000_000_000L), FeatureFixtures.wkt("POINT (1 2)", 4326)}, "1");
    int typeText = sft.getTypeName().length() + 1 + FeatureTypes.toSpec(sft).length();
    int size = kryo().serialize(f, ANY).remaining();
    // class id + type text + fid + bitmap + name + date + 25-byte point + user data count
    assertThat(size).isLessThanOrEqualTo(2 + typeText + 1 + 2 + 1 + 4 + 6 + 26 + 1);
  }
}
