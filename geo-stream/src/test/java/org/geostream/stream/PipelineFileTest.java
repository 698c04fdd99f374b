package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.geostream.stream.agg.AggregateSpec;
import org.geostream.stream.agg.AggregateSpec.Fn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pipeline files: what they mean (the same value as the Java builder) and how wrong ones are reported. */
class PipelineFileTest {
  @TempDir
  Path dir;

  static final String FULL = """
      name: heat
      source:
        type: generator
        vehicles: 300
        sample: 30s
        start: 2026-11-21T06:00:00Z
        batch: 5m
        duration: 1h30m
        seed: 7
        lateFraction: 0.01        # camelCase is accepted too
        late_by: PT40M            # and snake_case, and ISO-8601 durations
      key: {cell: h3, resolution: 7, attributes: [kind]}
      window:
        size: 30m
        slide: 5m
        watermark: 2m
        emit: FINAL
      aggregates:
        - count
        - avg(speed)
        - quantile(speed, 0.9) as p90
        - {fn: approx_count_distinct, field: vehicle, as: vehicles}
      sink:
        type: store
        params: {fs.path: out/store}
        feature: cells
      quarantine: {type: files, path: bad, format: json}
      late: {type: console, rows: 5}
      checkpoint: out/checkpoint
      trigger: 500ms
      partitions: 3
      """;

  @Test
  void aFileMeansWhatTheBuilderBuilds() throws Exception {
    Path file = dir.resolve("heat.yaml");
    Files.writeString(file, FULL);
    Pipeline p = PipelineFile.load(file.toString());
    Pipeline expected = Pipeline.builder("heat")
        .source(new SourceSpec.Generator(300, Duration.ofSeconds(30), Instant.parse("2026-11-21T06:00:00Z"),
            Duration.ofMinutes(5), Duration.ofMinutes(90), 7, 0.01, Duration.ofMinutes(40)))
        .key(KeySpec.h3(7, "kind"))
        .window(WindowSpec.sliding(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(2))
            .emit(WindowSpec.Emit.FINAL))
        .count()
        .aggregate(Fn.AVG, "speed")
        .aggregate(new AggregateSpec(Fn.QUANTILE, "speed", 0.9, "p90"))
        .aggregate(new AggregateSpec(Fn.DISTINCT, "vehicle", Double.NaN, "vehicles"))
        // relative paths resolve against the file's directory
        .sink(new SinkSpec.Store(Map.of("fs.path", dir.resolve("out/store").toString()), "cells"))
        .quarantine(new SinkSpec.Files(dir.resolve("bad").toString(), "json"))
        .late(new SinkSpec.Console(5))
        .checkpoint(dir.resolve("out/checkpoint").toString())
        .trigger(Duration.ofMillis(500))
        .partitions(3)
        .build();
    assertThat(p).isEqualTo(expected);
    assertThat(p.aggregates()).extracting(AggregateSpec::as).containsExactly("count", "avg_speed", "p90", "vehicles");
  }

  @Test
  void theShippedExamplesAreValid() {
    for (String name : List.of("vehicle-heat.yaml", "csv-files.yaml")) {
      Pipeline p = PipelineFile.load(Path.of("examples", name).toString());
      assertThat(p.explain()).startsWith("pipeline " + p.name());
    }
    Pipeline csv = PipelineFile.load(Path.of("examples/csv-files.yaml").toString());
    assertThat(csv.source()).isInstanceOf(SourceSpec.Files.class);
    assertThat(csv.parser().columns()).isNull();
    assertThat(csv.key().attributes()).containsExactly("kind");
    assertThat(csv.window().slide()).isEqualTo(csv.window().size());
  }

