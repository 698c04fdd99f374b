package org.geostream.bench.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.geostream.bench.BenchArgs;

/**
 * One Spark engine's JVM: {@code --engine geostream} or {@code --engine sedona}, then the options of
 * {@link StreamOptions}. For each mode it starts the engine's streaming query over the CSV directory (the
 * same {@code maxFilesPerTrigger} for both), waits until every file is processed, takes the time from
 * starting the query to the end of the last micro-batch that read input (Spark's progress reports), lets one
 * more batch run (it closes the windows the last watermark passed), stops the query and writes the engine's
 * window results as an answer file.
 */
public final class StreamRun {
  private StreamRun() {}

  /** An engine's streaming job. */
  interface Job {
    /** Starts the query of {@code mode} over the CSV files in {@code input}, writing window results under {@code out}. */
    StreamingQuery start(SparkSession spark, StreamOptions o, String mode, Path input, Path out, Path checkpoint);

    /** The window results written under {@code out}. */
    List<StreamResults.Answer> answers(SparkSession spark, StreamOptions o, Path out);

    /** What the engine counted itself, for the report (empty when nothing). */
    String note(StreamOptions o);

    /** Names and versions of what ran. */
    String version();

    /**
     * The input rows Spark's progress reports once {@code files} files holding {@code events} events are read
     * (events, or files for whole-file reads).
     */
    long inputRows(long files, long events);
  }

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int i = rest.indexOf("--engine");
    if (i < 0 || i + 1 >= rest.size()) {
      throw new IllegalArgumentException("Cannot run: --engine geostream|sedona is required");
    }
    String engine = rest.remove(i + 1);
    rest.remove(i);
    StreamOptions o = StreamOptions.parse(rest.toArray(new String[0]));
    List<Double> loads = new ArrayList<>();
    loads.add(BenchArgs.loadAverage());
    StreamData.ensure(o);
    Job job = switch (engine) {
      case "geostream" -> new GeoStreamJob();
      case "sedona" -> new SedonaJob();
      default -> throw new IllegalArgumentException("Cannot run: unknown engine '" + engine + "'");
    };
    SparkSession.Builder b = SparkSession.builder().master(o.master()).appName("stream-" + engine)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(o.partitions()))
        .config("spark.sql.streaming.numRecentProgressUpdates", "100000")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    if (engine.equals("sedona")) {
      b = b.config("spark.sql.extensions", "org.apache.sedona.sql.SedonaSqlExtensions");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<StreamResults.ModeRun> modes = new ArrayList<>();
    // A warm-up query per mode over the first files (JIT, Spark's code generation and class loading), untimed.
    Path warmup = StreamData.warmup(o);
    long warmupFiles = Math.min(o.files(), o.filesPerTrigger());
    for (String mode : o.modes()) {
      Path base = o.work().resolve(engine + "-" + mode + "-warmup");
      deleteTree(base);
      StreamingQuery q = job.start(spark, o, mode, warmup, base.resolve("out"), base.resolve("checkpoint"));
      long want = job.inputRows(warmupFiles, StreamData.first(o, (int) warmupFiles));
      long seen = 0;
      while (seen < want && q.isActive()) {
        Thread.sleep(50);
        seen = inputRows(q);
      }
      q.stop();
      if (q.exception().isDefined()) {
        throw q.exception().get();
      }
      deleteTree(base);
    }
    for (String mode : o.modes()) {
      Path base = o.work().resolve(engine + "-" + mode);
      deleteTree(base);
      Path out = base.resolve("out");
      Path cp = base.resolve("checkpoint");
      long t0 = System.currentTimeMillis();
      long cpu0 = StreamResults.cpuMs();
      StreamingQuery q = job.start(spark, o, mode, StreamData.dir(o), out, cp);
      // Not processAllAvailable: a query whose state has processing-time timeouts runs a batch after every
      // batch, so "no new data" may never come. Wait until the progress reports count every input row.
      long want = job.inputRows(o.files(), o.events());
      long cpuEnd;
      while (true) { // polled 20 times a second: a few milliseconds of CPU in all
        if (!q.isActive()) {
          throw q.exception().isDefined() ? q.exception().get()
              : new IllegalStateException("Cannot time " + engine + " " + mode + ": the query stopped");
        }
        if (inputRows(q) >= want) {
          cpuEnd = StreamResults.cpuMs();
          break;
        }
        Thread.sleep(50);
      }
      StreamingQueryProgress lastData = null;
      for (int attempt = 0; lastData == null; attempt++) {
        if (attempt > 0) {
          if (attempt > 400) {
            throw new IllegalStateException("Cannot time " + engine + " " + mode + ": no progress report");
          }
          Thread.sleep(25);
        }
        long seen = 0;
        for (StreamingQueryProgress p : progress(q)) {
          seen += p.numInputRows();
          if (seen >= want && p.numInputRows() > 0) {
            lastData = p;
            break;
          }
        }
      }
      long end = end(lastData);
      // One more batch closes the windows the last data batch's watermark passed.
      long deadline = System.currentTimeMillis() + 60_000;
      while (progress(q).get(progress(q).size() - 1).batchId() <= lastData.batchId()
          && System.currentTimeMillis() < deadline && q.isActive()) {
        Thread.sleep(100);
      }
      q.stop();
      if (q.exception().isDefined()) {
        throw q.exception().get();
      }
      List<StreamingQueryProgress> ps = progress(q);
      StreamingQueryProgress last = ps.get(ps.size() - 1);
      String wm = last.eventTime().get("watermark");
      List<long[]> batches = new ArrayList<>();
      long firstEnd = 0;
      for (StreamingQueryProgress p : ps) {
        Long ms = p.durationMs().get("triggerExecution");
        batches.add(new long[] {p.batchId(), p.numInputRows(), ms == null ? 0 : ms});
        if (firstEnd == 0 && p.numInputRows() > 0) {
          firstEnd = end(p);
        }
      }
      long wall = end - t0;
      long firstEvents = StreamData.first(o, Math.min(o.filesPerTrigger(), o.files()));
      double steady = end > firstEnd ? (o.events() - firstEvents) * 1000.0 / (end - firstEnd) : 0;
      List<StreamResults.Answer> answers = job.answers(spark, o, out);
      Path file = o.work().resolve("answers/" + engine + "-" + mode + ".csv");
      StreamResults.writeAnswers(file, answers);
      System.err.printf("%s %s: %,d events in %,d ms (%,.0f events/s; after the first batch %,.0f events/s; "
          + "%,d ms CPU), %d batches, %,d windows, watermark %s%n", engine, mode, o.events(), wall,
          o.events() * 1000.0 / wall, steady, cpuEnd - cpu0, batches.size(), answers.size(), wm);
      modes.add(new StreamResults.ModeRun(mode, o.events(), wall, o.events() * 1000.0 / wall, steady, batches,
          wm == null ? Long.MIN_VALUE : Instant.parse(wm).toEpochMilli(), answers.size(), file.toString(),
          job.note(o), cpuEnd - cpu0));
      loads.add(BenchArgs.loadAverage());
    }
    int threads = spark.sparkContext().defaultParallelism();
    spark.stop();
    StreamResults.write(o.out(), new StreamResults.Run(engine, job.version(), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), threads, loads, o, modes));
  }

  /** Input rows of every batch of {@code q} so far. */
  private static long inputRows(StreamingQuery q) {
    long n = 0;
    for (StreamingQueryProgress p : q.recentProgress()) {
      n += p.numInputRows();
    }
    return n;
  }

  private static List<StreamingQueryProgress> progress(StreamingQuery q) {
    List<StreamingQueryProgress> ps = new ArrayList<>(Arrays.asList(q.recentProgress()));
    ps.sort(Comparator.comparingLong(StreamingQueryProgress::batchId));
    return ps;
  }

  /** When a batch ended: its trigger's start plus its duration. */
  private static long end(StreamingQueryProgress p) {
    Long ms = p.durationMs().get("triggerExecution");
    return Instant.parse(p.timestamp()).toEpochMilli() + (ms == null ? 0 : ms);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
