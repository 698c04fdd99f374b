package org.geostream.stream;


import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.util.SerializableConfiguration;
import org.geostream.stream.agg.AggregateSpec;
import org.geostream.stream.agg.Layout;
import org.geostream.stream.key.SpatialKeyer;
import org.geostream.stream.sink.BatchWriter;
import org.geostream.stream.sink.ResultType;
import org.geostream.stream.source.Sources;
import org.geostream.stream.window.Preaggregator;
import org.geostream.stream.window.Rows;
import org.geostream.stream.window.WindowFunction;

/**
 * A running pipeline: one Structured Streaming query — source, pre-aggregation per task
 * ({@link Preaggregator}), a watermark, the per-key pane state ({@link WindowFunction}, Spark's
 * {@code flatMapGroupsWithState}) and {@code foreachBatch} into the sinks ({@link BatchWriter}) —
 * checkpointed in the pipeline's checkpoint directory, so a restart continues where it stopped.
 */
public final class PipelineRun implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pipeline pipeline;
  private final StreamingQuery query;
  private final SparkSession spark;
  private final List<BatchMetrics> seen = new CopyOnWriteArrayList<>();
  private final Progress progress;

  private PipelineRun(Pipeline pipeline, SparkSession spark, StreamingQuery query, Progress progress) {
    this.pipeline = pipeline;
    this.spark = spark;
    this.query = query;
    this.progress = progress;
  }

  /** Starts {@code p} in a session of its own (sharing {@code spark}'s context) that fixes its state partitions. */
  static PipelineRun start(SparkSession spark, Pipeline p) {
    return start(spark, p, null);
  }

  /**
   * Starts {@code p}, calling {@code listener} after each micro-batch with its metrics completed by
   * Spark's progress report (state rows, watermark, lag, duration). The listener runs on Spark's
   * listener thread, in batch order; {@link #stop} waits (a few seconds at most) until it has seen
   * the last completed batch.
   */
  public static PipelineRun start(SparkSession spark, Pipeline p, Consumer<BatchMetrics> listener) {
    SparkSession session = spark.newSession();
    if (!session.catalog().functionExists("st_asText")) {
      // A session of its own has the functions only through spark.sql.extensions; sinks need them
      // also when the parent session was set up with GeoStream.register.
      org.geostream.sql.GeoStream.register(session);
    }
    int partitions = p.partitions() > 0 ? p.partitions() : Math.max(2, spark.sparkContext().defaultParallelism());
    session.conf().set("spark.sql.shuffle.partitions", partitions);
    SpatialKeyer keyer = new SpatialKeyer(p.key());
    Layout layout = new Layout(p.aggregates());
    String typeName = p.sink() instanceof SinkSpec.Store s ? s.feature() : p.name();
    ResultType results = new ResultType(typeName, p, keyer);

    Dataset<Row> input = Sources.open(session, p.source(), partitions);
    Broadcast<SerializableConfiguration> hadoopConf = p.source() instanceof SourceSpec.Files
        ? JavaSparkContext.fromSparkContext(session.sparkContext())
            .broadcast(new SerializableConfiguration(session.sessionState().newHadoopConf()))
        : null;
    Dataset<Row> partials = input.mapPartitions(new Preaggregator(p, keyer, hadoopConf), Encoders.row(Rows.PARTIAL))
        .withWatermark("maxTime", p.window().watermark().toMillis() + " milliseconds");
    // Every key with state is visited every batch (a 1 ms processing-time timeout), so windows of
    // keys without new records close as soon as the watermark passes them. Spark then runs a batch
    // at every trigger even without new data: pipelines on unbounded sources set a trigger interval.
    long timeout = 1;
    org.apache.spark.sql.Column[] counts = BatchWriter.counts();
    Dataset<Row> windows = partials
        .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
        .flatMapGroupsWithState(new WindowFunction(layout, p.window(), timeout), OutputMode.Update(),
            Encoders.BINARY(), Encoders.row(Rows.OUT), GroupStateTimeout.ProcessingTimeTimeout())
        // The batch's counts as Spark observed metrics: any StreamingQueryListener (and the
        // query's lastProgress) sees them under "geostream".
        .observe(OBSERVED, counts[0], counts[1], counts[2], counts[3]);

    PipelineRun[] self = new PipelineRun[1];
    Progress progress = new Progress(p.name(), listener);
    session.streams().addListener(progress);
    Consumer<BatchMetrics> record = m -> {
      progress.written.put(m.batch(), m);
      if (self[0] != null) {
        self[0].seen.add(m);
      }
    };
    try {
      StreamingQuery q = windows.writeStream()
          .queryName(p.name())
          .option("checkpointLocation", p.checkpoint())
          .outputMode("update")
          .trigger(Trigger.ProcessingTime(p.trigger().toMillis()))
          .foreachBatch(new BatchWriter(p, results, record))
          .start();
      self[0] = new PipelineRun(p, session, q, progress);
      return self[0];
    } catch (TimeoutException e) {
      session.streams().removeListener(progress);
      throw new IllegalStateException("Cannot start pipeline '" + p.name() + "': " + e.getMessage(), e);
    }
  }

  /** The name of the pipeline's observed metrics in Spark's progress reports. */
  public static final String OBSERVED = "geostream";

  /**
   * Completes the sink's metrics of each batch with Spark's progress report and hands them on.
   * Spark reports a batch after its sink returned, so the sink's metrics are always there first.
   */
  private static final class Progress extends StreamingQueryListener {
    final String name;
    final Consumer<BatchMetrics> listener;
    final java.util.Map<Long, BatchMetrics> written = new java.util.concurrent.ConcurrentHashMap<>();
    final List<BatchMetrics> reported = new CopyOnWriteArrayList<>();
    volatile long lastReported = -1;

    Progress(String name, Consumer<BatchMetrics> listener) {
      this.name = name;
      this.listener = listener;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      StreamingQueryProgress p = event.progress();
      if (!name.equals(p.name())) {
        return;
      }
      BatchMetrics m = written.remove(p.batchId());
      if (m == null) {
        return; // an idle report: no batch ran
      }
      BatchMetrics full = m.withProgress(p);
      reported.add(full);
      lastReported = Math.max(lastReported, full.batch());
      if (listener != null) {
        listener.accept(full);
      }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }

  public StreamingQuery query() {
    return query;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Metrics of the batches this run completed, in order: as the sink wrote them, completed with
   * Spark's progress report once it arrived.
   */
  public List<BatchMetrics> batches() {
    java.util.Map<Long, BatchMetrics> out = new java.util.TreeMap<>();
    for (BatchMetrics m : seen) {
      out.put(m.batch(), m);
    }
    for (BatchMetrics m : progress.reported) {
      out.put(m.batch(), m);
    }
    return List.copyOf(out.values());
  }

  /**
   * Waits until the batch with id {@code batchId} has been written (or the query failed: its
   * error is thrown), at most {@code timeout}.
   */
  public void awaitBatch(long batchId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastBatch() < batchId) {
      if (!query.isActive()) {
        rethrow();
        throw new IllegalStateException("Pipeline '" + pipeline.name() + "' stopped before batch " + batchId);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Pipeline '" + pipeline.name() + "' did not reach batch " + batchId + " within "
            + timeout + " (last: " + lastBatch() + ")");
      }
      try {
        query.awaitTermination(100);
      } catch (StreamingQueryException e) {
        throw new IllegalStateException("Pipeline '" + pipeline.name() + "' failed: " + e.getMessage(), e);
      }
    }
  }

  /** For a finite generator: waits until every report has been processed, then stops. */
  public void runToEnd(Duration timeout) {
    if (!(pipeline.source() instanceof SourceSpec.Generator g)) {
      throw new IllegalStateException("runToEnd needs the generator source; use awaitBatch or stop");
    }
    List<BatchMetrics> done = history(spark, pipeline.checkpoint());
    if (done.isEmpty() || done.get(done.size() - 1).batch() < g.batches() - 1) {
      awaitBatch(g.batches() - 1, timeout);
    } // else a restart of a finished checkpoint: nothing left to read
    stop();
  }

  private long lastBatch() {
    long last = -1;
    for (BatchMetrics m : seen) {
      last = Math.max(last, m.batch());
    }
    return last;
  }

  private void rethrow() {
    if (query.exception().isDefined()) {
      StreamingQueryException e = query.exception().get();
      throw new IllegalStateException("Pipeline '" + pipeline.name() + "' failed: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the query (waiting for a running batch to finish, and up to five seconds for the
   * listener to see the last completed batch).
   */
  public void stop() {
    long last = lastBatch();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (query.isActive() && progress.lastReported < last && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot stop pipeline '" + pipeline.name() + "': " + e.getMessage(), e);
    } finally {
      spark.streams().removeListener(progress);
    }
    if (!interruptedByStop()) {
      rethrow();
    }
  }

  /**
   * Whether the query's error is only the interruption {@link #stop} caused: Spark stops a query by
   * interrupting its thread, and recognises that only when the interruption is not wrapped in another
   * exception (a sink's or a store's). The checkpoint has every batch that completed; a restart
   * continues from it.
   */
  private boolean interruptedByStop() {
    if (query.exception().isEmpty()) {
      return false;
    }
    for (Throwable t = query.exception().get(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    stop();
  }

  /** The metrics of every batch this checkpoint ever completed (each once, replays included). */
  public static List<BatchMetrics> history(SparkSession spark, String checkpoint) {
    Path dir = new Path(checkpoint, "geostream/metrics");
    List<BatchMetrics> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(dir, path -> path.getName().endsWith(".json")
          && !path.getName().startsWith("."))) {
        try (java.io.InputStream in = fs.open(st.getPath())) {
          out.add(JSON.readValue(in, BatchMetrics.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read pipeline metrics in " + dir + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparingLong(BatchMetrics::batch));
    return out;
  }

  /** The plan in words. */
  static String explain(Pipeline p) {
    StringBuilder b = new StringBuilder();
    b.append("pipeline ").append(p.name()).append('\n');
    b.append("  source      ").append(describe(p.source())).append('\n');
    if (p.parser() != null) {
      ParserSpec ps = p.parser();
      b.append("  parser      ").append(ps.format());
      if (ps.geometry() != null) {
        b.append(", geometry '").append(ps.geometry()).append("' as ").append(ps.geometryEncoding());
      } else {
        b.append(", point (").append(ps.lon()).append(", ").append(ps.lat()).append(')');
      }
      b.append(", time '").append(ps.time()).append("' as ").append(ps.timeFormat()).append(" in ").append(ps.zone())
          .append("; bad records -> ").append(p.quarantine() == null ? "counted" : describe(p.quarantine())).append('\n');
    }
    b.append("  key         ").append(new SpatialKeyer(p.key()).describe());
    if (!p.key().attributes().isEmpty()) {
      b.append(" x ").append(p.key().attributes());
    }
    b.append('\n');
    WindowSpec w = p.window();
    b.append("  window      ").append(w.size().equals(w.slide()) ? "tumbling " + w.size() : "sliding " + w.size()
        + " every " + w.slide() + " (" + w.panes() + " panes per window, each record in one pane)")
        .append(", watermark ").append(w.watermark()).append(", emit ").append(w.emit().name().toLowerCase())
        .append("; late records -> ").append(p.late() == null ? "counted" : describe(p.late())).append('\n');
    b.append("  aggregates  ");
    for (int i = 0; i < p.aggregates().size(); i++) {
      AggregateSpec a = p.aggregates().get(i);
      b.append(i == 0 ? "" : ", ").append(a.fn().name().toLowerCase()).append(a.field() == null ? "" : "(" + a.field()
          + (a.fn() == AggregateSpec.Fn.QUANTILE ? ", " + a.p() : "") + ")").append(" as ").append(a.as());
    }
    b.append('\n');
    b.append("  sink        ").append(describe(p.sink())).append('\n');
    b.append("  checkpoint  ").append(p.checkpoint()).append(", trigger ").append(p.trigger().isZero() ? "as fast as "
        + "possible" : "every " + p.trigger()).append('\n');
    return b.toString();
  }

  private static String describe(Object o) {
    if (o instanceof SourceSpec.Generator g) {
      return "generator: " + g.vehicles() + " vehicles every " + g.sample() + " from " + g.start() + " for "
          + g.duration() + ", " + g.batch() + " of event time per batch (" + g.rowsPerBatch() + " reports, "
          + g.batches() + " batches)";
    }
    if (o instanceof SourceSpec.Files f) {
      return "files: new " + f.format() + " files in " + f.path() + (f.maxFilesPerTrigger() > 0 ? ", at most "
          + f.maxFilesPerTrigger() + " per batch" : "") + " (positions file:line)";
    }
    if (o instanceof SourceSpec.Socket so) {
      return "socket: lines from " + so.host() + ":" + so.port() + " (at most once: nothing is replayed after a "
          + "restart)";
    }
    if (o instanceof SourceSpec.Kafka k) {
      return "kafka: topic '" + k.topic() + "' at " + k.bootstrapServers() + (k.options().isEmpty() ? "" : " "
          + k.options()) + " (offsets in the checkpoint; positions topic-partition@offset)";
    }
    if (o instanceof SinkSpec.Files f) {
      return f.format() + " files in " + f.path() + "/batch=<id> (a replayed batch overwrites its own directory)";
    }
    if (o instanceof SinkSpec.Console c) {
      return "console, " + (c.rows() <= 0 ? 20 : c.rows()) + " rows per batch";
    }
    if (o instanceof SinkSpec.Kafka k) {
      return "kafka: topic '" + k.topic() + "' at " + k.bootstrapServers() + ", one JSON message per row";
    }
    if (o instanceof SinkSpec.Store s) {
      return "feature store " + org.geostream.core.spi.StoreParams.redacted(s.params()) + " type '" + s.feature()
          + "' (idempotent upsert by window and key, batch ids in the store's commit log)";
    }
    return String.valueOf(o);
  }
}
