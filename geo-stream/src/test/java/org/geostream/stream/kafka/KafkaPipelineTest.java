package org.geostream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.stream.BatchMetrics;
import org.geostream.stream.Pipeline;
import org.geostream.stream.PipelineRun;
import org.geostream.stream.SinkSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/**
 * A real broker in this JVM: the Kafka source through the pipeline into the fs store, against an
 * independent recomputation of every window; malformed records (ten classes) into a Kafka
 * quarantine topic with their reason and {@code topic-partition@offset}; and results into a
 * Kafka topic keyed by feature id.
 */
class KafkaPipelineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String INPUT = "reports";
  static final int PARTITIONS = 3;
  static final EventCorpus CORPUS = new EventCorpus(6000, 53);

  static EmbeddedKafka kafka;
  static SparkSession spark;
  static Map<String, EventCorpus.Bad> bad;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic(INPUT, PARTITIONS);
    bad = CORPUS.produce(kafka, INPUT, PARTITIONS);
    spark = SparkSession.builder().master("local[2]").appName("KafkaPipelineTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /**
   * Runs {@code p} until its batches have read every record of the input topic, then stops it.
   * ({@code processAllAvailable} would wait forever: the window state's processing-time timeout
   * makes Spark run a batch without data after every trigger.)
   */
  static PipelineRun runToEnd(Pipeline p) throws InterruptedException {
    PipelineRun run = p.start(spark);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (run.batches().stream().mapToLong(BatchMetrics::in).sum() < CORPUS.records()) {
      assertThat(run.query().isActive()).as("query of %s active (%s)", p.name(), run.query().exception()).isTrue();
      assertThat(System.nanoTime()).as("all records read within 3 minutes").isLessThan(deadline);
      Thread.sleep(200);
    }
    run.stop();
    run.batches().stream().filter(m -> m.in() > 0).forEach(m -> System.out.println(p.name() + " " + m.line()));
    return run;
  }

  @Test
  void kafkaIntoTheStoreEqualsARecomputationAndBadRecordsGoToAQuarantineTopic() throws Exception {
    kafka.createTopic("quarantine", 1);
    Map<String, String> store = Map.of("fs.path", dir.resolve("store").toString());
    Pipeline p = EventCorpus.pipeline("kafka-store", kafka.bootstrap(), INPUT, 1500,
        new SinkSpec.Store(store, EventCorpus.TYPE), new SinkSpec.Kafka(kafka.bootstrap(), "quarantine"),
        dir.resolve("checkpoint-store").toString());
    PipelineRun run = runToEnd(p);

    CORPUS.assertStoreEquals(EventCorpus.stored(store));
    Row ids = spark.read().format("geostream").options(store).option("feature", EventCorpus.TYPE).load()
        .selectExpr("count(*)", "count(distinct __fid__)").first();
    assertThat(ids.getLong(0)).isEqualTo(ids.getLong(1)).isEqualTo(CORPUS.windows().size());

    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    assertThat(history.stream().filter(m -> m.in() > 0).count()).as("the rate limit cuts the topic into batches")
        .isGreaterThanOrEqualTo(CORPUS.records() / 1500);
    assertThat(history.stream().mapToLong(BatchMetrics::in).sum()).isEqualTo(CORPUS.records());
    assertThat(history.stream().mapToLong(BatchMetrics::accepted).sum()).isEqualTo(CORPUS.events);
    assertThat(history.stream().mapToLong(BatchMetrics::quarantined).sum()).isEqualTo(bad.size());
    assertThat(history.stream().mapToLong(BatchMetrics::late).sum()).isZero();
    assertThat(run.batches()).isNotEmpty();

    // Each malformed record once in the quarantine topic, keyed and labelled by its position, with its reason.
    // Ten classes, eight reason codes (truncated JSON, a JSON array and a tombstone are all MALFORMED_JSON).
    assertThat(bad.values().stream().map(EventCorpus.Bad::reason).distinct().count()).isEqualTo(8);
    Map<String, JsonNode> quarantined = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAll("quarantine")) {
      JsonNode n = JSON.readTree(r.value());
      String position = n.get("position").asText();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(position);
      assertThat(quarantined.put(position, n)).as("%s quarantined twice", position).isNull();
    }
    assertThat(quarantined.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
    for (Map.Entry<String, EventCorpus.Bad> e : bad.entrySet()) {
      JsonNode n = quarantined.get(e.getKey());
      assertThat(n.get("reason").asText()).as(e.getKey()).isEqualTo(e.getValue().reason().name());
      assertThat(n.get("message").asText()).as(e.getKey()).isNotBlank();
      assertThat(n.get("batch").asLong()).isBetween(0L, (long) history.size());
      assertThat(n.get("raw").asText()).as(e.getKey()).isEqualTo(e.getValue().text());
    }
  }

  @Test
  void resultsGoToAKafkaTopicKeyedByFeatureId() throws Exception {
    kafka.createTopic("results", 1);
    Pipeline p = EventCorpus.pipeline("kafka-results", kafka.bootstrap(), INPUT, 3000,
        new SinkSpec.Kafka(kafka.bootstrap(), "results"), null, dir.resolve("checkpoint-results").toString());
    runToEnd(p);

    // Windows are written whenever a batch changes them: the latest message of each id is its result.
    Map<String, JsonNode> latest = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> messages = kafka.readAll("results");
    for (ConsumerRecord<byte[], byte[]> r : messages) {
      JsonNode n = JSON.readTree(r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(n.get("__fid__").asText());
      latest.put(n.get("__fid__").asText(), n);
    }
    Map<String, EventCorpus.Expected> expected = CORPUS.windows();
    assertThat(messages.size()).isGreaterThanOrEqualTo(expected.size());
    assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    WKTReader wkt = new WKTReader();
    for (Map.Entry<String, EventCorpus.Expected> e : expected.entrySet()) {
      JsonNode n = latest.get(e.getKey());
      EventCorpus.Expected x = e.getValue();
      assertThat(n.get("cell").asText()).isEqualTo(x.cell);
      assertThat(n.get("kind").asText()).isEqualTo(x.kind);
      assertThat(n.get("count").asLong()).as(e.getKey()).isEqualTo(x.count);
      assertThat(n.get("avg_speed").asDouble()).as(e.getKey()).isEqualTo(x.sum / x.count);
      assertThat(n.get("max_speed").asDouble()).as(e.getKey()).isEqualTo(x.max);
      if (x.count > 1) {
        assertThat(n.get("stddev_speed").asDouble()).isCloseTo(x.stddev(), within(1e-9));
      }
      assertThat(n.get("distinct_vehicle").asLong()).isEqualTo(x.vehicles.size());
      assertThat(wkt.read(n.get("centroid").asText()).getCoordinate().x).isCloseTo(x.sumX / x.count, within(1e-12));
      assertThat(wkt.read(n.get("geom").asText()).covers(wkt.read(n.get("centroid").asText()))).isTrue();
    }
  }
}
