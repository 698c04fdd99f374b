package org.geostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What one engine JVM writes ({@code <engine>.json}) and the report reads. */
final class Results {
  private Results() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One engine's run.
   *
   * @param engine engine id
   * @param engineVersion the engine's version as resolved by the benchmarks POM
   * @param engineJar the engine's jar file and its modification time (UTC)
   * @param sparkVersion Spark's version in the JVM
   * @param java Java runtime version
   * @param cores processors available to the JVM
   * @param loadAverages the machine's 1-minute load average before the first workload and after each
   *     one: above the number of cores, other processes competed with the benchmark for the CPU
   * @param options the settings of the run
   * @param data checksums of the inputs, equal in every engine when the data is the same
   * @param workloads one result per workload run
   */
  record EngineResult(String engine, String engineVersion, String engineJar, String sparkVersion, String java, int cores,
      List<Double> loadAverages,
      BenchOptionsView options, Map<String, Object> data, List<WorkloadResult> workloads) {}

  /** The settings of a run, as written (the options record holds a Path). */
  record BenchOptionsView(long points, long containsPoints, long wktRows, String containsCountry, int containsVertices,
      int warmups, int runs, long budgetMs, long timeoutMs, String master, int partitions) {}

  /**
   * One workload in one engine.
   *
   * @param id workload id
   * @param sql the query as run, with the W3 literal elided
   * @param status {@code ok}, {@code timeout} or {@code error}
   * @param runsMs wall time of each timed run, in order
   * @param medianMs median of {@code runsMs}, or null when none completed
   * @param cpuMs CPU time of each timed run's tasks (executor CPU, from Spark's task metrics)
   * @param medianCpuMs median of {@code cpuMs}, or null when not measured for every run
   * @param answer the single result row, column name to value; null unless {@code ok}
   * @param error the failure, when not {@code ok}
   */
  record WorkloadResult(String id, String sql, String status, List<Long> runsMs, Long medianMs,
      List<Long> cpuMs, Long medianCpuMs, Map<String, Object> answer, String error) {}

  static void write(EngineResult r, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), r);
  }

  static EngineResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), EngineResult.class);
  }
}
