package org.geostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What one engine JVM of {@code join.sh} writes ({@code join-<engine>.json}) and {@link JoinReport} reads. */
final class JoinResults {
  private JoinResults() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One engine's run.
   *
   * @param loadAverages the machine's 1-minute load average before the first workload and after each
   * @param options the settings, as given
   * @param data checksums of the inputs, equal in every engine when the data is the same
   */
  record EngineResult(String engine, String engineVersion, String engineJar, String sparkVersion, String java, int cores,
      List<Double> loadAverages, Map<String, Object> options, Map<String, Object> data, List<WorkloadResult> workloads) {}

  /**
   * One workload at one size in one engine.
   *
   * @param id J1, J2 or J3
   * @param size the size label (J1: the number of points)
   * @param sql the query
   * @param join the plan's join operator line, to show which join the engine chose
   * @param status {@code ok}, {@code timeout} or {@code error}
   * @param answer J1: country name to count; J2, J3: the pair count
   */
  record WorkloadResult(String id, String size, String sql, String join, String status, List<Long> runsMs, Long medianMs,
      List<Long> cpuMs, Long medianCpuMs, Object answer, String error) {}

  static void write(EngineResult r, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), r);
  }

  static EngineResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), EngineResult.class);
  }
}
