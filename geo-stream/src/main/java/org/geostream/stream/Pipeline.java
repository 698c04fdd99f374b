package org.geostream.stream;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.geostream.stream.agg.AggregateSpec;

/**
 * A windowed spatial aggregation of a stream, as a value: source, parser, spatial key, window,
 * aggregates and sinks. Built with {@link #builder} in Java or read from a YAML file by
 * {@link PipelineYaml}; {@link #start} runs it as a Spark Structured Streaming query.
 *
 * @param name names the pipeline; with the checkpoint it identifies its writes to the store
 * @param source where records come from
 * @param parser how records become points (null for the generator, whose records are points)
 * @param key the spatial and attribute key
 * @param window the event-time window
 * @param aggregates what is computed per key and window
 * @param sink where results go
 * @param quarantine where records that fail to parse or validate go (null: counted only)
 * @param late where records beyond the watermark go (null: counted only)
 * @param checkpoint the checkpoint directory (offsets, state, commits): restart from it
 * @param trigger how often a micro-batch starts (the batch interval); zero: as fast as possible
 * @param partitions state partitions (fixed by the first run of a checkpoint)
 */
public record Pipeline(String name, SourceSpec source, ParserSpec parser, KeySpec key, WindowSpec window,
    List<AggregateSpec> aggregates, SinkSpec sink, SinkSpec quarantine, SinkSpec late, String checkpoint,
    Duration trigger, int partitions) implements Serializable {

  public Pipeline {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("pipeline name must be letters, digits, '_', '.' or '-', got '" + name + "'");
    }
    require(source, "source");
    require(key, "key");
    require(window, "window");
    require(sink, "sink");
    require(checkpoint, "checkpoint");
    if (parser == null && !(source instanceof SourceSpec.Generator)) {
      throw new IllegalArgumentException("pipeline '" + name + "' needs a parser for its " + kind(source) + " source");
    }
    aggregates = aggregates == null || aggregates.isEmpty() ? List.of(AggregateSpec.of(AggregateSpec.Fn.COUNT, null))
        : List.copyOf(aggregates);
    List<String> names = new ArrayList<>();
    for (AggregateSpec a : aggregates) {
      if (names.contains(a.as())) {
        throw new IllegalArgumentException("two aggregates are named '" + a.as() + "'; name one with 'as'");
      }
      names.add(a.as());
    }
    trigger = trigger == null ? Duration.ZERO : trigger;
  }

  private static void require(Object o, String what) {
    if (o == null) {
      throw new IllegalArgumentException("pipeline needs a " + what);
    }
  }

  static String kind(SourceSpec s) {
    return s == null ? "no" : s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Starts the pipeline in {@code spark} (its own streaming query). */
  public PipelineRun start(SparkSession spark) {
    return PipelineRun.start(spark, this);
  }

  /** The plan in words: what {@code bin/geostream explain} prints. */
  public String explain() {
    return PipelineRun.explain(this);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A typed builder: source, parser, key, window, aggregates, sinks. */
  public static final class Builder {
    private final String name;
    private SourceSpec source;
    private ParserSpec parser;
    private KeySpec key;
    private WindowSpec window;
    private final List<AggregateSpec> aggregates = new ArrayList<>();
    private SinkSpec sink;
    private SinkSpec quarantine;
    private SinkSpec late;
    private String checkpoint;
    private Duration trigger = Duration.ZERO;
    private int partitions;

    private Builder(String name) {
      this.name = name;
    }

    public Builder source(SourceSpec s) {
      this.source = s;
      return this;
    }

    public Builder parser(ParserSpec p) {
      this.parser = p;
      return this;
    }

    public Builder key(KeySpec k) {
      this.key = k;
      return this;
    }

    public Builder window(WindowSpec w) {
      this.window = w;
      return this;
    }

    public Builder aggregate(AggregateSpec.Fn fn, String field) {
      aggregates.add(AggregateSpec.of(fn, field));
      return this;
    }

    public Builder aggregate(AggregateSpec a) {
      aggregates.add(a);
      return this;
    }

    public Builder count() {
      return aggregate(AggregateSpec.Fn.COUNT, null);
    }

    public Builder sink(SinkSpec s) {
      this.sink = s;
      return this;
    }

    public Builder quarantine(SinkSpec s) {
      this.quarantine = s;
      return this;
    }

    public Builder late(SinkSpec s) {
      this.late = s;
      return this;
    }

    public Builder checkpoint(String dir) {
      this.checkpoint = dir;
      return this;
    }

    public Builder trigger(Duration d) {
      this.trigger = d;
      return this;
    }

    public Builder partitions(int n) {
      this.partitions = n;
      return this;
    }

    public Pipeline build() {
      return new Pipeline(name, source, parser, key, window, aggregates, sink, quarantine, late, checkpoint, trigger,
          partitions);
    }
  }
}
