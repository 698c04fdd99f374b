package org.geostream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.geostream.stream.BatchMetrics;
import org.geostream.stream.PipelineRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under failures (issue 5, "Reliability"): 100,000 vehicle reports and 100
 * malformed records in a 4-partition topic of a real broker; the pipeline runs in a child JVM
 * ({@link ReliabilityPipelineMain}) that is, at random points, killed with SIGKILL, stopped, or
 * made to fail inside its tasks, and restarted from its checkpoint after each fault. Afterwards
 * the store holds exactly the windows a batch recomputation gives (none lost, none twice, every
 * aggregate equal), each malformed record is in the quarantine once with its reason, and the
 * metrics kept in the checkpoint add up to the input.
 *
 * <p>Task failures are real ones, without hooks in the product: a directory the tasks write to is
 * replaced by a plain file (what a full or broken disk looks like to a writer), so the store's
 * write tasks or the state store's tasks throw, the batch fails and the query stops with the
 * error; the directory is put back before the restart. {@code -Dgeostream.reliability.seed=N}
 * repeats a run's choice of faults and points.
 */
class KafkaReliabilityTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOPIC = "reports";
  static final int PARTITIONS = 4;
  static final int MAX_OFFSETS_PER_TRIGGER = 4000;
  static final EventCorpus CORPUS = new EventCorpus(100_000, 1000);
  static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

  /** The faults injected. */
  enum Fault {
    /** SIGKILL of the driver JVM. */
    KILL,
    /**
     * SIGKILL as soon as the sink has written a batch: often before Spark records the batch as
     * committed, so the restart replays a batch the store already holds.
     */
    KILL_AFTER_SINK,
    /** The query stopped through its API. */
    STOP,
    /**
     * The store's partition directory replaced by a file: the upsert's write tasks fail (or its commit on
     * the driver, when it reads the partition's files before any task writes there).
     */
    STORE_TASKS_FAIL,
    /** The state store directory replaced by a file: the window operator's tasks fail. */
    STATE_TASKS_FAIL
  }

  @TempDir
  Path dir;

  @Test
  void storeEqualsARecomputationAfterKillsStopsAndTaskFailures() throws Exception {
    long seed = Long.getLong("geostream.reliability.seed", System.nanoTime());
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>(List.of(Fault.KILL, Fault.KILL, Fault.KILL_AFTER_SINK, Fault.STOP,
        Fault.STORE_TASKS_FAIL, Fault.STATE_TASKS_FAIL));
    Collections.shuffle(faults, random);
    System.out.println("reliability seed " + seed + ", faults " + faults);

    Path store = dir.resolve("store");
    Path quarantine = dir.resolve("quarantine");
    Path checkpoint = dir.resolve("checkpoint");
    long started = System.nanoTime();
    Map<String, EventCorpus.Bad> bad;
    List<String> log = new ArrayList<>();
    List<Long> replayed = new ArrayList<>();
    List<Child> children = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(TOPIC, PARTITIONS);
      bad = CORPUS.produce(kafka, TOPIC, PARTITIONS);
      List<String> args = List.of(kafka.bootstrap(), TOPIC, store.toString(), quarantine.toString(),
          checkpoint.toString(), String.valueOf(MAX_OFFSETS_PER_TRIGGER));
      for (int k = 0; k < faults.size(); k++) {
        Fault fault = faults.get(k);
        Child child = Child.start(dir, k, args);
        children.add(child);
        // A random point: after 1 to 3 more completed batches, then 0 to 2 s into the next one.
        int before = metricsFiles(checkpoint);
        int target = before + 1 + random.nextInt(3);
        child.awaitBatches(() -> metricsFiles(checkpoint) >= target);
        long delay = fault == Fault.KILL_AFTER_SINK ? 0 : random.nextInt(2000);
        Thread.sleep(delay);
        int status = inject(fault, child, store, checkpoint, dir.resolve("aside-" + k));
        long last = metricsFiles(checkpoint) - 1;
        if (fault == Fault.KILL_AFTER_SINK && !Files.exists(checkpoint.resolve("commits/" + last))
            && JSON.readTree(checkpoint.resolve(String.format("geostream/metrics/%012d.json", last)).toFile())
                .get("results").asLong() > 0) {
          replayed.add(last); // in the store, not committed by Spark: the restart replays it and must skip it
        }
        String entry = String.format(Locale.ROOT, "fault %d %s %d s after the start, after batch files %d->%d "
            + "+%d ms: exit %d%s", k + 1, fault, child.seconds(), before, metricsFiles(checkpoint), delay, status,
            child.failure());
        System.out.println(entry);
        log.add(entry);
        switch (fault) {
          case KILL, KILL_AFTER_SINK -> assertThat(status).as(entry).isEqualTo(137);
          case STOP -> assertThat(status).as(entry).isZero();
          default -> assertThat(status).as(entry).isEqualTo(ReliabilityPipelineMain.QUERY_FAILED);
        }
        if (fault == Fault.STATE_TASKS_FAIL) {
          assertThat(child.stderr()).as("%s: a task failed on the blocked directory", entry)
              .contains("Job aborted due to stage failure: Task")
              .contains(blocked(fault, store, checkpoint).toString());
        } else if (fault == Fault.STORE_TASKS_FAIL) {
          // The upsert meets the blocked partition in its write tasks or, when it reads the partition's files
          // first, in its commit on the driver: either way the query fails on that directory.
          assertThat(child.stderr()).as("%s: the upsert failed on the blocked directory", entry)
              .containsAnyOf("Job aborted due to stage failure: Task", "Cannot commit upsert")
              .contains(blocked(fault, store, checkpoint).toString());
        }
      }
      // The last run, without faults, to the end of the topic.
      Child last = Child.start(dir, faults.size(), args);
      children.add(last);
      last.awaitBatches(() -> recordsRead(checkpoint) >= CORPUS.records());
      assertThat(last.stop()).as("the last run stops cleanly").isZero();
    } finally {
      children.forEach(c -> c.process.destroyForcibly()); // none outlives a failed test
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    SparkSession spark = SparkSession.builder().master("local[2]").appName("KafkaReliabilityTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Map<String, String> params = Map.of("fs.path", store.toString());
    // 0 lost, 0 duplicated, every aggregate equal.
    CORPUS.assertStoreEquals(EventCorpus.stored(params));
    Row ids = spark.read().format("geostream").options(params).option("feature", EventCorpus.TYPE).load()
        .selectExpr("count(*)", "count(distinct __fid__)").first();
    assertThat(ids.getLong(0)).as("count == count(distinct fid)").isEqualTo(ids.getLong(1))
        .isEqualTo(CORPUS.windows().size());

    // The metrics of every batch, each once: accepted + quarantined == input.
    List<BatchMetrics> history = PipelineRun.history(spark, checkpoint.toString());
    assertThat(history).extracting(BatchMetrics::batch).doesNotHaveDuplicates();
    for (BatchMetrics m : history) {
      assertThat(m.accepted() + m.quarantined()).as("batch %d", m.batch()).isEqualTo(m.in());
    }
    assertThat(history.stream().mapToLong(BatchMetrics::in).sum()).isEqualTo(CORPUS.records());
    assertThat(history.stream().mapToLong(BatchMetrics::accepted).sum()).isEqualTo(CORPUS.events);
    assertThat(history.stream().mapToLong(BatchMetrics::quarantined).sum()).isEqualTo(bad.size());
    assertThat(history.stream().mapToLong(BatchMetrics::late).sum()).isZero();

    // Each malformed record in the quarantine once, with its reason and position.
    Map<String, JsonNode> quarantined = quarantined(quarantine);
    assertThat(quarantined.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
    bad.forEach((position, b) -> assertThat(quarantined.get(position).get("reason").asText()).as(position)
        .isEqualTo(b.reason().name()));

    // A batch the store had committed before the kill was replayed, found committed and skipped.
    for (long b : replayed) {
      assertThat(history.stream().filter(m -> m.batch() == b).findFirst().orElseThrow().skipped())
          .as("batch %d replayed after the kill", b).isTrue();
    }
    long replays = history.stream().filter(BatchMetrics::skipped).count();
    long dataBatches = history.stream().filter(m -> m.in() > 0).count();
    String summary = String.format(Locale.ROOT, "reliability: %d records (%d quarantined) in %d data batches, "
        + "%d faults, %d batches replayed and found committed in the store, %d windows in the store, %d s",
        CORPUS.records(), bad.size(), dataBatches, faults.size(), replays, ids.getLong(0), seconds);
    System.out.println(summary);
    spark.stop();
  }

  /** Applies {@code fault} to the running child; returns its exit status. */
  static int inject(Fault fault, Child child, Path store, Path checkpoint, Path aside) throws Exception {
    switch (fault) {
      case KILL, KILL_AFTER_SINK -> {
        return child.kill();
      }
      case STOP -> {
        return child.stop();
      }
      default -> {
        Path target = blocked(fault, store, checkpoint);
        Files.move(target, aside);
        Files.writeString(target, "not a directory");
        try {
          return child.awaitExit();
        } finally {
          Files.delete(target);
          Files.move(aside, target);
        }
      }
    }
  }

  /** The directory a task fault replaces by a file. */
  static Path blocked(Fault fault, Path store, Path checkpoint) throws IOException {
    return fault == Fault.STATE_TASKS_FAIL ? checkpoint.resolve("state/0") : dataDirectory(store);
  }

  /** The store's top data directory of the result type (its daily partitions), where write tasks put files. */
  static Path dataDirectory(Path store) throws IOException {
    try (Stream<Path> s = Files.list(store.resolve(EventCorpus.TYPE))) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("_")
          && !p.getFileName().toString().startsWith(".")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no data directory in " + store));
    }
  }

  /** Batches whose metrics the checkpoint holds. */
  static int metricsFiles(Path checkpoint) {
    File[] files = checkpoint.resolve("geostream/metrics").toFile()
        .listFiles(f -> f.getName().endsWith(".json") && !f.getName().startsWith("."));
    return files == null ? 0 : files.length;
  }

  /** Records read by the batches whose metrics the checkpoint holds. */
  static long recordsRead(Path checkpoint) {
    File[] files = checkpoint.resolve("geostream/metrics").toFile()
        .listFiles(f -> f.getName().endsWith(".json") && !f.getName().startsWith("."));
    long in = 0;
    for (File f : files == null ? new File[0] : files) {
      try {
        in += JSON.readTree(f).get("in").asLong();
      } catch (IOException e) {
        // Being replaced by a replay of the batch: counted on the next look.
      }
    }
    return in;
  }

  /** The quarantined records by position, failing on a position quarantined twice. */
  static Map<String, JsonNode> quarantined(Path quarantine) throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(quarantine)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.getFileName().toString().endsWith(".json") && !p.toString().contains("_temporary")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          JsonNode n = JSON.readTree(line);
          String position = n.get("position").asText();
          assertThat(out.put(position, n)).as("%s quarantined twice (%s)", position, f).isNull();
        }
      }
    }
    return out;
  }

  /** A run of {@link ReliabilityPipelineMain} in its own JVM. */
  static final class Child {
    final Process process;
    final Path out;
    final Path err;

    final long started = System.nanoTime();

    private Child(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** Starts the pipeline's driver with this JVM's classpath and Spark's module flags. */
    static Child start(Path dir, int n, List<String> args) throws IOException {
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Path argFile = dir.resolve("child.args");
      Files.writeString(argFile, "-cp \"" + classpath + "\"\n");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect.useDirectMethodHandle")) {
          command.add(a);
        }
      }
      command.add("-Xmx1g");
      command.add("@" + argFile);
      command.add(ReliabilityPipelineMain.class.getName());
      command.addAll(args);
      Path out = dir.resolve("child-" + n + ".out");
      Path err = dir.resolve("child-" + n + ".err");
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      return new Child(p, out, err);
    }

    /** Waits until {@code done} holds; fails if the child exits first or the time runs out. */
    void awaitBatches(java.util.function.BooleanSupplier done) throws Exception {
      long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
      while (!done.getAsBoolean()) {
        if (!process.isAlive()) {
          fail("the pipeline's driver exited with " + process.exitValue() + " before the point of the fault:\n"
              + tail(err));
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          fail("the pipeline's driver made no progress for " + CHILD_TIMEOUT + ":\n" + tail(err));
        }
        Thread.sleep(5);
      }
    }

    long seconds() {
      return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    }

    int kill() throws InterruptedException {
      process.destroyForcibly();
      return process.waitFor();
    }

    /** Asks the child to stop its query; returns its exit status. */
    int stop() throws Exception {
      OutputStream in = process.getOutputStream();
      in.write("stop\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      return awaitExit();
    }

    int awaitExit() throws Exception {
      if (!process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("the pipeline's driver did not exit within " + CHILD_TIMEOUT + ":\n" + tail(err));
      }
      return process.exitValue();
    }

    String stderr() throws IOException {
      return Files.readString(err);
    }

    /** The first line of the query's failure, if it failed. */
    String failure() throws IOException {
      return Files.readAllLines(err).stream().filter(l -> l.startsWith("QUERY FAILED") || l.startsWith("Caused by"))
          .reduce((a, b) -> b).map(l -> " (" + (l.length() > 200 ? l.substring(0, 200) + "..." : l) + ")")
          .orElse("");
    }

    static String tail(Path f) throws IOException {
      List<String> lines = Files.readAllLines(f);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
  }
}
