package org.geostream.core.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.geostream.core.schema.FeatureFixtures.assertSameFeature;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.geostream.core.feature.Features;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureFixtures;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Features through real shuffles of the shared local[2] session. */
class SparkShuffleTest {
  private static final int N = 200;

  /** Built on each executor JVM once: feature types are not serializable, so closures must not capture one. */
  private static final class Types {
    static final SimpleFeatureType ALL = FeatureFixtures.allTypes();
  }

  private static List<Integer> ids() {
    return IntStream.range(0, N).boxed().collect(Collectors.toList());
  }

  @Test
  void featuresSurviveARepartitionWithKryo() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.get().sparkContext());
    JavaRDD<SimpleFeature> features = jsc.parallelize(ids(), 2).map(i -> FeatureFixtures.full(Types.ALL, i));
    List<SimpleFeature> back;
    if (TestSpark.kryoOn()) {
      JavaRDD<SimpleFeature> shuffled = features.repartition(3);
      assertThat(shuffled.getNumPartitions()).isEqualTo(3);
      back = shuffled.collect();
    } else {
      // another test class started the JVM's session without Kryo: shuffle with Kryo explicitly
      KryoSerializer kryo = new KryoSerializer(jsc.getConf().clone()
          .set("spark.kryo.registrator", org.geostream.core.GeoStreamKryoRegistrator.class.getName()));
      back = shuffle(features.mapToPair(f -> new Tuple2<>(f.getID(), Features.serializable(f))), kryo);
    }
    assertAllThere(back);
  }

  @Test
  void serializableFeaturesSurviveAShuffleWithJavaSerialization() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.get().sparkContext());
    JavaPairRDD<String, SimpleFeature> pairs = jsc.parallelize(ids(), 2)
        .mapToPair(i -> new Tuple2<>("fid-" + i, Features.serializable(FeatureFixtures.full(Types.ALL, i))));
    List<SimpleFeature> back = shuffle(pairs, new JavaSerializer(jsc.getConf()));
    assertThat(back).allMatch(f -> f instanceof SerializableFeature);
    assertAllThere(back);
  }

  /** Shuffles {@code pairs} into 3 partitions with {@code serializer} and collects the values. */
  private static List<SimpleFeature> shuffle(JavaPairRDD<String, SimpleFeature> pairs,
      org.apache.spark.serializer.Serializer serializer) {
    ClassTag<String> k = ClassTag$.MODULE$.apply(String.class);
    ClassTag<SimpleFeature> v = ClassTag$.MODULE$.apply(SimpleFeature.class);
    ShuffledRDD<String, SimpleFeature, SimpleFeature> shuffled =
        new ShuffledRDD<>(pairs.rdd(), new HashPartitioner(3), k, v, v);
    shuffled.setSerializer(serializer);
    return shuffled.toJavaRDD().map(t -> t._2()).collect();
  }

  private static void assertAllThere(List<SimpleFeature> back) {
    assertThat(back).hasSize(N);
    SimpleFeatureType sft = FeatureFixtures.allTypes();
    for (SimpleFeature f : back) {
      int i = Integer.parseInt(f.getID().substring("fid-".length()));
      assertSameFeature(f, FeatureFixtures.full(sft, i));
    }
    assertThat(back.stream().map(SimpleFeature::getID).distinct().count()).isEqualTo(N);
  }
}
