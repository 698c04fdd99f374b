package org.geostream.bench.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * What the store benchmark's JVMs write ({@code store-geostream.json}, {@code store-sedona.json})
 * and {@link StoreReport} reads, and the timing loop both JVMs use. Plain Spark/Hadoop/Jackson only.
 */
final class StoreResults {
  private StoreResults() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The GeoStream JVM's run.
   *
   * @param jar the GeoStream runtime jar and its modification time
   * @param loadAverages the machine's 1-minute load average at start and after each scheme
   * @param expectedCount the query's answer computed from the generator
   * @param expectedTotal points generated
   */
  record GeoStreamRun(String jar, String sparkVersion, String java, int cores, List<Double> loadAverages,
      Settings settings, long expectedCount, long expectedTotal, List<SchemeRun> schemes) {}

  /** The settings of a run. */
  record Settings(long points, long writerPoints, int partitions, String master, long seed, int rowGroupRows,
      int warmups, int runs, long budgetMs, String region, String timeSpan, String queryEcql, String sedonaQuery,
      double expectedFraction, String dataDir) {}

  /**
   * One partition scheme in GeoStream.
   *
   * @param typeDir the feature type's directory (what Sedona reads)
   * @param sparkIngest the Spark write of all points through the provider
   * @param writerIngest the single-threaded GeoTools FeatureWriter append
   * @param query ScanStats of the bbox + hour query
   * @param full ScanStats of Filter.INCLUDE
   * @param runs the timed reads: geotools-query, geotools-full, spark-query, spark-full
   */
  record SchemeRun(String scheme, String typeDir, Ingest sparkIngest, Ingest writerIngest, Stats query, Stats full,
      List<Measurement> runs) {}

  /**
   * One ingest.
   *
   * @param features features written (read back from the commit log)
   * @param ms wall time of the write, generating the features included
   * @param generationMs wall time of generating the same features alone, not written
   * @param files data files committed
   * @param bytes their size
   */
  record Ingest(long features, long ms, long generationMs, int files, long bytes) {
    double featuresPerSecond() {
      return ms <= 0 ? 0 : features * 1000.0 / ms;
    }
  }

  /** {@code org.geostream.store.fs.ScanStats}, as written. */
  record Stats(int totalFiles, long totalRows, long totalBytes, int files, long rowsInFiles, int rowGroups,
      int rowGroupsInFiles, long rowsInRowGroups, long bytesInRowGroups, long rowsScanned) {}

  /**
   * Timed runs of one read.
   *
   * @param name what was run
   * @param count the answer (equal in every run)
   * @param runsMs wall time of each timed run
   * @param medianMs their median
   * @param bytesRead bytes read from the local file system in each timed run (Hadoop's statistics)
   * @param medianBytesRead their median
   * @param cpuMs CPU time of the calling thread in each timed run, for single-threaded reads (empty otherwise):
   *     other processes on the machine disturb it much less than wall time
   * @param medianCpuMs their median, -1 when not measured
   */
  record Measurement(String name, long count, List<Long> runsMs, long medianMs, List<Long> bytesRead,
      long medianBytesRead, List<Long> cpuMs, long medianCpuMs) {}

  /** The Sedona JVM's run. */
  record SedonaRun(String version, String jar, String sparkVersion, String java, int cores,
      List<Double> loadAverages, List<SedonaScheme> schemes) {}

  /**
   * Sedona on one scheme's files.
   *
   * @param inputFiles files of the DataFrame ({@code inputFiles()})
   * @param plainCount {@code count(*)} of all rows
   * @param query the bbox + hour query
   * @param full the same predicate over the whole world and any time (every row matches)
   */
  record SedonaScheme(String scheme, String typeDir, int inputFiles, long plainCount, String querySql,
      String fullSql, Measurement query, Measurement full) {}

  static void write(Object r, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), r);
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    return JSON.readValue(file.toFile(), type);
  }

  /**
   * Runs {@code run} {@code warmups} times untimed, then up to {@code runs} times timed, starting no
   * timed run after {@code budgetMs} of them (a warm-up longer than the budget is the only timed run).
   * Each run's answer must equal the first.
   */
  static Measurement measure(String name, int warmups, int runs, long budgetMs, boolean threadCpu,
      Callable<Long> run) throws Exception {
    List<Long> times = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    Long answer = null;
    for (int i = 0; i < warmups; i++) {
      long[] r = once(run);
      answer = check(name, answer, r[0]);
      if (r[1] > budgetMs) {
        // At this length warm-up effects are noise: the run counts, and no other is made.
        add(r, times, bytes, cpu, threadCpu);
        return result(name, answer, times, bytes, cpu);
      }
    }
    long spent = 0;
    while (times.size() < runs && (times.isEmpty() || spent < budgetMs)) {
      long[] r = once(run);
      answer = check(name, answer, r[0]);
      add(r, times, bytes, cpu, threadCpu);
      spent += r[1];
    }
    return result(name, answer, times, bytes, cpu);
  }

  private static void add(long[] r, List<Long> times, List<Long> bytes, List<Long> cpu, boolean threadCpu) {
    times.add(r[1]);
    bytes.add(r[2]);
    if (threadCpu) {
      cpu.add(r[3]);
    }
  }

  private static Measurement result(String name, long answer, List<Long> times, List<Long> bytes, List<Long> cpu) {
    return new Measurement(name, answer, times, median(times), bytes, median(bytes), cpu, median(cpu));
  }

  /** One run: its count, wall ms, bytes read, and CPU ms of this thread. */
  private static long[] once(Callable<Long> run) throws Exception {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long b0 = bytesRead();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long count = run.call();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long cpuMs = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
    return new long[] {count, ms, bytesRead() - b0, cpuMs};
  }

  private static Long check(String name, Long previous, long count) {
    if (previous != null && previous != count) {
      throw new IllegalStateException("Cannot time " + name + ": two runs gave different counts: " + previous
          + " and " + count);
    }
    return count;
  }

  /**
   * Bytes read so far in this JVM from the local file system, every thread (Hadoop's statistics of
   * {@code RawLocalFileSystem}, which both the fs store and Spark's Parquet reader read through).
   */
  @SuppressWarnings("deprecation")
  static long bytesRead() {
    return FileSystem.getStatistics("file", RawLocalFileSystem.class).getBytesRead();
  }

  static long median(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? -1 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** A version from the filtered {@code geostream-benchmarks.properties}. */
  static String version(String key) {
    Properties p = new Properties();
    try (InputStream in = StoreResults.class.getResourceAsStream("/geostream-benchmarks.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty(key, "unknown");
  }

  /** The jar holding {@code className}, with its modification time, or "unknown". */
  static String jarOf(String className) {
    try {
      Class<?> c = Class.forName(className, false, StoreResults.class.getClassLoader());
      java.security.CodeSource src = c.getProtectionDomain().getCodeSource();
      if (src == null) {
        return "unknown";
      }
      java.io.File f = new java.io.File(src.getLocation().toURI());
      return f.getName() + ", modified " + java.time.Instant.ofEpochMilli(f.lastModified())
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
      return "unknown";
    }
  }

  /** Fails unless {@code present} is on the classpath and none of {@code absent}. */
  static void checkClasspath(String present, String... absent) {
    if (!onClasspath(present)) {
      throw new IllegalStateException("Cannot benchmark: the classpath lacks " + present);
    }
    for (String a : absent) {
      if (onClasspath(a)) {
        throw new IllegalStateException("Cannot benchmark: the classpath also holds " + a
            + " (each engine runs in its own JVM)");
      }
    }
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, StoreResults.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
