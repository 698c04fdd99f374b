package org.geostream.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs SQL queries one at a time on a thread of its own, each in a job group of its own so that a timeout can
 * cancel it, and measures each run: wall time of building the {@code Dataset} from the SQL text and collecting
 * its rows, and the CPU time of its tasks ({@link TaskCpu}). Shared by {@link EngineRun} and {@link JoinRun}.
 * One query at a time (not thread-safe); {@link #close} frees the thread.
 */
final class TimedQueries implements AutoCloseable {
  /** One run: its answer, wall time, and its tasks' CPU time (null when not measured). */
  record Run<T>(T answer, long wallMs, Long cpuMs) {
    /** Adds the wall time to {@code times}, and the CPU time, when measured, to {@code cpuTimes}. */
    void addTo(List<Long> times, List<Long> cpuTimes) {
      times.add(wallMs);
      if (cpuMs != null) {
        cpuTimes.add(cpuMs);
      }
    }
  }

  private final SparkSession spark;
  private final String groupPrefix;
  private final TaskCpu cpu = new TaskCpu();
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "benchmark-query");
    t.setDaemon(true);
    return t;
  });

  /** Registers the CPU listener with {@code spark}; job groups are named {@code <groupPrefix>-<id>-<nanos>}. */
  TimedQueries(SparkSession spark, String groupPrefix) {
    this.spark = spark;
    this.groupPrefix = groupPrefix;
    spark.sparkContext().addSparkListener(cpu);
  }

  /**
   * Runs {@code sql} once and turns its rows into an answer with {@code answer} (on the query thread, after the
   * timed interval). A run longer than {@code timeoutMs} is cancelled and {@link TimeoutException} thrown, once
   * the query thread is free again; an error of the query arrives as {@code ExecutionException}.
   */
  <T> Run<T> once(String sql, String id, long timeoutMs, Function<List<Row>, T> answer) throws Exception {
    SparkContext sc = spark.sparkContext();
    String group = groupPrefix + "-" + id + "-" + System.nanoTime();
    long[] elapsedMs = new long[1];
    Future<T> f = runner.submit(() -> {
      sc.setJobGroup(group, id, true);
      try {
        long t0 = System.nanoTime();
        List<Row> rows = spark.sql(sql).collectAsList();
        elapsedMs[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return answer.apply(rows);
      } finally {
        sc.clearJobGroup();
      }
    });
    try {
      T a = f.get(timeoutMs, TimeUnit.MILLISECONDS);
      return new Run<>(a, elapsedMs[0], cpu.await(group, 10_000));
    } catch (TimeoutException e) {
      sc.cancelJobGroup(group);
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Cancelled as asked; what matters is that the runner thread is free again.
      }
      cpu.await(group, 1_000);
      throw e;
    }
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
