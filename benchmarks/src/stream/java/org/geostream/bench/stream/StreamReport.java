package org.geostream.bench.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code stream-plain.json}, {@code stream-geostream.json} and {@code stream-sedona.json} and the
 * answer files they name, checks that GeoStream and Sedona wrote the same windows with the same counts and
 * averages, equal to the single-thread program's, and prints the table (also written to
 * {@code stream-latest.md}). Exits with status 1 when answers disagree or a file is missing.
 *
 * <p>Windows compared: those ending at or before the lower of the two engines' final watermarks (both
 * engines write a window once the watermark passes its end; the plain program knows every window). Counts
 * must be equal; averages equal within a relative 1e-9 (each engine adds the speeds in its own order).
 */
public final class StreamReport {
  private StreamReport() {}

  static final double TOLERANCE = 1e-9;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "results");
    Map<String, StreamResults.Run> runs = new HashMap<>();
    for (String e : List.of("plain", "geostream", "sedona")) {
      Path f = dir.resolve("stream-" + e + ".json");
      if (Files.isRegularFile(f)) {
        runs.put(e, StreamResults.read(f));
      }
    }
    StreamResults.Run g = runs.get("geostream");
    StreamResults.Run s = runs.get("sedona");
    StreamResults.Run p = runs.get("plain");
    StringBuilder md = new StringBuilder();
    boolean ok = g != null && s != null && p != null;
    StreamResults.Run any = g != null ? g : s != null ? s : p;
    if (any == null) {
      System.err.println("Cannot report: no stream-*.json in " + dir);
      System.exit(1);
    }
    StreamOptions o = any.settings();
    boolean same = true;
    for (StreamResults.Run r : runs.values()) {
      if (!sameJob(r.settings(), o)) {
        md.append("- Not comparable: ").append(r.engine()).append(" ran with other settings (").append(r.settings())
            .append(") than ").append(any.engine()).append(" (").append(o).append("): run all engines with the "
            + "same options.\n\n");
        same = false;
        ok = false;
      }
    }
    md.append("# Stream benchmark: GeoStream vs Apache Sedona vs the single-thread limit\n\n");
    md.append(String.format(Locale.ROOT, "Reported %s. %,d vehicle reports in %d CSV files, %d files per "
        + "micro-batch (%,d events per batch); key %s; count + avg(speed) per cell over %d-minute windows sliding "
        + "every %d minute(s), and tumbling %d-minute windows; watermark %d s; Spark `%s`, %d state partitions, "
        + "%d cores.%n%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), o.events(), o.files(),
        o.filesPerTrigger(), o.events() * o.filesPerTrigger() / o.files(), o.key(), o.windowMs() / 60000,
        o.slideMs() / 60000, o.windowMs() / 60000, o.watermarkMs() / 1000, o.master(), o.partitions(),
        any.cores()));
    md.append("| mode | GeoStream events/s | Sedona events/s | GeoStream / Sedona | single-thread limit events/s "
        + "| GeoStream events/s per core | per core / limit | answers agree |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    StringBuilder cpu = new StringBuilder();
    cpu.append("| mode | GeoStream events per CPU-second | Sedona events per CPU-second | GeoStream / Sedona "
        + "| limit events per CPU-second | GeoStream / limit |\n|---|---:|---:|---:|---:|---:|\n");
    List<String> notes = new ArrayList<>();
    for (String mode : o.modes()) {
      StreamResults.ModeRun gm = mode(g, mode);
      StreamResults.ModeRun sm = mode(s, mode);
      StreamResults.ModeRun pm = mode(p, mode);
      double target = mode.equals("sliding") ? 3.0 : 1.5;
      String ratio = gm != null && sm != null ? String.format(Locale.ROOT, "%.2fx (target %.1fx: %s)",
          gm.eventsPerSecond() / sm.eventsPerSecond(), target,
          gm.eventsPerSecond() / sm.eventsPerSecond() >= target ? "met" : "missed") : "-";
      double perCore = gm == null ? 0 : gm.eventsPerSecond() / g.threads();
      String share = gm != null && pm != null ? String.format(Locale.ROOT, "%.0f%% (target 25%%: %s)",
          100 * perCore / pm.eventsPerSecond(), perCore / pm.eventsPerSecond() >= 0.25 ? "met" : "missed") : "-";
      String agree = "-";
      if (gm != null && sm != null && pm != null && same) {
        List<String> problems = compare(o, mode, gm, sm, pm, notes);
        agree = problems.isEmpty() ? "yes" : "NO";
        ok &= problems.isEmpty();
        notes.addAll(problems);
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", mode, rate(gm), rate(sm),
          ratio, rate(pm), gm == null ? "-" : String.format(Locale.ROOT, "%,.0f", perCore), share, agree));
      cpu.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", mode, cpuRate(gm), cpuRate(sm),
          gm != null && sm != null ? String.format(Locale.ROOT, "%.2fx", gm.eventsPerCpuSecond()
              / sm.eventsPerCpuSecond()) : "-", cpuRate(pm),
          gm != null && pm != null ? String.format(Locale.ROOT, "%.0f%%", 100 * gm.eventsPerCpuSecond()
              / pm.eventsPerCpuSecond()) : "-"));
    }
    md.append("\nEvents/s: all events divided by the time from starting the query to the end of the micro-batch "
        + "that read the last file (query start-up and every batch included). Per core: GeoStream's events/s "
        + "divided by Spark's local threads. The limit: one thread, no Spark (fastest of its passes).\n\n"
        + "The same runs by CPU time: events per second of CPU time of the whole JVM (all threads: tasks, "
        + "driver, GC, JIT; over the same interval). Other processes on a shared machine disturb it much less "
        + "than wall time, and it answers \"per core\" directly.\n\n");
    md.append(cpu).append('\n');
    md.append("| mode | engine | wall ms | CPU ms | batches with input | events/s after the first batch "
        + "| slowest batch ms | windows written | final watermark |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (String mode : o.modes()) {
      for (StreamResults.Run r : new StreamResults.Run[] {g, s}) {
        StreamResults.ModeRun m = mode(r, mode);
        if (m == null) {
          continue;
        }
        long data = m.batches().stream().filter(b -> b[1] > 0).count();
        long slowest = m.batches().stream().mapToLong(b -> b[2]).max().orElse(0);
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %,.0f | %,d | %,d | %s |%n", mode,
            r.engine(), m.wallMs(), m.cpuMs(), data, m.steadyEventsPerSecond(), slowest, m.windows(),
            Instant.ofEpochMilli(m.finalWatermarkMs())));
      }
    }
    md.append("\n");
    for (StreamResults.Run r : new StreamResults.Run[] {g, s, p}) {
      if (r != null) {
        md.append(String.format(Locale.ROOT, "- %s: %s; Java %s; %d thread(s); 1-minute load average %s (at start, "
            + "then after each mode)%n", r.engine(), r.version(), r.java(), r.threads(), r.loadAverages()));
        for (StreamResults.ModeRun m : r.modes()) {
          if (m.note() != null && !m.note().isBlank()) {
            md.append("  - ").append(m.mode()).append(": ").append(m.note()).append('\n');
          }
        }
      }
    }
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }
    if (!ok) {
      md.append("- Incomplete or disagreeing results: see the lines above.\n");
    }
    Files.writeString(dir.resolve("stream-latest.md"), md.toString());
    System.out.print(md);
    System.exit(ok ? 0 : 1);
  }

  /** Whether two runs measured the same job on the same data. */
  private static boolean sameJob(StreamOptions a, StreamOptions b) {
    return a.events() == b.events() && a.vehicles() == b.vehicles() && a.sampleMs() == b.sampleMs()
        && a.files() == b.files() && a.filesPerTrigger() == b.filesPerTrigger() && a.key().equals(b.key())
        && a.windowMs() == b.windowMs() && a.slideMs() == b.slideMs() && a.watermarkMs() == b.watermarkMs()
        && a.seed() == b.seed() && a.modes().equals(b.modes());
  }

  private static String cpuRate(StreamResults.ModeRun m) {
    return m == null || m.cpuMs() <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", m.eventsPerCpuSecond());
  }

  private static String rate(StreamResults.ModeRun m) {
    return m == null ? "-" : String.format(Locale.ROOT, "%,.0f", m.eventsPerSecond());
  }

  private static StreamResults.ModeRun mode(StreamResults.Run r, String mode) {
    if (r == null) {
      return null;
    }
    return r.modes().stream().filter(m -> m.mode().equals(mode)).findFirst().orElse(null);
  }

  /** Problems found comparing the engines' windows with each other and with the plain program's. */
  private static List<String> compare(StreamOptions o, String mode, StreamResults.ModeRun gm, StreamResults.ModeRun sm,
      StreamResults.ModeRun pm, List<String> notes) throws Exception {
    List<String> problems = new ArrayList<>();
    long wm = Math.min(gm.finalWatermarkMs(), sm.finalWatermarkMs());
    Map<String, StreamResults.Answer> gs = closed(StreamResults.readAnswers(Path.of(gm.answers())), o, wm, "GeoStream "
        + mode, problems);
    Map<String, StreamResults.Answer> ss = closed(StreamResults.readAnswers(Path.of(sm.answers())), o, wm, "Sedona "
        + mode, problems);
    Map<String, StreamResults.Answer> ps = closed(StreamResults.readAnswers(Path.of(pm.answers())), o, wm, "plain "
        + mode, problems);
    long events = 0;
    for (StreamResults.Answer a : ps.values()) {
      events += a.count();
    }
    for (String[] pair : new String[][] {{"GeoStream", "Sedona"}, {"GeoStream", "plain"}, {"Sedona", "plain"}}) {
      Map<String, StreamResults.Answer> a = pair[0].equals("GeoStream") ? gs : ss;
      Map<String, StreamResults.Answer> b = pair[1].equals("Sedona") ? ss : ps;
      int shown = 0;
      for (String k : union(a, b)) {
        StreamResults.Answer x = a.get(k);
        StreamResults.Answer y = b.get(k);
        String why = x == null ? "missing in " + pair[0] : y == null ? "missing in " + pair[1]
            : x.count() != y.count() ? "count " + x.count() + " vs " + y.count()
            : Math.abs(x.avg() - y.avg()) > TOLERANCE * Math.abs(y.avg()) ? "avg " + x.avg() + " vs " + y.avg() : null;
        if (why != null && shown++ < 5) {
          problems.add(String.format("%s: %s vs %s differ at window %s: %s", mode, pair[0], pair[1], k, why));
        }
      }
    }
    notes.add(String.format(Locale.ROOT, "%s: compared %,d windows (ending at or before %s, the lower final watermark;"
        + " %,d of their window memberships), GeoStream wrote %,d windows, Sedona %,d.", mode, gs.size(),
        Instant.ofEpochMilli(wm), events, gm.windows(), sm.windows()));
    return problems;
  }

  private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
    java.util.TreeSet<String> u = new java.util.TreeSet<>(a.keySet());
    u.addAll(b.keySet());
    return new ArrayList<>(u);
  }

  /** The answers of windows ending at or before {@code wm}, by "start cell"; a window twice is a problem. */
  private static Map<String, StreamResults.Answer> closed(List<StreamResults.Answer> answers, StreamOptions o, long wm,
      String who, List<String> problems) {
    Map<String, StreamResults.Answer> m = new HashMap<>();
    for (StreamResults.Answer a : answers) {
      if (a.start() + o.windowMs() > wm) {
        continue;
      }
      String k = Instant.ofEpochMilli(a.start()) + " " + a.cell();
      if (m.put(k, a) != null) {
        problems.add(who + ": window " + k + " written twice");
      }
    }
    return m;
  }
}
