package org.geostream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Runs every workload in this JVM's single engine and writes {@code <out>} (JSON, {@link Results}).
 *
 * <p>Per workload: {@code warmups} untimed runs, then up to {@code runs} timed runs, stopping early
 * once {@code budget} has been spent (a warm-up run longer than the budget is taken as the only timed
 * run); each run builds a new {@code Dataset} from the SQL text (Spark
 * reuses the shuffle output of a Dataset run twice) and collects its single row; besides its wall time,
 * the CPU time of its tasks is recorded ({@link TaskCpu}). A run longer than
 * {@code timeout} is cancelled and the workload reported as timed out.
 *
 * <p>Arguments: {@code --engine geostream|sedona|geomesa --out FILE} and the {@link BenchOptions}.
 */
public final class EngineRun {
  private EngineRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> rest = new HashMap<>();
    BenchOptions o = BenchOptions.parse(args, rest);
    Engine engine = Engine.of(BenchArgs.require(rest, "engine"));
    Path out = Path.of(BenchArgs.require(rest, "out"));
    BenchArgs.noneLeft(rest);
    engine.checkAlone();

    List<Countries.Country> countries = Countries.read(o.countries());
    Countries.Country literal = Countries.named(countries, o.containsCountry());

    SparkSession.Builder builder = SparkSession.builder()
        .appName("GeoStream benchmarks: " + engine.displayName())
        .master(o.master())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", Integer.toString(o.partitions()))
        .config("spark.default.parallelism", Integer.toString(o.partitions()));
    engine.configure(builder);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    TimedQueries queries = new TimedQueries(spark, "bench");
    try {
      engine.register(spark);
      log(engine, "Spark " + spark.version() + ", " + engine.displayName() + " " + version(engine)
          + "; building data: " + o.points() + " points (" + o.containsPoints() + " for W3), "
          + o.wktRows() + " WKT polygons");
      Map<String, Object> data = BenchData.load(spark, o, countries);
      log(engine, "data " + data);

      List<Results.WorkloadResult> results = new ArrayList<>();
      List<Double> load = new ArrayList<>(List.of(BenchArgs.loadAverage()));
      for (Workload w : Workloads.ALL) {
        if (o.selects(w.id())) {
          Results.WorkloadResult r = run(queries, engine, w, literal, o);
          results.add(r);
          load.add(BenchArgs.loadAverage());
          log(engine, w.id() + " " + r.status() + " median " + r.medianMs() + " ms " + r.runsMs()
              + ", task CPU median " + r.medianCpuMs() + " ms " + r.cpuMs()
              + (r.answer() != null ? " answer " + r.answer() : "")
              + (r.error() != null ? " error " + r.error() : ""));
        }
      }
      Results.BenchOptionsView settings = new Results.BenchOptionsView(o.points(), o.containsPoints(),
          o.wktRows(), o.containsCountry(), literal.vertices(), o.warmups(), o.runs(), o.budgetMs(),
          o.timeoutMs(), o.master(), o.partitions());
      Results.write(new Results.EngineResult(engine.id(), version(engine), BenchArgs.jar(engine), spark.version(),
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load, settings,
          data, results), out);
      log(engine, "wrote " + out);
    } finally {
      queries.close();
      spark.stop();
    }
  }

  private static Results.WorkloadResult run(TimedQueries queries, Engine engine, Workload w,
      Countries.Country literal, BenchOptions o) {
    String template = w.sql().apply(engine);
    String sql = template.replace(Workload.CONTAINS_WKT, literal.wkt());
    String shown = template.replace(Workload.CONTAINS_WKT,
        "<" + literal.name() + ": " + literal.vertices() + " vertices>");
    List<Long> times = new ArrayList<>();
    List<Long> cpuTimes = new ArrayList<>();
    Map<String, Object> answer = null;
    try {
      for (int i = 0; i < o.warmups(); i++) {
        TimedQueries.Run<Map<String, Object>> r = once(queries, sql, w.id(), o.timeoutMs());
        answer = r.answer();
        if (r.wallMs() > o.budgetMs()) {
          // At this length warm-up effects are noise: the run counts, and no other is made.
          r.addTo(times, cpuTimes);
          return result(w, shown, times, cpuTimes, answer);
        }
      }
      long spent = 0;
      while (times.size() < o.runs() && (times.isEmpty() || spent < o.budgetMs())) {
        TimedQueries.Run<Map<String, Object>> r = once(queries, sql, w.id(), o.timeoutMs());
        if (answer != null && !w.differences(answer, r.answer(), o.points()).isEmpty()) {
          throw new IllegalStateException("Cannot time " + w.id() + ": two runs gave different answers: "
              + answer + " and " + r.answer());
        }
        answer = r.answer();
        r.addTo(times, cpuTimes);
        spent += r.wallMs();
      }
      return result(w, shown, times, cpuTimes, answer);
    } catch (TimeoutException e) {
      return new Results.WorkloadResult(w.id(), shown, "timeout", times, null, cpuTimes, null, null,
          "a run took longer than " + o.timeoutMs() / 1000 + " s and was cancelled");
    } catch (Exception e) {
      Throwable root = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new Results.WorkloadResult(w.id(), shown, "error", times, null, cpuTimes, null, null,
          firstLine(root));
    }
  }

  private static Results.WorkloadResult result(Workload w, String shown, List<Long> times, List<Long> cpuTimes,
      Map<String, Object> answer) {
    Long cpuMedian = cpuTimes.size() == times.size() ? median(cpuTimes) : null;
    return new Results.WorkloadResult(w.id(), shown, "ok", times, median(times), cpuTimes, cpuMedian, answer, null);
  }

  /** Runs {@code sql} once; its answer is its single row, by column name. */
  private static TimedQueries.Run<Map<String, Object>> once(TimedQueries queries, String sql, String id,
      long timeoutMs) throws Exception {
    return queries.once(sql, id, timeoutMs, rows -> {
      if (rows.size() != 1) {
        throw new IllegalStateException("Cannot read answer of " + id + ": expected one row: " + rows.size());
      }
      return answer(rows.get(0));
    });
  }

  private static Map<String, Object> answer(Row row) {
    Map<String, Object> a = new LinkedHashMap<>();
    StructField[] fields = row.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      a.put(fields[i].name(), row.get(i));
    }
    return Collections.unmodifiableMap(a);
  }

  static Long median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** The engine's version as resolved by the benchmarks POM (filtered resource). */
  static String version(Engine engine) {
    Properties p = new Properties();
    try (InputStream in = EngineRun.class.getResourceAsStream("/geostream-benchmarks.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return engine.version(p);
  }

  private static String firstLine(Throwable t) {
    String m = t.getClass().getName() + ": " + t.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 400 ? m.substring(0, 400) + "..." : m;
  }

  private static void log(Engine engine, String message) {
    System.out.println("[" + engine.id() + "] " + message);
    System.out.flush();
  }
}
