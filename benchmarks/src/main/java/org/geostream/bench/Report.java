package org.geostream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the engines' result files, checks that inputs and answers agree, and renders the comparison
 * as Markdown: printed, and written to {@code <results>/latest.md}.
 *
 * <p>Throughput ratios are {@code peer median / GeoStream median}: above 1 means GeoStream is faster.
 *
 * <p>Arguments: {@code RESULTS_DIR} holding {@code geostream.json}, {@code sedona.json},
 * {@code geomesa.json} (missing files are reported as missing engines).
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Cannot report: expected one argument, the results directory");
    }
    Path dir = Path.of(args[0]);
    Map<Engine, Results.EngineResult> results = new EnumMap<>(Engine.class);
    for (Engine e : Engine.values()) {
      Path f = dir.resolve(e.id() + ".json");
      if (Files.exists(f)) {
        results.put(e, Results.read(f));
      }
    }
    if (results.isEmpty()) {
      throw new IllegalStateException("Cannot report: no engine result in " + dir.toAbsolutePath());
    }
    String md = render(results);
    Files.writeString(dir.resolve("latest.md"), md);
    System.out.print(md);
  }

  static String render(Map<Engine, Results.EngineResult> results) {
    Results.EngineResult any = results.values().iterator().next();
    Results.BenchOptionsView o = any.options();
    StringBuilder md = new StringBuilder();
    List<String> notes = new ArrayList<>();

    md.append("# GeoStream vs Apache Sedona vs GeoMesa spark-jts\n\n");
    md.append("Run ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `benchmarks/run.sh`: Spark ").append(any.sparkVersion()).append(' ').append(o.master())
        .append(", ").append(o.partitions()).append(" partitions, Java ").append(any.java())
        .append(", ").append(any.cores()).append(" cores, one JVM per engine.\n\n");
    md.append(String.format(Locale.ROOT, "Data: %,d points (W1, W4, W6, W7); the first %,d of them (W3, against the "
            + "literal %s, %,d vertices); %,d WKT polygons (W2, the countries repeated). ",
        o.points(), o.containsPoints(), o.containsCountry(), o.containsVertices(), o.wktRows()));
    md.append("Inputs identical in every engine: ").append(checkSameData(results, notes) ? "yes" : "NO").append(".\n\n");
    md.append(String.format(Locale.ROOT, "Timing: median of up to %d timed runs after %d warm-up run(s), a new "
            + "Dataset per run; a workload starts no timed run after %d s of them, and a warm-up run longer "
            + "than that is its only timed run; a run is cancelled after %d s.%n%n",
        o.runs(), o.warmups(), o.budgetMs() / 1000, o.timeoutMs() / 1000));
    md.append("Engines:\n\n");
    for (Engine e : Engine.values()) {
      Results.EngineResult r = results.get(e);
      md.append("- ").append(e.product()).append(": ")
          .append(r == null ? "no result file, its JVM failed or was not run"
              : r.engineVersion() + " (" + r.engineJar() + ")")
          .append('\n');
      if (r == null) {
        notes.add(e.displayName() + ": no result file; its JVM failed or was not run (see results/" + e.id() + ".log).");
      } else {
        List<Double> load = r.loadAverages() == null ? List.of() : r.loadAverages();
        double maxLoad = load.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
        if (maxLoad > r.cores() + 1) {
          notes.add(String.format(Locale.ROOT, "%s ran while other processes competed for the CPU: 1-minute load "
              + "average up to %.2f on %d cores (%s); its timings are less reliable.",
              e.displayName(), maxLoad, r.cores(), load));
        }
      }
    }
    md.append('\n');

    md.append("| workload | GeoStream ms | Sedona ms | GeoMesa ms | GeoStream/Sedona throughput"
        + " | GeoStream/GeoMesa throughput | answers agree |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Workload w : Workloads.ALL) {
      Map<Engine, Results.WorkloadResult> row = row(results, w);
      if (row.isEmpty()) {
        continue;
      }
      md.append("| ").append(w.id()).append(' ').append(shortTitle(w)).append(" | ")
          .append(cell(row.get(Engine.GEOSTREAM))).append(" | ")
          .append(cell(row.get(Engine.SEDONA))).append(" | ")
          .append(cell(row.get(Engine.GEOMESA))).append(" | ")
          .append(ratio(row.get(Engine.GEOSTREAM), row.get(Engine.SEDONA), o)).append(" | ")
          .append(ratio(row.get(Engine.GEOSTREAM), row.get(Engine.GEOMESA), o)).append(" | ")
          .append(agreement(w, row, o.points(), notes)).append(" |\n");
      row.forEach((e, r) -> {
        if (!"ok".equals(r.status())) {
          notes.add(w.id() + " " + e.displayName() + " " + r.status() + ": " + r.error());
        }
      });
    }

    md.append("\nThroughput ratio = peer median / GeoStream median: above 1, GeoStream is faster.\n");

    md.append("\n### Task CPU time\n\n")
        .append("Median CPU time of each run's Spark tasks (executor CPU from Spark's task metrics, summed over "
            + "tasks): less disturbed by other processes on the machine than wall time, but it leaves out the "
            + "driver's parsing and planning (most of GeoStream's W3 time) and GC and JIT threads.\n\n");
    md.append("| workload | GeoStream CPU ms | Sedona CPU ms | GeoMesa CPU ms | GeoStream/Sedona | GeoStream/GeoMesa |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Workload w : Workloads.ALL) {
      Map<Engine, Results.WorkloadResult> row = row(results, w);
      if (row.isEmpty()) {
        continue;
      }
      Long g = cpu(row.get(Engine.GEOSTREAM));
      md.append("| ").append(w.id()).append(' ').append(shortTitle(w)).append(" | ")
          .append(number(g)).append(" | ")
          .append(number(cpu(row.get(Engine.SEDONA)))).append(" | ")
          .append(number(cpu(row.get(Engine.GEOMESA)))).append(" | ")
          .append(cpuRatio(g, cpu(row.get(Engine.SEDONA)))).append(" | ")
          .append(cpuRatio(g, cpu(row.get(Engine.GEOMESA)))).append(" |\n");
    }

    md.append("\n### Answers\n\n| workload | GeoStream | Sedona | GeoMesa |\n|---|---|---|---|\n");
    for (Workload w : Workloads.ALL) {
      StringBuilder line = new StringBuilder("| " + w.id() + " |");
      boolean anyRow = false;
      for (Engine e : Engine.values()) {
        Results.WorkloadResult r = find(results.get(e), w.id());
        anyRow |= r != null;
        line.append(' ').append(r == null ? "-" : r.answer() != null ? r.answer().toString() : r.status()).append(" |");
      }
      if (anyRow) {
        md.append(line).append('\n');
      }
    }

    md.append("\n### Notes\n\n");
    if (notes.isEmpty()) {
      md.append("- None: every answer is identical across engines, and no run failed.\n");
    }
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }

    md.append("\n### Queries\n\n");
    for (Workload w : Workloads.ALL) {
      Set<String> variants = new LinkedHashSet<>();
      for (Engine e : Engine.values()) {
        Results.WorkloadResult r = find(results.get(e), w.id());
        if (r != null) {
          variants.add(r.sql());
        }
      }
      if (variants.isEmpty()) {
        continue;
      }
      md.append("- **").append(w.id()).append("** ").append(w.title()).append('\n');
      for (Engine e : Engine.values()) {
        Results.WorkloadResult r = find(results.get(e), w.id());
        if (r != null && (variants.size() > 1 || e == firstPresent(results))) {
          md.append("  - ").append(variants.size() > 1 ? e.displayName() + ": " : "")
              .append('`').append(r.sql()).append("`\n");
        }
      }
    }
    return md.toString();
  }

  private static Engine firstPresent(Map<Engine, Results.EngineResult> results) {
    return results.keySet().iterator().next();
  }

  private static Results.WorkloadResult find(Results.EngineResult r, String id) {
    return r == null ? null : r.workloads().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
  }

  /** True when every engine built the same inputs with the same settings; adds a note when not. */
  private static boolean checkSameData(Map<Engine, Results.EngineResult> results, List<String> notes) {
    boolean same = true;
    Results.EngineResult first = null;
    for (Results.EngineResult r : results.values()) {
      if (first == null) {
        first = r;
      } else if (!Objects.equals(first.data(), r.data()) || !Objects.equals(first.options(), r.options())) {
        notes.add("INPUTS DIFFER: " + first.engine() + " " + first.data() + " " + first.options()
            + " vs " + r.engine() + " " + r.data() + " " + r.options());
        same = false;
      }
    }
    return same;
  }

  private static String shortTitle(Workload w) {
    int colon = w.title().indexOf(':');
    return colon < 0 ? w.title() : w.title().substring(0, colon);
  }

  private static String cell(Results.WorkloadResult r) {
    if (r == null) {
      return "-";
    }
    if (r.medianMs() != null) {
      return String.format(Locale.ROOT, "%,d", r.medianMs());
    }
    return r.status();
  }

  private static Long cpu(Results.WorkloadResult r) {
    return r == null ? null : r.medianCpuMs();
  }

  private static String number(Long ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%,d", ms);
  }

  private static String cpuRatio(Long geo, Long peer) {
    return geo == null || peer == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", peer / (double) Math.max(1, geo));
  }

  /** Peer median over GeoStream median; a lower bound when the peer timed out. */
  private static String ratio(Results.WorkloadResult geo, Results.WorkloadResult peer, Results.BenchOptionsView o) {
    if (geo == null || peer == null || geo.medianMs() == null) {
      return "n/a";
    }
    double g = Math.max(1, geo.medianMs());
    if (peer.medianMs() != null) {
      return String.format(Locale.ROOT, "%.2fx", peer.medianMs() / g);
    }
    if ("timeout".equals(peer.status())) {
      return String.format(Locale.ROOT, "> %.0fx", o.timeoutMs() / g);
    }
    return "n/a";
  }

  private static String agreement(Workload w, Map<Engine, Results.WorkloadResult> row, long points, List<String> notes) {
    List<Engine> answered = new ArrayList<>();
    row.forEach((e, r) -> {
      if (r.answer() != null) {
        answered.add(e);
      }
    });
    if (answered.size() < 2) {
      return answered.isEmpty() ? "no answers" : "only " + answered.get(0).displayName() + " answered";
    }
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < answered.size(); i++) {
      for (int j = i + 1; j < answered.size(); j++) {
        Engine a = answered.get(i);
        Engine b = answered.get(j);
        List<String> d = w.differences(row.get(a).answer(), row.get(b).answer(), points);
        if (!d.isEmpty()) {
          diffs.add(a.displayName() + " vs " + b.displayName());
          notes.add(w.id() + " DISAGREE " + a.displayName() + " vs " + b.displayName() + ": " + String.join("; ", d));
        }
      }
    }
    for (int j = 1; j < answered.size(); j++) {
      List<String> near = w.nearDifferences(row.get(answered.get(0)).answer(), row.get(answered.get(j)).answer(), points);
      if (!near.isEmpty()) {
        notes.add(w.id() + " answers agree within tolerance, " + answered.get(0).displayName() + " vs "
            + answered.get(j).displayName() + ": " + String.join("; ", near));
      }
    }
    String who = answered.size() == Engine.values().length ? "" : " (" + answered.size() + " engines)";
    return diffs.isEmpty() ? "yes" + who : "NO: " + String.join(", ", diffs);
  }

  /** Each engine's result for workload {@code w}, for engines that ran it. */
  private static Map<Engine, Results.WorkloadResult> row(Map<Engine, Results.EngineResult> results, Workload w) {
    Map<Engine, Results.WorkloadResult> row = new EnumMap<>(Engine.class);
    results.forEach((e, r) -> r.workloads().stream().filter(x -> x.id().equals(w.id())).findFirst()
        .ifPresent(x -> row.put(e, x)));
    return row;
  }
}
