package org.geostream.bench.stream;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.window;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The job written by hand in Spark Structured Streaming with Apache Sedona's functions: Spark's CSV file
 * source with the schema given, the cell computed once per record
 * ({@code ST_H3CellIDs(ST_Point(lon, lat), res, false)[0]} or {@code ST_GeoHash(ST_Point(lon, lat), chars)}),
 * then {@code withWatermark}, {@code groupBy(window(ts, size, slide), cell)} with {@code count} and
 * {@code avg(speed)}, in append mode into Parquet files: each window written once, when the watermark
 * passes its end (what GeoStream's {@code FINAL} emission does).
 */
final class SedonaJob implements StreamRun.Job {
  static final String SCHEMA = "vehicle STRING, kind STRING, time LONG, lon DOUBLE, lat DOUBLE, speed DOUBLE";

  private boolean h3;

  @Override
  public StreamingQuery start(SparkSession spark, StreamOptions o, String mode, Path input, Path out,
      Path checkpoint) {
    h3 = StreamOptions.keyKind(o.key()).equals("h3");
    String cell = h3 ? "ST_H3CellIDs(ST_Point(lon, lat), " + o.keyLevel() + ", false)[0]"
        : "ST_GeoHash(ST_Point(lon, lat), " + o.keyLevel() + ")";
    Dataset<Row> raw = spark.readStream().schema(SCHEMA).option("header", "true")
        .option("maxFilesPerTrigger", o.filesPerTrigger()).csv(input.toString());
    Dataset<Row> events = raw.selectExpr("timestamp_millis(time) AS ts", cell + " AS cell", "speed")
        .withWatermark("ts", o.watermarkMs() + " milliseconds");
    Column w = mode.equals("sliding")
        ? window(col("ts"), o.windowMs() + " milliseconds", o.slideMs() + " milliseconds")
        : window(col("ts"), o.windowMs() + " milliseconds");
    Dataset<Row> windows = events.groupBy(w.as("window"), col("cell"))
        .agg(count(lit(1)).as("count"), avg("speed").as("avg_speed"))
        .select(col("window.start").as("start"), col("cell"), col("count"), col("avg_speed"));
    try {
      return windows.writeStream().queryName("sedona-" + mode).outputMode("append").format("parquet")
          .option("path", out.toString()).option("checkpointLocation", checkpoint.toString())
          .trigger(Trigger.ProcessingTime(0)).start();
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<StreamResults.Answer> answers(SparkSession spark, StreamOptions o, Path out) {
    List<StreamResults.Answer> a = new ArrayList<>();
    for (Row r : spark.read().parquet(out.toString()).select("start", "cell", "count", "avg_speed").collectAsList()) {
      String cell = h3 ? Long.toHexString(r.getLong(1)) : r.getString(1);
      a.add(new StreamResults.Answer(((Timestamp) r.get(0)).getTime(), cell, r.getLong(2), r.getDouble(3)));
    }
    return a;
  }

  @Override
  public String note(StreamOptions o) {
    return "";
  }

  @Override
  public String version() {
    String v;
    try (var in = SedonaJob.class.getResourceAsStream("/geostream-benchmarks.properties")) {
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      v = "Apache Sedona " + p.getProperty("sedona.version");
    } catch (Exception e) {
      v = "Apache Sedona";
    }
    try {
      return v + ": " + StreamResults.jarOf(Class.forName("org.apache.sedona.sql.SedonaSqlExtensions"));
    } catch (ClassNotFoundException e) {
      return v;
    }
  }

  @Override
  public long inputRows(long files, long events) {
    return events;
  }
}
