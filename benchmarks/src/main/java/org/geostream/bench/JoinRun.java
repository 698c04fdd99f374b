package org.geostream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the join workloads ({@link JoinWorkloads}) in this JVM's single engine and writes
 * {@code <out>} ({@link JoinResults}). Per workload and size: the inputs are generated and cached
 * (and their checksums recorded), then {@code warmups} untimed runs and up to {@code runs} timed runs,
 * stopping early once {@code budget} has been spent; each run builds a new {@code Dataset} from the
 * SQL text and collects its rows, recording wall time and the CPU time of its tasks ({@link TaskCpu}).
 * The inputs of each size are dropped from the cache before the next.
 *
 * <p>Both engines run with Kryo serialization and their own Kryo registrator, as their docs advise,
 * and with their spatial join optimization on (the default of each).
 *
 * <p>Arguments: {@code --engine geostream|sedona --out FILE} and the {@link JoinOptions}.
 */
public final class JoinRun {
  private JoinRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> rest = new HashMap<>();
    JoinOptions o = JoinOptions.parse(args, rest);
    Engine engine = Engine.of(BenchArgs.require(rest, "engine"));
    Path out = Path.of(BenchArgs.require(rest, "out"));
    BenchArgs.noneLeft(rest);
    if (engine == Engine.GEOMESA) {
      throw new IllegalArgumentException("Cannot run the join benchmark on GeoMesa: it has no spatial join");
    }
    engine.checkAlone();
    List<Countries.Country> countries = Countries.read(o.countries());

