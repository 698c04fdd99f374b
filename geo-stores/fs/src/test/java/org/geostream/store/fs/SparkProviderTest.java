package org.geostream.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.geotools.api.data.DataStore;
import org.geotools.api.data.Query;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geotools.api.filter.Filter;
import org.geotools.filter.text.ecql.ECQL;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.GeoToolsProvider;
import org.geostream.core.spi.SpatialRDD;
import org.geostream.core.spi.SpatialRDDProvider;
import org.geostream.core.spi.SpatialRDDProviders;
import org.geostream.core.spi.StoreParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** The provider SPI over the fs store and over a store that cannot split queries, in Spark local mode. */
class SparkProviderTest {
  static final String SPEC = "name:String,speed:Double,dtg:Date,*geom:Geometry:srid=4326";
  @TempDir
  static Path dir;
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("geostream-fs-tests")
        .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    jsc = new JavaSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    StoreParams.disposeAll();
  }

  /** Points and small polygons (some crossing any tile edge), built on the executors. */
  static JavaRDD<SimpleFeature> features(int n, int slices) {
    return jsc.parallelize(IntStream.range(0, n).boxed().toList(), slices).map(SparkProviderTest::feature);
  }

  static SimpleFeature feature(int i) {
    SimpleFeatureType type = FeatureTypes.parseSpec("things", SPEC);
    Random r = new Random(i);
    GeometryFactory gf = new GeometryFactory();
    double x = -170 + r.nextDouble() * 340;
    double y = -80 + r.nextDouble() * 160;
    Geometry g = i % 4 == 0
        ? gf.toGeometry(new org.locationtech.jts.geom.Envelope(x, x + r.nextDouble() * 30, y, y + r.nextDouble() * 8))
        : gf.createPoint(new Coordinate(x, y));
    if (i % 97 == 0) {
      g = null;
    }
    return new SerializableFeature(new Object[] {i % 3 == 0 ? "bus" : "car", r.nextDouble() * 100,
        new Date(1_700_000_000_000L + i * 60_000L), g}, type, "f" + i);
  }

  static Set<String> expected(int n, String ecql) throws Exception {
    Filter f = ECQL.toFilter(ecql);
    return IntStream.range(0, n).mapToObj(SparkProviderTest::feature).filter(f::evaluate)
        .map(SimpleFeature::getID).collect(Collectors.toSet());
  }

  static Set<String> ids(SpatialRDD rdd) {
    List<String> list = rdd.rdd().map(SimpleFeature::getID).collect();
    Set<String> set = Set.copyOf(list);
    assertThat(set).as("no duplicates").hasSize(list.size());
    return set;
  }

  static final String[] FILTERS = {"INCLUDE", "BBOX(geom, -10, -10, 40, 30)",
      "INTERSECTS(geom, POLYGON((0 0, 90 0, 90 45, 0 0))) AND name = 'bus'",
      "speed > 50 OR BBOX(geom, 100, 0, 180, 90)", "geom IS NULL", "dtg AFTER 2023-11-16T00:00:00Z",
      "NOT BBOX(geom, -180, -90, 0, 90)"};

  @Test
  void fsStoreWritesInOneCommitAndReadsInParallel() throws Exception {
    Map<String, String> params = Map.of("fs.path", dir.resolve("fs").toString(), "fs.partition-scheme", "z2-4bit");
    SpatialRDDProvider provider = SpatialRDDProviders.find(params);
    assertThat(provider).isInstanceOf(GeoToolsProvider.class);
    int n = 6000;
    provider.save(features(n, 4), params, "things");
    FsDataStore store = (FsDataStore) StoreParams.open(params);
    assertThat(store.fsType("things").log().snapshot().version()).as("one commit for the whole job").isEqualTo(1);
    for (String ecql : FILTERS) {
      SpatialRDD rdd = provider.rdd(spark.sparkContext(), params, new Query("things", ECQL.toFilter(ecql)));
      assertThat(ids(rdd)).as(ecql).isEqualTo(expected(n, ecql));
      if (ecql.equals("INCLUDE")) {
        assertThat(rdd.rdd().getNumPartitions()).isGreaterThanOrEqualTo(2);
        assertThat(rdd.type().getAttributeCount()).isEqualTo(4);
      }
    }
    Query projected = new Query("things", Filter.INCLUDE, "speed");
    SpatialRDD p = provider.rdd(spark.sparkContext(), params, projected);
    assertThat(p.type().getAttributeCount()).isEqualTo(1);
    assertThat(p.rdd().first().getAttributeCount()).isEqualTo(1);
  }

  @Test
  void anyGeoToolsStoreIsSplitBySpaceWithoutDuplicates() throws Exception {
    Map<String, String> params = Map.of("memory.name", "generic");
    DataStore mem = StoreParams.open(params);
    mem.createSchema(FeatureTypes.parseSpec("things", SPEC));
    SpatialRDDProvider provider = SpatialRDDProviders.find(params);
    int n = 3000;
    provider.save(features(n, 3), params, "things");
    assertThat(mem.getFeatureSource("things").getCount(Query.ALL)).isEqualTo(n);
    for (String ecql : FILTERS) {
      SpatialRDD rdd = provider.rdd(spark.sparkContext(), params, new Query("things", ECQL.toFilter(ecql)));
      assertThat(rdd.rdd().getNumPartitions()).isGreaterThan(2);
      assertThat(ids(rdd)).as(ecql).isEqualTo(expected(n, ecql));
    }
    Query limited = new Query("things", Filter.INCLUDE);
    limited.setMaxFeatures(25);
    assertThat(provider.rdd(spark.sparkContext(), params, limited).rdd().count()).isEqualTo(25);
  }

  @Test
  void errorsNameProvidersFeaturesAndHidePasswords() throws Exception {
    Map<String, String> params = new HashMap<>(Map.of("accumulo.instance", "x", "accumulo.password", "hunter2"));
    assertThatThrownBy(() -> SpatialRDDProviders.find(params))
        .hasMessageContaining("no provider accepts")
        .hasMessageContaining("geotools")
        .hasMessageContaining("accumulo.password=***")
        .hasMessageNotContaining("hunter2");
    Map<String, String> fs = Map.of("fs.path", dir.resolve("bad").toString());
    DataStore store = StoreParams.open(fs);
    store.createSchema(FeatureTypes.parseSpec("typed", "name:Integer,*geom:Point:srid=4326"));
    JavaRDD<SimpleFeature> wrong = features(10, 2);
    assertThatThrownBy(() -> SpatialRDDProviders.find(fs).save(wrong, fs, "typed"))
        .hasMessageContaining("Cannot write feature 'f").hasMessageContaining("attribute 'speed' is not in the type");
    JavaRDD<SimpleFeature> mistyped = jsc.parallelize(List.of(1)).map(i -> new SerializableFeature(
        new Object[] {"not a number", null}, FeatureTypes.parseSpec("typed", "name:String,*geom:Point:srid=4326"),
        "mistyped-1"));
    assertThatThrownBy(() -> SpatialRDDProviders.find(fs).save(mistyped, fs, "typed"))
        .hasMessageContaining("Cannot write feature 'mistyped-1' to 'typed': attribute 'name' must be Integer");
    assertThat(store.getFeatureSource("typed").getCount(Query.ALL)).as("nothing committed").isZero();
    assertThatThrownBy(() -> SpatialRDDProviders.find(fs).rdd(spark.sparkContext(), fs, new Query("missing")))
        .hasMessageContaining("'missing'").hasMessageContaining("typed");
    assertThat(Files.exists(dir.resolve("bad/typed/_geostream/schema.json"))).isTrue();
  }
}
