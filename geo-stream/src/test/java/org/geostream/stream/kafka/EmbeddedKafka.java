package org.geostream.stream.kafka;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import scala.Option;

/**
 * A real Kafka broker (the version spark-sql-kafka is built with) and its ZooKeeper, in this JVM
 * on loopback with ephemeral ports, for one test class: {@link #start} in {@code @BeforeAll},
 * {@link #close} in {@code @AfterAll}. Sized for a 2-core machine (few threads, no log cleaner).
 */
final class EmbeddedKafka implements AutoCloseable {
  private final Path dir;
  private final ZooKeeperServer zk;
  private final ServerCnxnFactory zkFactory;
  private final KafkaServer broker;
  private final String bootstrap;

  private EmbeddedKafka(Path dir, ZooKeeperServer zk, ServerCnxnFactory zkFactory, KafkaServer broker,
      String bootstrap) {
    this.dir = dir;
    this.zk = zk;
    this.zkFactory = zkFactory;
    this.broker = broker;
    this.bootstrap = bootstrap;
  }

  /** Starts ZooKeeper and one broker with their data under a new temporary directory. */
  static EmbeddedKafka start() throws IOException, InterruptedException {
    quiet();
    Path dir = Files.createTempDirectory("geostream-kafka");
    ZooKeeperServer zk = new ZooKeeperServer(dir.resolve("zk-snap").toFile(), dir.resolve("zk-log").toFile(), 500);
    ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 64);
    factory.startup(zk);
    Properties p = new Properties();
    p.put("zookeeper.connect", "127.0.0.1:" + factory.getLocalPort());
    p.put("zookeeper.session.timeout.ms", "30000");
    p.put("broker.id", "0");
    p.put("listeners", "PLAINTEXT://127.0.0.1:0");
    p.put("log.dirs", dir.resolve("kafka-logs").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.enable", "false");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    KafkaServer broker = new KafkaServer(new KafkaConfig(p, false), Time.SYSTEM, Option.empty(), false);
    broker.startup();
    int port = broker.boundPort(ListenerName.normalised("PLAINTEXT"));
    return new EmbeddedKafka(dir, zk, factory, broker, "127.0.0.1:" + port);
  }

  /** Broker, ZooKeeper and client logs at WARN (Spark's default profile logs everything at INFO). */
  static void quiet() {
    for (String logger : List.of("kafka", "org.apache.kafka", "org.apache.zookeeper", "state.change.logger")) {
      Configurator.setLevel(logger, Level.WARN);
    }
  }

  /** The {@code bootstrap.servers} of the broker. */
  String bootstrap() {
    return bootstrap;
  }

  /** Creates a topic with {@code partitions} partitions (replication 1) and waits until it exists. */
  void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  /** A producer of byte keys and values that waits for the broker's acknowledgement of each record. */
  KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Every record of {@code topic} now, partition by partition in offset order. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Cannot read topic '" + topic + "' to its end " + end + " within a minute");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
        .thenComparingLong(ConsumerRecord::offset));
    return out;
  }

  @Override
  public void close() throws IOException {
    broker.shutdown();
    broker.awaitShutdown();
    zkFactory.shutdown();
    zk.shutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
