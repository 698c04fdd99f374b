package org.geostream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code join-geostream.json} and {@code join-sedona.json}, checks that the inputs and every
 * answer are identical, and renders the comparison as Markdown: printed, and written to
 * {@code <results>/join-latest.md}. Ratios are {@code Sedona median / GeoStream median}: above 1,
 * GeoStream is faster.
 *
 * <p>Arguments: {@code RESULTS_DIR}.
 */
public final class JoinReport {
  private JoinReport() {}

  /** The speed GeoStream is to reach on each workload, as a multiple of Sedona's. */
  static final double TARGET = 1.2;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Cannot report: expected one argument, the results directory");
    }
    Path dir = Path.of(args[0]);
    Path gs = dir.resolve("join-geostream.json");
    Path sd = dir.resolve("join-sedona.json");
    if (!Files.exists(gs) || !Files.exists(sd)) {
      throw new IllegalStateException("Cannot report: " + (Files.exists(gs) ? sd : gs) + " is missing (its JVM failed or was not run)");
    }
    ZonedDateTime ran = ZonedDateTime.ofInstant(Files.getLastModifiedTime(sd).toInstant(), ZoneOffset.UTC);
    String md = render(JoinResults.read(gs), JoinResults.read(sd), ran);
    Files.writeString(dir.resolve("join-latest.md"), md);
    System.out.print(md);
  }

  /** The Markdown report of the two engines' results, the run having finished at {@code finished}. */
  static String render(JoinResults.EngineResult g, JoinResults.EngineResult s, ZonedDateTime finished) {
    StringBuilder md = new StringBuilder();
    List<String> notes = new ArrayList<>();
    Map<String, Object> o = g.options();
    md.append("# Spatial joins: GeoStream vs Apache Sedona\n\n");
    md.append("Run finished ").append(finished.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `benchmarks/join.sh`: Spark ").append(g.sparkVersion()).append(' ').append(o.get("master"))
        .append(", ").append(o.get("partitions")).append(" partitions, Java ").append(g.java()).append(", ")
        .append(g.cores()).append(" cores, one JVM per engine (max heap ").append(o.get("maxMemoryMb")).append(" MB).\n\n");
    md.append(String.format(Locale.ROOT, "Data: J1 points %s against the 241 countries (%s vertices); J2 two sets of "
            + "%,d points, distance %s; J3 two sets of %,d polygons of %s vertices, radius up to %s. ",
        o.get("points"), g.data().get("country_vertices"), ((Number) o.get("pairPoints")).longValue(), o.get("distance"),
        ((Number) o.get("polygons")).longValue(), o.get("vertices"), o.get("radius")));
    boolean sameData = Objects.equals(g.data(), s.data());
    md.append("Inputs identical in both engines: ").append(sameData ? "yes" : "NO").append(".\n\n");
    if (!sameData) {
      notes.add("Input checksums differ: GeoStream " + g.data() + ", Sedona " + s.data());
    }
    md.append(String.format(Locale.ROOT, "Timing: median of up to %s timed runs after %s warm-up run(s), a new Dataset "
        + "per run, the inputs cached before timing; no timed run starts after %s s of them, and a warm-up run longer "
        + "than that is the only timed run.%n%n", o.get("runs"), o.get("warmups"), ((Number) o.get("budgetMs")).longValue() / 1000));
    md.append("- GeoStream ").append(g.engineVersion()).append(" (").append(g.engineJar()).append(")\n");
    md.append("- Apache Sedona ").append(s.engineVersion()).append(" (").append(s.engineJar()).append(")\n\n");

    md.append("| workload | size | GeoStream ms | Sedona ms | GeoStream/Sedona | GeoStream CPU ms | Sedona CPU ms | CPU ratio | target 1.2x | answers identical |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    @SuppressWarnings("unchecked")
    List<String> invalid = (List<String>) g.data().getOrDefault("invalid_countries", List.of());
    for (JoinResults.WorkloadResult w : g.workloads()) {
      JoinResults.WorkloadResult p = find(s, w.id(), w.size());
      Double ratio = ratio(p == null ? null : p.medianMs(), w.medianMs());
      Double cpuRatio = ratio(p == null ? null : p.medianCpuMs(), w.medianCpuMs());
      boolean ran = p != null && "ok".equals(w.status()) && "ok".equals(p.status());
      String same;
      if (!ran) {
        same = "NO";
        notes.add(w.id() + " " + w.size() + ": a run failed: GeoStream " + summary(w) + ", Sedona "
            + (p == null ? "not run" : summary(p)));
      } else if (Objects.equals(w.answer(), p.answer())) {
        same = "yes";
      } else if (w.answer() instanceof Map<?, ?> gm && p.answer() instanceof Map<?, ?> sm) {
        List<String> differing = new ArrayList<>();
        for (Object k : new java.util.TreeSet<Object>(union(gm.keySet(), sm.keySet()))) {
          if (!Objects.equals(gm.get(k), sm.get(k))) {
            differing.add(k + " " + gm.get(k) + " vs " + sm.get(k));
          }
        }
        boolean onlyInvalid = differing.stream().allMatch(d -> invalid.stream().anyMatch(d::startsWith));
        same = onlyInvalid ? "yes for the " + (countries(gm, sm) - invalidCount(invalid, gm, sm))
            + " valid countries with points; not for invalid ones" : "NO";
        notes.add(w.id() + " " + w.size() + ": counts differ for " + String.join("; ", differing) + " (GeoStream vs Sedona)"
            + (onlyInvalid ? ": invalid polygons only, see above" : ""));
      } else {
        same = "NO";
        notes.add(w.id() + " " + w.size() + ": answers differ: GeoStream " + summary(w) + ", Sedona " + summary(p));
      }
      md.append("| ").append(title(w.id())).append(" | ").append(w.size()).append(" | ").append(ms(w.medianMs()))
          .append(" | ").append(p == null ? "-" : ms(p.medianMs())).append(" | ").append(times(ratio))
          .append(" | ").append(ms(w.medianCpuMs())).append(" | ").append(p == null ? "-" : ms(p.medianCpuMs()))
          .append(" | ").append(times(cpuRatio)).append(" | ").append(ratio == null ? "-" : ratio >= TARGET ? "met" : "NOT met")
          .append(" | ").append(same).append(" |\n");
    }
    md.append("\nGeoStream/Sedona = Sedona's median wall time / GeoStream's; CPU ratio the same for the task CPU time "
        + "(executor CPU of the query's tasks, less disturbed by other processes, leaving out the driver).\n\n");
    if (!invalid.isEmpty()) {
      md.append("Invalid country polygons (JTS IsValidOp, in both engines): ").append(String.join(", ", invalid))
          .append(". On these the two engines' `ST_Contains` disagree by design: GeoStream answers what its SQL function "
              + "answers for the pair (JTS RelateNG, which locates a point polygon by polygon, ring by ring: the first "
              + "polygon that holds it or has it on a ring decides), Sedona's join what a JTS prepared geometry answers "
              + "(one crossing count over all rings together). The Natural Earth Antarctica is a degenerate shell along latitude -89.999 with the "
              + "continent as its hole, and parts of Russia and Fiji overlap across the antimeridian, so the two readings "
              + "differ there; on valid polygons they are the same.\n\n");
    }
    md.append("### Answers\n\n| workload | size | GeoStream | Sedona |\n|---|---|---|---|\n");
    for (JoinResults.WorkloadResult w : g.workloads()) {
      JoinResults.WorkloadResult p = find(s, w.id(), w.size());
      md.append("| ").append(w.id()).append(" | ").append(w.size()).append(" | ").append(answerSummary(w.answer()))
          .append(" | ").append(p == null ? "-" : answerSummary(p.answer())).append(" |\n");
    }
    md.append("\n### Joins chosen\n\n");
    for (JoinResults.WorkloadResult w : g.workloads()) {
      JoinResults.WorkloadResult p = find(s, w.id(), w.size());
      md.append("- ").append(w.id()).append(" ").append(w.size()).append(": GeoStream `").append(w.join())
          .append("`; Sedona `").append(p == null ? "-" : p.join()).append("`\n");
    }
    md.append("\n### Load\n\n- GeoStream: 1-minute load average ").append(g.loadAverages()).append('\n')
        .append("- Sedona: 1-minute load average ").append(s.loadAverages()).append('\n');
    for (JoinResults.EngineResult r : List.of(g, s)) {
      double max = r.loadAverages().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if (max > r.cores() + 1) {
        notes.add(r.engine() + " ran while other processes competed for the CPU (load up to " + max + " on " + r.cores()
            + " cores): its wall times are less reliable, compare CPU times.");
      }
    }
    md.append("\n### Queries\n\n");
    for (JoinResults.WorkloadResult w : g.workloads()) {
      if (find(g, w.id(), null) == w) {
        md.append("- **").append(w.id()).append("** `").append(w.sql()).append("`\n");
      }
    }
    if (!notes.isEmpty()) {
      md.append("\n### Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  private static java.util.Set<Object> union(java.util.Set<?> a, java.util.Set<?> b) {
    java.util.Set<Object> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** Countries with points in either engine's answer. */
  private static int countries(Map<?, ?> a, Map<?, ?> b) {
    return union(a.keySet(), b.keySet()).size();
  }

  private static int invalidCount(List<String> invalid, Map<?, ?> a, Map<?, ?> b) {
    int n = 0;
    for (String name : invalid) {
      n += a.containsKey(name) || b.containsKey(name) ? 1 : 0;
    }
    return n;
  }

  private static JoinResults.WorkloadResult find(JoinResults.EngineResult r, String id, String size) {
    for (JoinResults.WorkloadResult w : r.workloads()) {
      if (w.id().equals(id) && (size == null || w.size().equals(size))) {
        return w;
      }
    }
    return null;
  }

  private static String title(String id) {
    return switch (id) {
      case "J1" -> "J1 points in countries, count per country";
      case "J2" -> "J2 points within a distance of points";
      case "J3" -> "J3 intersecting polygons";
      default -> id;
    };
  }

  private static String summary(JoinResults.WorkloadResult w) {
    return w.status() + (w.error() != null ? " (" + w.error() + ")" : "") + " " + answerSummary(w.answer());
  }

  private static String answerSummary(Object answer) {
    if (answer instanceof Map<?, ?> m) {
      long total = 0;
      for (Object v : m.values()) {
        total += ((Number) v).longValue();
      }
      return String.format(Locale.ROOT, "%d countries with points, %,d points in a country", m.size(), total);
    }
    return answer instanceof Number n ? String.format(Locale.ROOT, "%,d pairs", n.longValue()) : String.valueOf(answer);
  }

  private static Double ratio(Long peer, Long ours) {
    return peer == null || ours == null || ours <= 0 ? null : (double) peer / ours;
  }

  private static String ms(Long v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%,d", v);
  }

  private static String times(Double r) {
    return r == null ? "-" : String.format(Locale.ROOT, "%.2fx", r);
  }
}
