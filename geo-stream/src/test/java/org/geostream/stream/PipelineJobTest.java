package org.geostream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of pipeline files: explain, run, restart, and wrong input, by exit code and output. */
class PipelineJobTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("PipelineJobTest").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  record Result(int code, String out, String err) {}

  static Result job(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PipelineJob.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void explainsRunsAndRestartsTheExamplePipeline() {
    String example = Path.of("examples/vehicle-heat.yaml").toString();
    Result explain = job("explain", example, "--set", "source.vehicles=150");
    assertThat(explain.code()).as(explain.err()).isZero();
    assertThat(explain.out()).contains("pipeline vehicle-heat", "generator: 150 vehicles", "H3 resolution 8",
        "sliding PT30M every PT5M (6 panes per window", "quantile(speed, 0.9) as p90_speed", "feature store");

    String[] small = {"--set", "source.vehicles=150", "--set", "source.duration=40m",
        "--set", "sink.params.fs.path=" + dir.resolve("store"), "--set", "checkpoint=" + dir.resolve("checkpoint")};
    Result run = job(concat(new String[] {"run", example}, small));
    assertThat(run.code()).as(run.err()).isZero();
    // A progress line per batch, completed with Spark's progress report; then the totals.
    assertThat(run.out()).contains("batch 0: 1500 in, 1500 accepted, 0 quarantined", "keys in state", "watermark ")
        .contains("pipeline vehicle-heat: ").contains("checkpoint total 12000 records in, 12000 accepted");
    long stored = spark.read().format("geostream").option("fs.path", dir.resolve("store").toString())
        .option("feature", "vehicle_cells").load().count();
    assertThat(stored).isPositive();

    // Run again on the same checkpoint: the source is exhausted, nothing is read or written twice.
    Result again = job(concat(new String[] {example}, small));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("checkpoint total 12000 records in");
    assertThat(spark.read().format("geostream").option("fs.path", dir.resolve("store").toString())
        .option("feature", "vehicle_cells").load().count()).isEqualTo(stored);
  }

  @Test
  void wrongFilesAndArgumentsExitWithTwoAndSayWhy() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: x\nsource: {type: generator}\nkey: {cell: h3, resolution: 99}\n");
    Result r = job("run", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml:3:29: key.resolution: must be within 0..15, got 99");
    r = job("explain", dir.resolve("missing.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file").contains("missing.yaml");
    r = job("launch", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown command 'launch'");
    r = job("run", "examples/vehicle-heat.yaml", "--timeout", "soon");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Cannot use --timeout 'soon'");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
