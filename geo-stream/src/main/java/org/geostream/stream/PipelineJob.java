package org.geostream.stream;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a pipeline file: {@code bin/geostream run|explain pipeline.yaml} and
 * {@code spark-submit --class org.geostream.stream.PipelineJob <runtime jar> [run|explain] pipeline.yaml}.
 * Prints the plan, then a progress line per micro-batch. A generator source runs to its end; other
 * sources run until the process is stopped (Ctrl-C or SIGTERM stop the query between batches;
 * a restart continues from the checkpoint), {@code --max-batches} or {@code --timeout}.
 *
 * <p>Exit codes: 0 done, 1 the pipeline failed, 2 the file or the arguments are wrong.
 */
@Command(name = "geostream", sortOptions = false, usageHelpAutoWidth = true,
    description = "Runs a GeoStream pipeline file, or explains its plan without running it.")
public final class PipelineJob implements Callable<Integer> {

  @Parameters(arity = "1..2", paramLabel = "[run|explain] FILE",
      description = "The command (run, the default, or explain) and the pipeline file (YAML).")
  List<String> words;

  @Option(names = "--set", paramLabel = "FIELD=VALUE",
      description = "Overrides one value of the file, e.g. --set window.size=10m (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--max-batches", paramLabel = "N", description = "Stops after N micro-batches of this run.")
  long maxBatches = -1;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Stops after this long (e.g. 10m); for the generator, fails if not done by then.")
  String timeout;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master when not started by spark-submit (default local[*]).")
  String master;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
  boolean help;

  private final PrintStream out;
  private final PrintStream err;

  PipelineJob(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = execute(System.out, System.err, args);
    System.exit(code);
  }

  /** Runs the command line without exiting the JVM; returns the exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = new CommandLine(new PipelineJob(out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    String command = words.size() == 2 ? words.get(0).toLowerCase(Locale.ROOT) : "run";
    if (!command.equals("run") && !command.equals("explain")) {
      err.println("Unknown command '" + words.get(0) + "': use run or explain");
      return 2;
    }
    Path file = Path.of(words.get(words.size() - 1));
    if (!Files.isRegularFile(file)) {
      err.println("Cannot read the pipeline file: no such file: " + file.toAbsolutePath());
      return 2;
    }
    Duration limit = null;
    if (timeout != null) {
      limit = PipelineFile.parseDuration(timeout);
      if (limit == null || limit.isZero()) {
        err.println("Cannot use --timeout '" + timeout + "': expected a duration like 30s, 10m or 2h");
        return 2;
      }
    }
    Pipeline p;
    try {
      p = PipelineFile.load(file, overrides);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    out.print(p.explain());
    if (command.equals("explain")) {
      return 0;
    }
    return run(p, limit);
  }

  private int run(Pipeline p, Duration limit) {
    boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = session(p);
    spark.sparkContext().setLogLevel("WARN");
    List<BatchMetrics> before = PipelineRun.history(spark, p.checkpoint());
    long first = before.isEmpty() ? 0 : before.get(before.size() - 1).batch() + 1;
    long t0 = System.nanoTime();
    PipelineRun run;
    try {
      run = PipelineRun.start(spark, p, quiet ? null : m -> out.println("  " + m.line()));
    } catch (RuntimeException e) {
      err.println("Cannot start pipeline '" + p.name() + "': " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(() -> {
      if (run.query().isActive()) {
        err.println("Stopping pipeline '" + p.name() + "' (restart continues from " + p.checkpoint() + ")");
        try {
          run.stop();
        } catch (RuntimeException ignored) {
          // the JVM is going down; the checkpoint holds what was committed
        }
      }
    }, "geostream-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Duration wait = limit == null ? Duration.ofDays(365) : limit;
      if (maxBatches > 0) {
        run.awaitBatch(first + maxBatches - 1, wait);
        run.stop();
      } else if (p.source() instanceof SourceSpec.Generator) {
        run.runToEnd(wait);
      } else {
        try {
          run.query().awaitTermination(wait.toMillis());
        } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        run.stop();
      }
    } catch (RuntimeException e) {
      err.println("Cannot run pipeline '" + p.name() + "': " + e.getMessage());
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
      if (run.query().isActive()) {
        try {
          run.stop();
        } catch (RuntimeException ignored) {
          // reported above
        }
      }
    }
    List<BatchMetrics> history = PipelineRun.history(spark, p.checkpoint());
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "pipeline %s: %d batches in %.1f s this run; checkpoint total %d records in, %d accepted, "
            + "%d quarantined, %d late, %d results%n", p.name(), run.batches().size(), seconds,
        history.stream().mapToLong(BatchMetrics::in).sum(), history.stream().mapToLong(BatchMetrics::accepted).sum(),
        history.stream().mapToLong(BatchMetrics::quarantined).sum(), history.stream().mapToLong(BatchMetrics::late)
            .sum(), history.stream().mapToLong(BatchMetrics::results).sum());
    if (!existing) {
      spark.stop();
    }
    return 0;
  }

  private SparkSession session(Pipeline p) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("GeoStream pipeline " + p.name());
    if (master != null) {
      b = b.master(master);
    } else if (!conf.contains("spark.master")) {
      b = b.master("local[*]");
    }
    String extensions = conf.get("spark.sql.extensions", "");
    if (!extensions.contains("org.geostream.sql.GeoStreamExtensions")) {
      b = b.config("spark.sql.extensions", extensions.isEmpty() ? "org.geostream.sql.GeoStreamExtensions"
          : extensions + ",org.geostream.sql.GeoStreamExtensions");
    }
    if (!conf.contains("spark.ui.enabled") && !conf.contains("spark.master")) {
      b = b.config("spark.ui.enabled", "false");
    }
    SparkSession spark = b.getOrCreate();
    if (!spark.catalog().functionExists("st_point")) { // a session that existed without the extension
      org.geostream.sql.GeoStream.register(spark);
    }
    return spark;
  }
}
