package org.geostream.bench.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the stream benchmark's JVMs write ({@code stream-<engine>.json}, and one answer file per engine and
 * mode) and {@link StreamReport} reads. Plain Jackson and Java only.
 */
final class StreamResults {
  private StreamResults() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One engine JVM's run.
   *
   * @param engine {@code geostream}, {@code sedona} or {@code plain}
   * @param version what ran: jar names and versions
   * @param cores processors of the machine
   * @param threads threads the engine used (Spark's local threads; 1 for the plain limit)
   * @param loadAverages the 1-minute load average at the start and after each mode
   */
  record Run(String engine, String version, String java, int cores, int threads, List<Double> loadAverages,
      StreamOptions settings, List<ModeRun> modes) {}

  /**
   * One mode (sliding or tumbling) of one engine.
   *
   * @param wallMs from starting the query (or reading the first file) to the end of the last batch holding input
   * @param eventsPerSecond events / wallMs
   * @param steadyEventsPerSecond events of the batches after the first / their time (the first batch carries
   *     query start-up); 0 when there is one batch
   * @param batches every micro-batch: id, input rows, duration in ms
   * @param finalWatermarkMs the watermark when the query stopped (windows ending at or before it are complete)
   * @param windows window results the engine wrote
   * @param answers the answer file: {@code start,cell,count,avg} per window, sorted
   * @param note anything the report should say (e.g. records counted by the engine)
   * @param cpuMs CPU time of the whole JVM (every thread: tasks, driver, GC, JIT) over {@code wallMs}: on a
   *     shared machine, events per CPU-second is what other processes disturb least
   */
  record ModeRun(String mode, long events, long wallMs, double eventsPerSecond, double steadyEventsPerSecond,
      List<long[]> batches, long finalWatermarkMs, long windows, String answers, String note, long cpuMs) {

    /** Events per second of CPU time of the JVM. */
    double eventsPerCpuSecond() {
      return cpuMs <= 0 ? 0 : events * 1000.0 / cpuMs;
    }
  }

  /** One window result. */
  record Answer(long start, String cell, long count, double avg) {}

  static void write(Path file, Run r) throws IOException {
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), r);
  }

  static Run read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Run.class);
  }

  static void writeAnswers(Path file, List<Answer> answers) throws IOException {
    Files.createDirectories(file.getParent());
    List<Answer> sorted = new ArrayList<>(answers);
    sorted.sort(Comparator.comparingLong(Answer::start).thenComparing(Answer::cell));
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Answer a : sorted) {
        w.write(a.start() + "," + a.cell() + "," + a.count() + "," + a.avg() + "\n");
      }
    }
  }

  static List<Answer> readAnswers(Path file) throws IOException {
    List<Answer> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] p = line.split(",");
        out.add(new Answer(Long.parseLong(p[0]), p[1], Long.parseLong(p[2]), Double.parseDouble(p[3])));
      }
    }
    return out;
  }

  /** CPU time of this JVM so far, all threads, in milliseconds. */
  static long cpuMs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }

  /** A class's jar and its modification time. */
  static String jarOf(Class<?> c) {
    try {
      java.io.File f = new java.io.File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      return f.getName() + " (modified " + java.time.Instant.ofEpochMilli(f.lastModified()).truncatedTo(
          java.time.temporal.ChronoUnit.SECONDS) + ")";
    } catch (Exception e) {
      return c.getName();
    }
  }
}
