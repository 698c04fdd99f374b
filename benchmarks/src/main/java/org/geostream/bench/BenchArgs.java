package org.geostream.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every benchmark runner shares: {@code --name value} arguments, workload selection, and the run's environment.
 * Public for the stream and store runners ({@code org.geostream.bench.stream}, {@code .store}); Spark-free, so the
 * stream benchmark's plain engine can use it too.
 */
public final class BenchArgs {
  private BenchArgs() {}

  /** {@code --name value} pairs by name, in order. */
  public static Map<String, String> pairs(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("Cannot parse arguments: expected --name value pairs: " + args[i]);
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  /** Removes and returns option {@code name}, or {@code fallback} when absent. */
  public static String take(Map<String, String> opts, String name, String fallback) {
    String v = opts.remove(name);
    return v == null ? fallback : v;
  }

  /** Removes and returns option {@code name}; throws when it is absent. */
  public static String require(Map<String, String> opts, String name) {
    String v = opts.remove(name);
    if (v == null) {
      throw new IllegalArgumentException("Cannot run: missing --" + name);
    }
    return v;
  }

  /** Throws when options are left that no one took. */
  public static void noneLeft(Map<String, String> opts) {
    if (!opts.isEmpty()) {
      throw new IllegalArgumentException("Cannot run: unknown options: " + opts.keySet());
    }
  }

  /** True when workload {@code id} is in the comma-separated {@code only} list (or when it is empty). */
  static boolean selects(String only, String id) {
    if (only.isBlank()) {
      return true;
    }
    for (String s : only.split(",")) {
      if (s.trim().equalsIgnoreCase(id)) {
        return true;
      }
    }
    return false;
  }

  /** The machine's 1-minute load average, rounded to 0.01 (-1 where the platform has none). */
  public static double loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return Math.round(l * 100) / 100.0;
  }

  /** The engine's jar, named with its modification time, so that a report tells which build it measured. */
  static String jar(Engine engine) {
    String path = engine.jar();
    File f = new File(path);
    if (!f.isFile()) {
      return path;
    }
    return f.getName() + ", modified " + Instant.ofEpochMilli(f.lastModified()).truncatedTo(ChronoUnit.SECONDS);
  }
}
