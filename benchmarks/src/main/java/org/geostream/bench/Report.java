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
        .append(" with `benchmarks/run.sh`. ")
        .append(String.format(Locale.ROOT, "%,d points, %,d WKT polygons, W3 literal %s (%,d vertices); ",
            o.points(), o.wktRows(), o.containsCountry(), o.containsVertices()))
        .append("Spark ").append(any.sparkVersion()).append(' ').append(o.master())
        .append(", ").append(o.partitions()).append(" partitions, Java ").append(any.java())
        .append(", ").append(any.cores()).append(" cores; one JVM per engine. ")
        .append("Median of up to ").append(o.runs()).append(" timed runs after ").append(o.warmups())
        .append(" warm-up run(s), a new Dataset per run.\n\n");
    md.append("Engines: ");
    List<String> names = new ArrayList<>();
    for (Engine e : Engine.values()) {
      Results.EngineResult r = results.get(e);
      names.add(e.displayName() + " " + (r == null ? "(missing: no result file)" : r.engineVersion()));
      if (r == null) {
        notes.add(e.displayName() + ": no result file; its JVM failed or was not run (see its log).");
      }
    }
    md.append(String.join(", ", names)).append(".\n\n");
    checkSameData(results, notes);

    md.append("| workload | GeoStream ms | Sedona ms | GeoMesa ms | GeoStream/Sedona throughput | GeoStream/GeoMesa throughput | answers agree |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Workload w : Workloads.ALL) {
      Map<Engine, Results.WorkloadResult> row = new EnumMap<>(Engine.class);
      results.forEach((e, r) -> r.workloads().stream().filter(x -> x.id().equals(w.id())).findFirst()
          .ifPresent(x -> row.put(e, x)));
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
      md.append("- Inputs identical in every engine, all answers agree, no failures.\n");
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

  private static void checkSameData(Map<Engine, Results.EngineResult> results, List<String> notes) {
    Results.EngineResult first = null;
    for (Results.EngineResult r : results.values()) {
      if (first == null) {
        first = r;
      } else if (!Objects.equals(first.data(), r.data()) || !Objects.equals(first.options(), r.options())) {
        notes.add("INPUTS DIFFER: " + first.engine() + " " + first.data() + " " + first.options()
            + " vs " + r.engine() + " " + r.data() + " " + r.options());
      }
    }
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
    String who = answered.size() == Engine.values().length ? "" : " (" + answered.size() + " engines)";
    return diffs.isEmpty() ? "yes" + who : "NO: " + String.join(", ", diffs);
  }
}