    SparkSession.Builder builder = SparkSession.builder()
        .appName("GeoStream join benchmark: " + engine.displayName())
        .master(o.master())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", Integer.toString(o.partitions()))
        .config("spark.default.parallelism", Integer.toString(o.partitions()))
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", engine == Engine.SEDONA
            ? "org.apache.sedona.core.serde.SedonaKryoRegistrator" : "org.geostream.core.GeoStreamKryoRegistrator");
    engine.configure(builder);
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    TimedQueries queries = new TimedQueries(spark, "join");
    if (System.getenv("JOIN_LOG_STAGES") != null) {
      spark.sparkContext().addSparkListener(new StageLog(engine));
    }
    List<JoinResults.WorkloadResult> results = new ArrayList<>();
    List<Double> load = new ArrayList<>(List.of(BenchArgs.loadAverage()));
    Map<String, Object> data = new LinkedHashMap<>();
    try {
      engine.register(spark);
      data.put("country_vertices", JoinWorkloads.loadCountries(spark, countries));
      List<String> invalid = new ArrayList<>();
      for (Row r : spark.sql("SELECT name FROM countries WHERE NOT ST_IsValid(geom) ORDER BY name").collectAsList()) {
        invalid.add(r.getString(0));
      }
      data.put("invalid_countries", invalid);
      log(engine, "Spark " + spark.version() + ", " + engine.displayName() + " " + EngineRun.version(engine));
      if (o.selects("J1")) {
        for (long n : o.points()) {
          Dataset<Row> points = cache(spark, JoinWorkloads.pointsSql(n, o.partitions(), ""), "points");
          data.put("j1_points_" + n, checksum(spark, "points", "x", "y"));
          results.add(run(spark, queries, engine, "J1", Long.toString(n), JoinWorkloads.J1, o));
          points.unpersist(true);
          load.add(BenchArgs.loadAverage());
        }
      }
      if (o.selects("J2")) {
        Dataset<Row> a = cache(spark, JoinWorkloads.pointsSql(o.pairPoints(), o.partitions(), "a"), "points_a");
        Dataset<Row> b = cache(spark, JoinWorkloads.pointsSql(o.pairPoints(), o.partitions(), "b"), "points_b");
        data.put("j2_points_a", checksum(spark, "points_a", "x", "y"));
        data.put("j2_points_b", checksum(spark, "points_b", "x", "y"));
        results.add(run(spark, queries, engine, "J2", o.pairPoints() + " x " + o.pairPoints(), JoinWorkloads.j2(o.distance()), o));
        a.unpersist(true);
        b.unpersist(true);
        load.add(BenchArgs.loadAverage());
      }
      if (o.selects("J3")) {
        List<Dataset<Row>> cached = new ArrayList<>();
        for (String side : List.of("a", "b")) {
          spark.sql(JoinWorkloads.polygonsSql(o.polygons(), o.partitions(), side, o.radius(), o.vertices()))
              .createOrReplaceTempView("polygons_" + side + "_wkt");
          data.put("j3_wkt_" + side, spark.sql("SELECT count(*), sum(length(wkt)), sum(xxhash64(wkt)) FROM polygons_" + side + "_wkt")
              .first().toString());
          cached.add(cache(spark, "SELECT id, ST_GeomFromWKT(wkt) AS geom FROM polygons_" + side + "_wkt", "polygons_" + side));
        }
        results.add(run(spark, queries, engine, "J3", o.polygons() + " x " + o.polygons(), JoinWorkloads.J3, o));
        cached.forEach(d -> d.unpersist(true));
        load.add(BenchArgs.loadAverage());
      }
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("points", o.points());
      options.put("pairPoints", o.pairPoints());
      options.put("distance", o.distance());
      options.put("polygons", o.polygons());
      options.put("radius", o.radius());
      options.put("vertices", o.vertices());
      options.put("warmups", o.warmups());
      options.put("runs", o.runs());
      options.put("budgetMs", o.budgetMs());
      options.put("timeoutMs", o.timeoutMs());
      options.put("master", o.master());
      options.put("partitions", o.partitions());
      options.put("maxMemoryMb", Runtime.getRuntime().maxMemory() >> 20);
      JoinResults.write(new JoinResults.EngineResult(engine.id(), EngineRun.version(engine), BenchArgs.jar(engine), spark.version(),
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load, options, data, results), out);
      log(engine, "wrote " + out);
    } finally {
      queries.close();
      spark.stop();
    }
  }

  private static Dataset<Row> cache(SparkSession spark, String sql, String view) {
    Dataset<Row> d = spark.sql(sql).cache();
    d.createOrReplaceTempView(view);
    d.count();
    return d;
  }

  private static String checksum(SparkSession spark, String view, String x, String y) {
    return spark.sql("SELECT count(*), sum(" + x + "), sum(" + y + ") FROM " + view).first().toString();
  }

  private static JoinResults.WorkloadResult run(SparkSession spark, TimedQueries queries, Engine engine,
      String id, String size, String sql, JoinOptions o) {
    String join = joinLine(spark.sql(sql).queryExecution().executedPlan().toString());
    log(engine, id + " " + size + ": " + join);
    List<Long> times = new ArrayList<>();
    List<Long> cpuTimes = new ArrayList<>();
    Object answer = null;
    try {
      for (int i = 0; i < o.warmups(); i++) {
        long[] t = new long[2];
        answer = once(queries, sql, id, o.timeoutMs(), t);
        log(engine, id + " " + size + " warm-up " + t[0] + " ms, CPU " + t[1] + " ms");
        if (t[0] > o.budgetMs()) {
          times.add(t[0]);
          cpuTimes.add(t[1]);
          return result(id, size, sql, join, times, cpuTimes, answer);
        }
      }
      long spent = 0;
      while (times.size() < o.runs() && (times.isEmpty() || spent < o.budgetMs())) {
        long[] t = new long[2];
        Object a = once(queries, sql, id, o.timeoutMs(), t);
        if (answer != null && !answer.equals(a)) {
          throw new IllegalStateException("Cannot time " + id + ": two runs gave different answers: " + answer + " and " + a);
        }
        answer = a;
        times.add(t[0]);
        cpuTimes.add(t[1]);
        spent += t[0];
        log(engine, id + " " + size + " run " + t[0] + " ms, CPU " + t[1] + " ms");
      }
      return result(id, size, sql, join, times, cpuTimes, answer);
    } catch (TimeoutException e) {
      return new JoinResults.WorkloadResult(id, size, sql, join, "timeout", times, null, cpuTimes, null, null,
          "a run took longer than " + o.timeoutMs() / 1000 + " s and was cancelled");
    } catch (Exception e) {
      Throwable root = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      log(engine, id + " " + size + " failed: " + root);
      return new JoinResults.WorkloadResult(id, size, sql, join, "error", times, null, cpuTimes, null, null,
          String.valueOf(root.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static JoinResults.WorkloadResult result(String id, String size, String sql, String join, List<Long> times,
      List<Long> cpuTimes, Object answer) {
    return new JoinResults.WorkloadResult(id, size, sql, join, "ok", times, EngineRun.median(times), cpuTimes,
        EngineRun.median(cpuTimes), answer, null);
  }

  /** The first line of the physical plan that names a join operator. */
  private static String joinLine(String plan) {
    for (String line : plan.split("\n")) {
      if (line.contains("Join")) {
        String s = line.replaceAll("^[\\s:+\\-*()0-9]*", "");
        return s.length() > 240 ? s.substring(0, 240) + "..." : s;
      }
    }
    return "(no join operator in the plan)";
  }

  /** Runs {@code sql} once in its own job group; {@code t} receives wall and task CPU milliseconds (-1: not measured). */
  private static Object once(TimedQueries queries, String sql, String id, long timeoutMs, long[] t) throws Exception {
    TimedQueries.Run<Object> r = queries.once(sql, id, timeoutMs, JoinRun::answer);
    t[0] = r.wallMs();
    t[1] = r.cpuMs() == null ? -1 : r.cpuMs();
    return r.answer();
  }

  /** One row of one count: the count; rows of (name, count): the map, sorted by name. */
  private static Object answer(List<Row> rows) {
    if (rows.size() == 1 && rows.get(0).size() == 1) {
      return rows.get(0).getLong(0);
    }
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : rows) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /** Prints each stage as it completes: its tasks' wall, CPU and GC milliseconds ({@code JOIN_LOG_STAGES}). */
  private static final class StageLog extends SparkListener {
    private final Engine engine;
    private final Map<Integer, List<String>> tasks = new ConcurrentHashMap<>();

    StageLog(Engine engine) {
      this.engine = engine;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        tasks.computeIfAbsent(end.stageId(), k -> new CopyOnWriteArrayList<>()).add(end.taskInfo().duration() + "/"
            + end.taskMetrics().executorCpuTime() / 1_000_000 + "/" + end.taskMetrics().jvmGCTime());
      }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted done) {
      StageInfo s = done.stageInfo();
      long ms = (long) s.completionTime().get() - (long) s.submissionTime().get();
      log(engine, "  stage " + s.stageId() + ", " + s.numTasks() + " tasks, " + ms + " ms (per task wall/CPU/GC ms "
          + tasks.remove(s.stageId()) + "): " + s.name());
    }
  }

  private static void log(Engine engine, String message) {
    System.out.println("[" + engine.id() + "] " + message);
    System.out.flush();
  }
}
