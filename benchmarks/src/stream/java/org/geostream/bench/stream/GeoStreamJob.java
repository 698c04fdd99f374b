package org.geostream.bench.stream;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.geostream.stream.BatchMetrics;
import org.geostream.stream.KeySpec;
import org.geostream.stream.ParserSpec;
import org.geostream.stream.Pipeline;
import org.geostream.stream.PipelineRun;
import org.geostream.stream.SinkSpec;
import org.geostream.stream.SourceSpec;
import org.geostream.stream.WindowSpec;
import org.geostream.stream.agg.AggregateSpec;

/**
 * The GeoStream pipeline: the CSV directory as a file source (header line per file, epoch-millisecond
 * times), an H3 or geohash key, count and average speed over the window, emitted {@code FINAL} (each window
 * once, when the watermark passes its end) into Parquet files. Its result rows are whole features: the
 * cell's polygon is computed and written too.
 */
final class GeoStreamJob implements StreamRun.Job {
  private PipelineRun run;

  @Override
  public StreamingQuery start(SparkSession spark, StreamOptions o, String mode, Path input, Path out,
      Path checkpoint) {
    Duration size = Duration.ofMillis(o.windowMs());
    Duration wm = Duration.ofMillis(o.watermarkMs());
    WindowSpec w = (mode.equals("sliding") ? WindowSpec.sliding(size, Duration.ofMillis(o.slideMs()), wm)
        : WindowSpec.tumbling(size, wm)).emit(WindowSpec.Emit.FINAL);
    KeySpec key = StreamOptions.keyKind(o.key()).equals("h3") ? KeySpec.h3(o.keyLevel())
        : KeySpec.geohash(o.keyLevel());
    Pipeline p = Pipeline.builder("bench-" + mode)
        .source(new SourceSpec.Files(input.toString(), "csv", o.filesPerTrigger()))
        .parser(new ParserSpec("csv", null, ',', "lon", "lat", null, null, "time", "epoch-millis", "UTC", 0))
        .key(key)
        .window(w)
        .count()
        .aggregate(AggregateSpec.Fn.AVG, "speed")
        .sink(new SinkSpec.Files(out.toString(), "parquet"))
        .checkpoint(checkpoint.toString())
        .partitions(o.partitions())
        .build();
    run = p.start(spark);
    return run.query();
  }

  @Override
  public List<StreamResults.Answer> answers(SparkSession spark, StreamOptions o, Path out) {
    List<StreamResults.Answer> a = new ArrayList<>();
    for (Row r : spark.read().parquet(out.toString()).select("window_start", "cell", "count", "avg_speed")
        .collectAsList()) {
      a.add(new StreamResults.Answer(((Timestamp) r.get(0)).getTime(), r.getString(1), r.getLong(2), r.getDouble(3)));
    }
    return a;
  }

  @Override
  public String note(StreamOptions o) {
    long in = 0;
    long accepted = 0;
    long quarantined = 0;
    long late = 0;
    for (BatchMetrics m : run.batches()) {
      in += m.in();
      accepted += m.accepted();
      quarantined += m.quarantined();
      late += m.late();
    }
    return String.format("the pipeline's batch metrics: records in %d, accepted %d, quarantined %d, late %d", in,
        accepted, quarantined, late);
  }

  @Override
  public String version() {
    return "GeoStream: " + StreamResults.jarOf(Pipeline.class);
  }

  @Override
  public long inputRows(long files, long events) {
    return files; // the file source reads each file whole, as one row (split into lines by the pipeline)
  }
}
