package org.geostream.stream.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.geostream.core.schema.FeatureRowConverter;
import org.geostream.core.schema.FeatureSchemas;
import org.geostream.core.spi.GeoToolsProvider;
import org.geostream.core.spi.StoreParams;
import org.geostream.store.fs.FsDataStore;
import org.geostream.stream.BatchMetrics;
import org.geostream.stream.Pipeline;
import org.geostream.stream.SinkSpec;
import org.geostream.stream.agg.Accumulator;
import org.geostream.stream.agg.Layout;
import org.geostream.stream.window.Rows;
import org.geotools.api.data.DataStore;
import org.geotools.api.feature.simple.SimpleFeature;

/**
 * The sink of a pipeline, run by {@code foreachBatch} once per micro-batch (again after a failure,
 * with the same id and the same rows). Window results go to the sink — a store as an upsert that
 * records the batch id, so a replay is skipped; files into {@code batch=<id>} directories that a
 * replay overwrites — quarantined and late records to theirs, and the batch's counts to
 * {@code <checkpoint>/geostream/metrics/<id>.json} (overwritten by a replay, so totals over
 * restarts are exact) and to the listeners.
 */
public final class BatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Compact the fs store's small files every this many batches. */
  static final int COMPACT_EVERY = 20;

  private final Pipeline pipeline;
  private final ResultType results;
  private final Layout layout;
  private final transient Consumer<BatchMetrics> listener;
  private String writerId;

  public BatchWriter(Pipeline pipeline, ResultType results, Consumer<BatchMetrics> listener) {
    this.pipeline = pipeline;
    this.results = results;
    this.layout = new Layout(pipeline.aggregates());
    this.listener = listener;
  }

  /**
   * A batch's counts over the window operator's output: records in, quarantined, late, results (each
   * null for an empty batch), as the pipeline's observed metrics; the sink counts the same in one pass
   * ({@link #tally}).
   */
  public static Column[] counts() {
    return new Column[] {
        sum(when(col("kind").equalTo(Rows.STATS), col("count")).otherwise(0L)).as("in"),
        sum(when(col("kind").equalTo(Rows.QUARANTINE), 1L).otherwise(0L)).as("quarantined"),
        sum(when(col("kind").equalTo(Rows.LATE), col("count")).otherwise(0L)).as("late"),
        sum(when(col("kind").equalTo(Rows.RESULT), 1L).otherwise(0L)).as("results")};
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) throws Exception {
    batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] c = tally(batch);
      long in = c[0];
      long quarantined = c[1];
      long late = c[2];
      long resultCount = c[3];
      long cells = c[4];
      boolean skipped = false;
      if (resultCount > 0) {
        skipped = !writeResults(batch.filter(col("kind").equalTo(Rows.RESULT)), batchId);
      }
      if (quarantined > 0 && pipeline.quarantine() != null) {
        writeRecords(batch.sparkSession(), quarantineRows(batch), QUARANTINE_SCHEMA, pipeline.quarantine(), batchId);
      }
      if (late > 0 && pipeline.late() != null) {
        writeRecords(batch.sparkSession(), lateRows(batch), LATE_SCHEMA, pipeline.late(), batchId);
      }
      BatchMetrics m = new BatchMetrics(batchId, in, in - quarantined, quarantined, late, resultCount, cells, skipped);
      writeMetrics(batch.sparkSession(), m);
      if (listener != null) {
        listener.accept(m);
      }
    } finally {
      batch.unpersist();
    }
  }

  /**
   * The counts of {@link #counts} and the result cells (first results of their keys), of a persisted
   * batch in one pass over it: a job of one stage, no shuffle, no aggregation buffers.
   */
  private static long[] tally(Dataset<Row> batch) {
    Dataset<Row> view = batch.select(col("kind"), col("count"), col("firstOfKey"));
    List<long[]> parts = view.queryExecution().toRdd().toJavaRDD().mapPartitions(
        (FlatMapFunction<java.util.Iterator<InternalRow>, long[]>) rows -> {
          long[] t = new long[5];
          while (rows.hasNext()) {
            InternalRow r = rows.next();
            switch (r.getByte(0)) {
              case Rows.STATS -> t[0] += r.getLong(1);
              case Rows.QUARANTINE -> t[1]++;
              case Rows.LATE -> t[2] += r.getLong(1);
              case Rows.RESULT -> {
                t[3]++;
                t[4] += r.getBoolean(2) ? 1 : 0;
              }
              default -> throw new IllegalStateException("Unknown row kind " + r.getByte(0));
            }
          }
          return List.of(t).iterator();
        }).collect();
    long[] total = new long[5];
    for (long[] t : parts) {
      for (int i = 0; i < total.length; i++) {
        total[i] += t[i];
      }
    }
    return total;
  }

  /** Writes the window results; false when the store already had this batch. */
  private boolean writeResults(Dataset<Row> rows, long batchId) {
    SinkSpec sink = pipeline.sink();
    ResultType rt = results;
    JavaRDD<SimpleFeature> features = rows.javaRDD().map(rt::feature);
    if (sink instanceof SinkSpec.Store s) {
      boolean written = new GeoToolsProvider().upsert(features, s.params(), s.feature(), writerId(rows.sparkSession()),
          batchId);
      if (written && batchId % COMPACT_EVERY == COMPACT_EVERY - 1) {
        DataStore store = StoreParams.open(s.params());
        if (store instanceof FsDataStore fs) {
          try {
            fs.compact(s.feature(), 8);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact '" + s.feature() + "': " + e.getMessage(), e);
          }
        }
      }
      return written;
    }
    FeatureRowConverter conv = FeatureRowConverter.of(rt.featureType());
    StructType schema = conv.schema();
    Dataset<Row> df = rows.sparkSession().createDataFrame(features.mapPartitions(it -> {
      List<Row> out = new ArrayList<>();
      FeatureRowConverter cv = null;
      while (it.hasNext()) {
        SimpleFeature f = it.next();
        cv = cv == null ? FeatureRowConverter.of(f.getFeatureType()) : cv;
        out.add(cv.toRow(f));
      }
      return out.iterator();
    }), schema);
    writeFrame(df, sink, batchId);
    return true;
  }

  /** The writer id the store records batch ids under: the pipeline and its checkpoint's query id. */
  private String writerId(SparkSession spark) {
    if (writerId == null) {
      Path meta = new Path(pipeline.checkpoint(), "metadata");
      try {
        FileSystem fs = meta.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (var in = fs.open(meta)) {
          JsonNode n = JSON.readTree(in);
          writerId = pipeline.name() + "/" + n.get("id").asText();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the query id from checkpoint " + meta + ": " + e.getMessage(), e);
      }
    }
    return writerId;
  }

  static final StructType QUARANTINE_SCHEMA = new StructType()
      .add("batch", DataTypes.LongType)
      .add("reason", DataTypes.StringType)
      .add("message", DataTypes.StringType)
      .add("position", DataTypes.StringType)
      .add("raw", DataTypes.StringType);

  static final StructType LATE_SCHEMA = new StructType()
      .add("batch", DataTypes.LongType)
      .add("key", DataTypes.StringType)
      .add("pane_start", DataTypes.TimestampType)
      .add("records", DataTypes.LongType)
      .add("record", DataTypes.StringType);

  private static JavaRDD<Row> quarantineRows(Dataset<Row> batch) {
    return batch.filter(col("kind").equalTo(Rows.QUARANTINE)).javaRDD().map(r -> {
      JsonNode n = JSON.readTree(new String((byte[]) r.get(6), StandardCharsets.UTF_8));
      return RowFactory.create(0L, n.get("reason").asText(), n.get("message").asText(), n.get("position").asText(),
          n.get("raw").asText());
    });
  }

  private JavaRDD<Row> lateRows(Dataset<Row> batch) {
    Layout l = layout;
    return batch.filter(col("kind").equalTo(Rows.LATE)).javaRDD().flatMap(r -> {
      Accumulator a = Accumulator.fromBytes(l, (byte[]) r.get(6));
      List<Row> out = new ArrayList<>();
      java.sql.Timestamp pane = new java.sql.Timestamp(r.getLong(2));
      if (a.records().isEmpty()) {
        out.add(RowFactory.create(0L, r.getString(1), pane, a.count(), null));
      }
      for (String rec : a.records()) {
        out.add(RowFactory.create(0L, r.getString(1), pane, 1L, rec));
      }
      return out.iterator();
    });
  }

  private static void writeRecords(SparkSession spark, JavaRDD<Row> rows, StructType schema, SinkSpec sink, long batchId) {
    Dataset<Row> df = spark.createDataFrame(rows, schema).withColumn("batch", lit(batchId));
    writeFrame(df, sink, batchId);
  }

  private static void writeFrame(Dataset<Row> df, SinkSpec sink, long batchId) {
    if (sink instanceof SinkSpec.Console c) {
      System.out.println("-------- batch " + batchId + " --------");
      df.show(c.rows() <= 0 ? 20 : c.rows(), false);
    } else if (sink instanceof SinkSpec.Files f) {
      Dataset<Row> out = "parquet".equalsIgnoreCase(f.format()) ? df : geometriesAsText(df);
      out.write().mode(SaveMode.Overwrite).format(f.format()).option("header", "true")
          .save(f.path() + "/batch=" + batchId);
    } else if (sink instanceof SinkSpec.Kafka k) {
      kafkaMessages(df).write().format("kafka").option("kafka.bootstrap.servers", k.bootstrapServers())
          .option("topic", k.topic()).save();
    } else if (sink instanceof SinkSpec.Store s) {
      throw new IllegalArgumentException("quarantine and late records cannot go to a feature store (they have no "
          + "geometry); use files, console or kafka (store " + StoreParams.redacted(s.params()) + ")");
    }
  }

  /**
   * The Kafka messages of rows: the value is the row as JSON with geometries as WKT; the key is the
   * feature id of a result (or the position of a quarantined record), so a compacted topic keeps
   * the latest of each and the copies a replayed batch sends collapse.
   */
  private static Dataset<Row> kafkaMessages(Dataset<Row> df) {
    List<String> names = List.of(df.schema().fieldNames());
    Column key = names.contains(FeatureSchemas.FID_FIELD) ? col(FeatureSchemas.FID_FIELD)
        : names.contains("position") ? col("position") : lit(null).cast(DataTypes.StringType);
    return geometriesAsText(df).select(key.as("key"), org.apache.spark.sql.functions.to_json(
        org.apache.spark.sql.functions.struct(col("*"))).as("value"));
  }

  /**
   * {@code df} with its geometry columns as WKT ({@code st_asText}: the pipeline's session has the
   * functions, {@code PipelineRun} registers them), for text sinks.
   */
  private static Dataset<Row> geometriesAsText(Dataset<Row> df) {
    Dataset<Row> out = df;
    for (org.apache.spark.sql.types.StructField field : df.schema().fields()) {
      if (field.dataType() instanceof org.apache.spark.sql.types.UserDefinedType) {
        out = out.withColumn(field.name(), org.apache.spark.sql.functions.call_function("st_asText",
            col("`" + field.name() + "`")));
      }
    }
    return out;
  }

  private void writeMetrics(SparkSession spark, BatchMetrics m) throws IOException {
    Path p = new Path(pipeline.checkpoint(), "geostream/metrics/" + String.format("%012d.json", m.batch()));
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    byte[] body = JSON.writeValueAsBytes(m);
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(body);
    }
    fs.delete(p, false);
    fs.rename(tmp, p);
  }
}
