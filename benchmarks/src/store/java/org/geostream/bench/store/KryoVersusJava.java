package org.geostream.bench.store;


import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.geostream.core.GeoStreamKryoRegistrator;
import org.geostream.core.feature.Features;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.types.codec.GeometryCodec;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.feature.simple.SimpleFeatureBuilder;
import org.locationtech.jts.geom.Coordinate;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Serialized size and speed of 100,000 point features through Spark's serializer streams, Kryo with
 * GeoStream's registrator versus Java serialization of {@code SerializableFeature}: the figures of
 * docs/geo-core.md ("When Kryo pays"). Run by {@code benchmarks/store.sh}, in the GeoStream JVM's
 * classpath; prints to standard output. Times are best of 3 after a warm-up round.
 */
public final class KryoVersusJava {
  private static final int N = 100_000;
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  private KryoVersusJava() {}

  public static void main(String[] args) throws Exception {
    SimpleFeatureType sft = FeatureTypes.parseSpec("pts", "name:String,dtg:Date,value:Double,*geom:Point:srid=4326");
    List<SimpleFeature> plain = new ArrayList<>(N);
    List<SimpleFeature> serializable = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      var p = GeometryCodec.FACTORY.createPoint(new Coordinate(-180 + (i % 3600) * 0.1, -90 + (i % 1800) * 0.1));
      p.setSRID(4326);
      SimpleFeature f = SimpleFeatureBuilder.build(sft,
          new Object[] {"vessel-" + (i % 997), new Date(1_700_000_000_000L + i * 1000L), i * 0.25, p}, "f" + i);
      plain.add(f);
      serializable.add(Features.serializable(f));
    }
    Serializer kryo = new KryoSerializer(new SparkConf()
        .set("spark.kryo.registrator", GeoStreamKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true"));
    Serializer java = new JavaSerializer(new SparkConf());

    Result k = measure(kryo, plain);
    Result j = measure(java, serializable);
    int typeText = sft.getTypeName().length() + 1 + FeatureTypes.toSpec(sft).length();
    System.out.printf("%n100k point features (name:String, dtg:Date, value:Double, geom:Point srid 4326)%n");
    System.out.printf("  Kryo + GeoStreamKryoRegistrator : %,11d bytes (%5.1f B/feature, of which type text %d B), "
        + "write %5d ms, read %5d ms%n", k.bytes, k.bytes / (double) N, typeText + 1, k.writeMs, k.readMs);
    System.out.printf("  Java + SerializableFeature      : %,11d bytes (%5.1f B/feature), write %5d ms, read %5d ms%n",
        j.bytes, j.bytes / (double) N, j.writeMs, j.readMs);
    System.out.printf("  Kryo/Java: size %.2f, write %.2f, read %.2f%n%n", k.bytes / (double) j.bytes,
        k.writeMs / (double) Math.max(1, j.writeMs), k.readMs / (double) Math.max(1, j.readMs));
  }

  private record Result(long bytes, long writeMs, long readMs) {}

  private static Result measure(Serializer serializer, List<SimpleFeature> features) throws Exception {
    long bestWrite = Long.MAX_VALUE;
    long bestRead = Long.MAX_VALUE;
    byte[] bytes = null;
    for (int round = 0; round < 4; round++) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 << 20);
      long t0 = System.nanoTime();
      SerializationStream out = serializer.newInstance().serializeStream(buffer);
      for (SimpleFeature f : features) {
        out.writeObject(f, ANY);
      }
      out.close();
      long t1 = System.nanoTime();
      bytes = buffer.toByteArray();
      DeserializationStream in = serializer.newInstance().deserializeStream(new ByteArrayInputStream(bytes));
      long t2 = System.nanoTime();
      int n = 0;
      for (int i = 0; i < features.size(); i++) {
        SimpleFeature f = (SimpleFeature) in.readObject(ANY);
        n += f.getDefaultGeometry() != null ? 1 : 0;
      }
      long t3 = System.nanoTime();
      in.close();
      if (n != features.size()) {
        throw new IllegalStateException("Cannot measure serialization: " + n + " of " + features.size()
            + " features came back with their geometry");
      }
      if (round > 0) {
        bestWrite = Math.min(bestWrite, (t1 - t0) / 1_000_000);
        bestRead = Math.min(bestRead, (t3 - t2) / 1_000_000);
      }
    }
    return new Result(bytes.length, bestWrite, bestRead);
  }
}
