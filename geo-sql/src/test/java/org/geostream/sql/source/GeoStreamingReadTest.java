package org.geostream.sql.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.geotools.api.feature.simple.SimpleFeature;
import org.geotools.api.feature.simple.SimpleFeatureType;
import org.geostream.core.feature.SerializableFeature;
import org.geostream.core.schema.FeatureTypes;
import org.geostream.core.spi.BulkWritableDataStore.TaskWriter;
import org.geostream.core.spi.StoreParams;
import org.geostream.sql.GeoStream;
import org.geostream.store.fs.FsDataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * {@code spark.readStream.format("geostream")} over a real fs store: every feature that appends and
 * upserts bring in arrives once, across micro-batches, compaction and a restart from the checkpoint.
 */
class GeoStreamingReadTest {
  static final GeometryFactory GF = new GeometryFactory();
  static SparkSession spark;
  static Map<String, String> params;
  static FsDataStore store;
  /** Rows (fid=n) each query's micro-batches delivered, in order, by query. */
  static final Map<String, List<String>> RECEIVED = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", GeoStream.EXTENSIONS).config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    Path dir = Files.createTempDirectory("geostream-streaming-read");
    params = Map.of("fs.path", dir.toString(), "fs.partition-scheme", "daily");
    store = (FsDataStore) StoreParams.open(params);
  }

  @AfterAll
  static void stop() {
    for (StreamingQuery q : spark.streams().active()) {
      try {
        q.stop();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }
    StoreParams.disposeAll();
  }

  private static SimpleFeatureType create(String type) throws Exception {
    store.createSchema(FeatureTypes.parseSpec(type, "n:Long,dtg:Date,*geom:Point:srid=4326"));
    return store.getSchema(type);
  }

  private static SimpleFeature feature(SimpleFeatureType t, long id, long n) {
    return new SerializableFeature(new Object[] {n, new Date(1_767_225_600_000L + id * 3_600_000L),
        GF.createPoint(new Coordinate(id % 90, id % 45))}, t, String.format("f%05d", id));
  }

  /** One append commit of features {@code from..to-1} (n = id), written by two tasks. */
  private static void append(SimpleFeatureType t, long from, long to) throws Exception {
    List<org.geostream.core.spi.BulkWritableDataStore.TaskResult> parts = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      TaskWriter w = store.taskWriter(t.getTypeName(), task, 0);
      for (long id = from; id < to; id++) {
        if (id % 2 == task) {
          w.write(feature(t, id, id));
        }
      }
      parts.add(w.finish());
    }
    store.commit(t.getTypeName(), parts);
  }

  /** One upsert commit of {@code from..to-1} with n = id + offset. */
  private static void upsert(SimpleFeatureType t, long from, long to, long offset, long sequence) throws Exception {
    TaskWriter w = store.upsertWriter(t.getTypeName(), 0, 0);
    for (long id = from; id < to; id++) {
      w.write(feature(t, id, id + offset));
    }
    assertThat(store.commitUpsert(t.getTypeName(), List.of(w.finish()), "test", sequence)).isTrue();
  }

  private static StreamingQuery stream(String type, String name, Path checkpoint, Map<String, String> options)
      throws Exception {
    RECEIVED.putIfAbsent(name, java.util.Collections.synchronizedList(new ArrayList<>()));
    Dataset<Row> df = spark.readStream().format("geostream").options(params).options(options)
        .option("feature", type).load();
    assertThat(df.isStreaming()).isTrue();
    return df.selectExpr("__fid__", "n").writeStream().option("checkpointLocation", checkpoint.toString())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> {
          for (Row r : batch.collectAsList()) {
            RECEIVED.get(name).add(r.getString(0) + "=" + r.getLong(1));
          }
        }).start();
  }

  private static List<String> expected(long from, long to, long offset) {
    return LongStream.range(from, to).mapToObj(i -> String.format("f%05d=%d", i, i + offset)).toList();
  }

  private static List<String> sorted(String name) {
    synchronized (RECEIVED.get(name)) {
      return RECEIVED.get(name).stream().sorted().collect(Collectors.toList());
    }
  }

  @Test
  void everyAppendedFeatureArrivesOnceAcrossBatchesCompactionAndRestart() throws Exception {
    SimpleFeatureType t = create("appends");
    append(t, 0, 100);
    Path cp = Files.createTempDirectory("geostream-cp");
    StreamingQuery q = stream("appends", "appends", cp, Map.of());
    q.processAllAvailable();
    assertThat(sorted("appends")).isEqualTo(expected(0, 100, 0));

    append(t, 100, 150);
    q.processAllAvailable();
    append(t, 150, 210);
    q.processAllAvailable();
    assertThat(sorted("appends")).isEqualTo(expected(0, 210, 0));

    // Compaction rewrites the small files of each day into one: the same features, nothing new.
    assertThat(store.compact("appends", 2)).isGreaterThan(0);
    append(t, 210, 220);
    q.processAllAvailable();
    assertThat(sorted("appends")).isEqualTo(expected(0, 220, 0));
    q.stop();

    // Written while the query is down; the restarted query reads only what its checkpoint has not.
    append(t, 220, 250);
    StreamingQuery again = stream("appends", "appends", cp, Map.of());
    again.processAllAvailable();
    append(t, 250, 260);
    again.processAllAvailable();
    again.stop();
    assertThat(sorted("appends")).isEqualTo(expected(0, 260, 0));
  }

  @Test
  void latestStartsAfterWhatIsCommittedAndAVersionFromThatCommit() throws Exception {
    SimpleFeatureType t = create("latest");
    append(t, 0, 50); // version 1
    append(t, 50, 70); // version 2
    StreamingQuery q = stream("latest", "latest", Files.createTempDirectory("geostream-cp"),
        Map.of("startingVersion", "latest"));
    q.processAllAvailable();
    assertThat(sorted("latest")).isEmpty();
    append(t, 70, 80);
    q.processAllAvailable();
    q.stop();
    assertThat(sorted("latest")).isEqualTo(expected(70, 80, 0));

    StreamingQuery fromTwo = stream("latest", "from2", Files.createTempDirectory("geostream-cp"),
        Map.of("startingVersion", "2"));
    fromTwo.processAllAvailable();
    fromTwo.stop();
    assertThat(sorted("from2")).isEqualTo(expected(50, 80, 0));
  }

  @Test
  void upsertsBringInWhatTheyWroteNotTheFeaturesTheyCopied() throws Exception {
    SimpleFeatureType t = create("upserts");
    upsert(t, 0, 20, 0, 0);
    StreamingQuery q = stream("upserts", "upserts", Files.createTempDirectory("geostream-cp"), Map.of());
    q.processAllAvailable();
    assertThat(sorted("upserts")).isEqualTo(expected(0, 20, 0));
    // Ids 15..19 get new versions, 20..24 are new; the file of 0..19 is rewritten with 0..14 copied.
    upsert(t, 15, 25, 1000, 1);
    q.processAllAvailable();
    q.stop();
    List<String> all = new ArrayList<>(expected(0, 20, 0));
    all.addAll(expected(15, 25, 1000));
    assertThat(sorted("upserts")).isEqualTo(all.stream().sorted().toList());
  }

  @Test
  void aStoreWithoutAChangeFeedOrABadStartingVersionIsAClearError() throws Exception {
    Map<String, String> plain = Map.of("plain-memory.name", "streams");
    StoreParams.open(plain).createSchema(FeatureTypes.parseSpec("things", "n:Long,*geom:Point:srid=4326"));
    StreamingQuery q = spark.readStream().format("geostream").options(plain).option("feature", "things").load()
        .writeStream().format("console").option("checkpointLocation",
            Files.createTempDirectory("geostream-cp").toString()).start();
    assertThatThrownBy(q::processAllAvailable).hasStackTraceContaining("Cannot read 'things' as a stream: the store "
        + "{plain-memory.name=streams} does not support change feeds");

    create("badstart");
    StreamingQuery bad = stream("badstart", "badstart", Files.createTempDirectory("geostream-cp"),
        Map.of("startingVersion", "yesterday"));
    assertThatThrownBy(bad::processAllAvailable).hasStackTraceContaining("Cannot read 'badstart' as a stream: "
        + "option 'startingVersion' must be earliest, latest or a commit version >= 1: 'yesterday'");
    StreamingQuery ahead = stream("badstart", "ahead", Files.createTempDirectory("geostream-cp"),
        Map.of("startingVersion", "5"));
    assertThatThrownBy(ahead::processAllAvailable).hasStackTraceContaining("Cannot read 'badstart' as a stream: "
        + "option 'startingVersion' names a version after the newest commit (0): '5'");
  }
}
