package org.geostream.stream.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.geostream.stream.SourceSpec;

/**
 * Opens a pipeline's source as a streaming DataFrame in the shape {@code Preaggregator} reads:
 * the generator's {@code (timestamp, value)}, text records with their position, new files' paths, or
 * Kafka bytes.
 */
public final class Sources {
  private Sources() {}

  /** Spark's binaryFile schema (a streaming file source needs its schema given). */
  private static final StructType BINARY_FILE = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("modificationTime", DataTypes.TimestampType, false)
      .add("length", DataTypes.LongType, false)
      .add("content", DataTypes.BinaryType, true);

  public static Dataset<Row> open(SparkSession spark, SourceSpec source, int partitions) {
    if (source instanceof SourceSpec.Generator g) {
      // rate-micro-batch: a fixed number of rows per batch whatever the wall clock, so simulated
      // hours run as fast as the machine allows and every run sees the same batches.
      return spark.readStream().format("rate-micro-batch")
          .option("rowsPerBatch", g.rowsPerBatch())
          .option("numPartitions", partitions)
          .option("startTimestamp", g.start().toEpochMilli())
          .option("advanceMillisPerBatch", g.batch().toMillis())
          .load();
    }
    if (source instanceof SourceSpec.Files f) {
      DataStreamReader r = spark.readStream();
      if (f.maxFilesPerTrigger() > 0) {
        r = r.option("maxFilesPerTrigger", f.maxFilesPerTrigger());
      }
      if ("parquet".equalsIgnoreCase(f.format())) {
        StructType schema = spark.read().parquet(f.path()).schema();
        return r.schema(schema).parquet(f.path())
            .select(to_json(struct(col("*"))).as("value"), input_file_name().as("position"));
      }
      // The new files' paths only (binaryFile reads a file's content only when it is selected): the
      // pre-aggregation streams each file line by line, so a record's position is path:line and no
      // file is ever held in memory whole.
      return r.format("binaryFile").schema(BINARY_FILE).load(f.path()).select(col("path").as("file"));
    }
    if (source instanceof SourceSpec.Socket s) {
      return spark.readStream().format("socket").option("host", s.host()).option("port", s.port()).load()
          .select(col("value"), lit("socket " + s.host() + ":" + s.port()).as("position"));
    }
    SourceSpec.Kafka k = (SourceSpec.Kafka) source;
    DataStreamReader r = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", k.bootstrapServers())
        .option("subscribe", k.topic())
        .option("startingOffsets", "earliest");
    for (Map.Entry<String, String> e : k.options().entrySet()) {
      r = r.option(e.getKey(), e.getValue());
    }
    return r.load().select(col("value").as("bytes"), concat(col("topic"), lit("-"), col("partition").cast("string"),
        lit("@"), col("offset").cast("string")).as("position"));
  }
}