  @Test
  void theFilesInTheDocsAreValid() throws Exception {
    int checked = 0;
    for (Path doc : List.of(Path.of("../README.md"), Path.of("../docs/geo-stream.md"))) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL)
          .matcher(Files.readString(doc));
      while (m.find()) {
        Pipeline p = PipelineFile.parse(m.group(1), doc.toString());
        assertThat(p.explain()).startsWith("pipeline " + p.name());
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  void overridesReplaceAndAddValues() {
    Pipeline p = PipelineFile.parse(FULL, "heat.yaml", Map.of("window.size", "1h", "source.vehicles", "10",
        "key.attributes", "[kind, vehicle]", "sink.params.fs.path", "/elsewhere"));
    assertThat(p.window().size()).isEqualTo(Duration.ofHours(1));
    assertThat(((SourceSpec.Generator) p.source()).vehicles()).isEqualTo(10);
    assertThat(p.key().attributes()).containsExactly("kind", "vehicle");
    assertThat(((SinkSpec.Store) p.sink()).params()).containsEntry("fs.path", "/elsewhere");
    assertThatThrownBy(() -> PipelineFile.parse(FULL, "heat.yaml", Map.of("window.size", "soon")))
        .hasMessage("heat.yaml (--set window.size=soon): window.size: expected a duration like 500ms, 30s, 5m, "
            + "1h30m, 2d or PT5M, got 'soon'");
  }

  @Test
  void variablesComeFromTheEnvironmentOrTheirDefault() {
    System.setProperty("GEOSTREAM_TEST_VEHICLES", "42");
    String text = FULL.replace("vehicles: 300", "vehicles: ${GEOSTREAM_TEST_VEHICLES}")
        .replace("feature: cells", "feature: ${GEOSTREAM_TEST_UNSET:-cells_v2}");
    Pipeline p = PipelineFile.parse(text, "heat.yaml");
    assertThat(((SourceSpec.Generator) p.source()).vehicles()).isEqualTo(42);
    assertThat(((SinkSpec.Store) p.sink()).feature()).isEqualTo("cells_v2");
    assertThatThrownBy(() -> PipelineFile.parse(FULL.replace("seed: 7", "seed: ${GEOSTREAM_TEST_UNSET}"), "h.yaml"))
        .hasMessage("h.yaml:9:9: source.seed: the variable ${GEOSTREAM_TEST_UNSET} is not set (give a default with "
            + "${GEOSTREAM_TEST_UNSET:-value})");
  }

  /** Each wrong file: what is replaced in FULL, and the exact location and message expected. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      vehicles: 300         | vehicles: many       | heat.yaml:4:13: source.vehicles: expected a whole number, got 'many'
      vehicles: 300         | vehicles: 0          | heat.yaml:4:13: source.vehicles: must be within 1..2147483647, got 0
      vehicles: 300         | vehicels: 300        | heat.yaml:4:3: source.vehicels: unknown field; did you mean 'vehicles'?
      sample: 30s           | sample: 30 seconds   | heat.yaml:5:11: source.sample: expected a duration like 500ms, 30s, 5m, 1h30m, 2d or PT5M, got '30 seconds'
      start: 2026-11-21T06:00:00Z | start: tomorrow | heat.yaml:6:10: source.start: expected an ISO-8601 instant like 2026-11-21T06:00:00Z, got 'tomorrow'
      type: generator       | type: rabbitmq       | heat.yaml:3:9: source.type: expected one of generator, files, socket, kafka, got 'rabbitmq'
      resolution: 7         | resolution: 16       | heat.yaml:12:29: key.resolution: must be within 0..15, got 16
      cell: h3              | cell: hexagon        | heat.yaml:12:13: key.cell: expected one of h3, geohash, grid, region, got 'hexagon'
      slide: 5m             | slide: 7m            | heat.yaml:14:3: window: window size (PT30M) must be a multiple of the slide (PT7M)
      emit: FINAL           | emit: sometimes      | heat.yaml:17:9: window.emit: expected one of update, final, got 'sometimes'
      - avg(speed)          | - avg(speed         | heat.yaml:20:5: aggregates[1]: expected fn, fn(field), quantile(field, p), each optionally followed by 'as name'; got 'avg(speed'
      - avg(speed)          | - median(speed)     | heat.yaml:20:5: aggregates[1]: unknown aggregate 'median' (known: count, sum, avg, min, max, variance, stddev, first, last, distinct, quantile, extent, centroid)
      - avg(speed)          | - avg               | heat.yaml:20:5: aggregates[1]: aggregate avg needs a field
      - quantile(speed, 0.9) as p90 | - quantile(speed, 1.5) as p90 | heat.yaml:21:5: aggregates[2]: quantile probability must be within [0, 1], got 1.5
      - quantile(speed, 0.9) as p90 | - quantile(speed) as p90 | heat.yaml:21:5: aggregates[2]: quantile needs a probability: quantile(field, 0.9)
      - count               | - avg(speed)        | heat.yaml:1:1: two aggregates are named 'avg_speed'; name one with 'as'
      'quarantine: {type: files, path: bad, format: json}' | 'quarantine: {type: store, params: {fs.path: x}, feature: q}' | heat.yaml:27:20: quarantine.type: quarantined and late records have no window geometry; send them to files, console or kafka
      'feature: cells'      | 'feature: '          | heat.yaml:26:11: sink.feature: missing: the feature type name to write
      'checkpoint: out/checkpoint' | 'checkpoint: [a, b]' | heat.yaml:29:13: checkpoint: expected a single value, found a list
      'name: heat'          | 'name: heat map'     | heat.yaml:1:1: pipeline name must be letters, digits, '_', '.' or '-', got 'heat map'
      '  type: store'       | '  type: store\n  type: console' | heat.yaml:25:3: sink.type: this field is given twice
      'window:'             | 'window: ['          | heat.yaml:15:8: not valid YAML: expected ',' or ']', but got :
      """)
  void wrongFilesNameTheLineAndTheField(String from, String to, String message) {
    String text = FULL.replace(from, to.replace("\\n", "\n"));
    assertThat(text).isNotEqualTo(FULL);
    assertThatThrownBy(() -> PipelineFile.parse(text, "heat.yaml"))
        .isInstanceOf(PipelineFileException.class)
        .hasMessage(message);
  }

  @Test
  void missingSectionsAndEmptyFiles() {
    assertThatThrownBy(() -> PipelineFile.parse("", "e.yaml")).hasMessage("e.yaml: the pipeline file is empty");
    assertThatThrownBy(() -> PipelineFile.parse("- a\n- b\n", "l.yaml"))
        .hasMessageStartingWith("l.yaml:1:1: a pipeline file is a mapping of name, source");
    assertThatThrownBy(() -> PipelineFile.parse("name: x\nsource: {type: files, path: in, format: csv}\n", "p.yaml"))
        .hasMessage("p.yaml:1:1: parser: a files source needs a parser (format, lon/lat or geometry, time)");
    assertThatThrownBy(() -> PipelineFile.parse(FULL.replace("window:", "windows:"), "w.yaml"))
        .hasMessage("w.yaml:1:1: window: missing; a pipeline needs a window section");
    assertThatThrownBy(() -> PipelineFile.load(dir.resolve("nope.yaml").toString()))
        .isInstanceOf(PipelineFileException.class).hasMessageContaining("Cannot read the pipeline file");
  }
}
